ALTER TABLE invoices DROP INDEX invoices_changed_since;
