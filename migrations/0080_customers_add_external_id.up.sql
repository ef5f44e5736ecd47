-- The customer's key in another system (ERP, CRM, the IBM sample's customerID): CSV imports and
-- exports name customers by it. NULL for customers that came from no other system; unique when set.
ALTER TABLE customers
  ADD COLUMN external_id VARCHAR(64) NULL,
  ADD UNIQUE KEY customers_external_id (external_id);
