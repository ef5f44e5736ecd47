-- Cash applied from a payment to an invoice (R-PAY-1). Rows are never deleted: a reversal sets
-- `reversed` and gives the amount back to the invoice, so the history stays as evidence.
CREATE TABLE payment_allocations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payment_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  rule VARCHAR(16) NOT NULL
    CHECK (rule IN ('reference', 'exact_amount', 'oldest_first', 'manual')),
  reversed TINYINT NOT NULL DEFAULT 0,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  reverse_time TIMESTAMP(6) NULL,
  KEY payment_allocations_payment (payment_id, id),
  KEY payment_allocations_invoice (invoice_id, reversed),
  CONSTRAINT payment_allocations_payment_fk FOREIGN KEY (payment_id) REFERENCES payments (id),
  CONSTRAINT payment_allocations_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
