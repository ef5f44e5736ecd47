-- Statements show non-cash settlements (goods for debt) dated in the month apart from cash
-- received and write-offs: opening + invoiced - received - written off - settled in kind = closing.
ALTER TABLE statements ADD COLUMN settled_in_kind_fen BIGINT NOT NULL DEFAULT 0;
