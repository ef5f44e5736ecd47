-- Disputes of invoices raised on a statement and their resolution (the evidence besides the audit
-- trail). An invoice has at most one unresolved dispute: its status is 'disputed' meanwhile.
CREATE TABLE invoice_disputes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  statement_id BIGINT NOT NULL,
  reason VARCHAR(2000) NOT NULL,
  user_id BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  resolution VARCHAR(2000) NULL,
  resolved_by BIGINT NULL,
  resolve_time TIMESTAMP(6) NULL,
  KEY invoice_disputes_invoice (invoice_id, id),
  CONSTRAINT invoice_disputes_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT invoice_disputes_statement_fk FOREIGN KEY (statement_id) REFERENCES statements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
