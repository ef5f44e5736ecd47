ALTER TABLE invoices DROP COLUMN discounted_fen;
