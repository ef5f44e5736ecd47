-- Early-payment discounts honoured in a statement's month (issue 14):
-- opening + invoiced - received - written off - settled in kind - discounted = closing.
ALTER TABLE statements ADD COLUMN discounted_fen BIGINT NOT NULL DEFAULT 0;
