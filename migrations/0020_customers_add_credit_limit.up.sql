-- The credit limit in fen for the ledger's credit check (issue 4): the customer's open credit
-- exposure plus a new order's credit part may not exceed it. 0 means no credit: only fully
-- prepaid orders are accepted.
ALTER TABLE customers ADD COLUMN credit_limit_fen BIGINT NOT NULL DEFAULT 0;
