ALTER TABLE statements DROP COLUMN discounted_fen;
