ALTER TABLE invoices DROP COLUMN settled_fen;
