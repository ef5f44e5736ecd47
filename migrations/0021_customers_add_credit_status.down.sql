ALTER TABLE customers DROP COLUMN credit_status;
