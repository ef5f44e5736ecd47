ALTER TABLE statements DROP COLUMN settled_in_kind_fen;
