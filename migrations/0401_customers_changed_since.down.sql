ALTER TABLE customers DROP INDEX customers_changed_since;
