DROP TABLE late_fee_accruals;
