ALTER TABLE customers DROP COLUMN credit_limit_fen;
