ALTER TABLE customers DROP COLUMN contact_address;
