-- The invoices a promise is about, with what was open on each when it was made.
CREATE TABLE promise_invoices (
  promise_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  open_fen BIGINT NOT NULL,
  PRIMARY KEY (promise_id, invoice_id),
  KEY promise_invoices_invoice (invoice_id, promise_id),
  CONSTRAINT promise_invoices_promise_fk FOREIGN KEY (promise_id) REFERENCES promises (id),
  CONSTRAINT promise_invoices_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
