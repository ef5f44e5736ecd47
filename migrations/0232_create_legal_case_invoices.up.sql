-- The invoices a legal case claims, with what was open on each when the case was opened.
CREATE TABLE legal_case_invoices (
  case_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  open_fen BIGINT NOT NULL,
  PRIMARY KEY (case_id, invoice_id),
  KEY legal_case_invoices_invoice (invoice_id, case_id),
  CONSTRAINT legal_case_invoices_case_fk FOREIGN KEY (case_id) REFERENCES legal_cases (id),
  CONSTRAINT legal_case_invoices_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
