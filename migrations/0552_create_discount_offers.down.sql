DROP TABLE discount_offers;
