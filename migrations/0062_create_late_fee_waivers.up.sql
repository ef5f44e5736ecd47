-- Waivers of late fees (R-TERM-4, force majeure): finance requests, the finance head approves or
-- rejects. The approved amounts of an invoice never exceed its accrued fees (checked under the
-- customer's row lock when approving).
CREATE TABLE late_fee_waivers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  reason VARCHAR(2000) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by BIGINT NOT NULL,
  decided_by BIGINT NULL,
  decision_comment VARCHAR(2000) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY late_fee_waivers_invoice (invoice_id, id),
  KEY late_fee_waivers_customer (customer_id, id),
  CONSTRAINT late_fee_waivers_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT late_fee_waivers_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT late_fee_waivers_requested_by_fk FOREIGN KEY (requested_by) REFERENCES users (id),
  CONSTRAINT late_fee_waivers_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
