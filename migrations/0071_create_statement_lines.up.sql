-- The lines of a statement (one per invoice, in core::BuildStatement's order), frozen with it.
CREATE TABLE statement_lines (
  statement_id BIGINT NOT NULL,
  line_no INT NOT NULL,
  invoice_id BIGINT NOT NULL,
  invoice_number VARCHAR(64) NOT NULL,
  order_number VARCHAR(64) NOT NULL,
  invoice_date DATE NOT NULL,
  due_date DATE NOT NULL,
  amount_fen BIGINT NOT NULL,
  open_at_end_fen BIGINT NOT NULL,
  overdue_at_end TINYINT NOT NULL,
  reminder_text VARCHAR(500) NOT NULL DEFAULT '',
  PRIMARY KEY (statement_id, line_no),
  KEY statement_lines_invoice (invoice_id),
  CONSTRAINT statement_lines_statement_fk FOREIGN KEY (statement_id) REFERENCES statements (id),
  CONSTRAINT statement_lines_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
