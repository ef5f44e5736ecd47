DROP TABLE late_fee_waivers;
