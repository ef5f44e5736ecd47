ALTER TABLE customers
  DROP INDEX customers_external_id,
  DROP COLUMN external_id;
