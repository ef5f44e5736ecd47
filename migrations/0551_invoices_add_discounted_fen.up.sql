-- Early-payment discounts honoured by cash application (issue 14, R-DISC-2): the part of an
-- invoice cleared by a discount the customer earned by paying early, its own ledger entry beside
-- cash, write-offs and settlements. The ledger invariant becomes
--   open_fen = amount_fen - (live payment allocations) - written_off_fen - settled_fen
--              - discounted_fen >= 0.
ALTER TABLE invoices ADD COLUMN discounted_fen BIGINT NOT NULL DEFAULT 0 CHECK (discounted_fen >= 0);
