-- Non-cash settlements (issue 9, goods for debt, 以货抵债): the part of an invoice cleared by goods
-- accepted in payment. The ledger invariant becomes
--   open_fen = amount_fen - (live payment allocations) - written_off_fen - settled_fen >= 0.
ALTER TABLE invoices ADD COLUMN settled_fen BIGINT NOT NULL DEFAULT 0 CHECK (settled_fen >= 0);
