-- Late fees accrued per invoice and day (R-TERM-4). The unique key makes accrual idempotent: a
-- day is charged at most once per invoice whatever runs again. base_fen is the invoice's open
-- amount the day's fee was computed on; fees never change invoices.open_fen.
CREATE TABLE late_fee_accruals (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  accrual_date DATE NOT NULL,
  base_fen BIGINT NOT NULL CHECK (base_fen >= 0),
  fee_fen BIGINT NOT NULL CHECK (fee_fen >= 0),
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY late_fee_accruals_invoice_day (invoice_id, accrual_date),
  KEY late_fee_accruals_customer (customer_id, invoice_id),
  CONSTRAINT late_fee_accruals_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT late_fee_accruals_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
