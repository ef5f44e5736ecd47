-- Bad-debt write-offs (issue 4): finance requests, a management head approves or rejects. An
-- approved write-off has been added to invoices.written_off_fen and taken off open_fen in the
-- same transaction; requested and rejected ones change nothing on the invoice.
CREATE TABLE write_offs (
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
  KEY write_offs_invoice (invoice_id, id),
  KEY write_offs_customer (customer_id, id),
  CONSTRAINT write_offs_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT write_offs_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT write_offs_requested_by_fk FOREIGN KEY (requested_by) REFERENCES users (id),
  CONSTRAINT write_offs_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
