-- Invoices (one per order). open_fen is maintained by every ledger write:
--   open_fen = amount_fen - (non-reversed payment allocations) - written_off_fen >= 0
-- (the ledger invariant in README.md). Dates are civil days in the company's time zone.
CREATE TABLE invoices (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  order_number VARCHAR(64) NOT NULL,
  invoice_number VARCHAR(64) NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  -- The part to be paid before delivery (new-customer ladder or tier prepayment).
  prepaid_fen BIGINT NOT NULL DEFAULT 0 CHECK (prepaid_fen >= 0),
  prepayment_bp INT NOT NULL DEFAULT 0,
  invoice_date DATE NOT NULL,
  due_date DATE NOT NULL,
  credit_days INT NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'paid', 'disputed', 'written_off')),
  open_fen BIGINT NOT NULL CHECK (open_fen >= 0),
  written_off_fen BIGINT NOT NULL DEFAULT 0 CHECK (written_off_fen >= 0),
  -- huikuan.v1.TermsBreakdown as JSON: how core::ComputeEffectiveTerms arrived at the terms.
  terms_breakdown LONGTEXT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY invoices_order (customer_id, order_number),
  UNIQUE KEY invoices_number (invoice_number),
  -- Open invoices of a customer (cash application, credit exposure), overdue lists.
  KEY invoices_customer_status_due (customer_id, status, due_date),
  KEY invoices_status_due (status, due_date),
  CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
