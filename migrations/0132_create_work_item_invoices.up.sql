-- The invoices a work item is about, with what was open on them when it was created.
CREATE TABLE work_item_invoices (
  work_item_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  open_fen BIGINT NOT NULL,
  PRIMARY KEY (work_item_id, invoice_id),
  KEY work_item_invoices_invoice (invoice_id, work_item_id),
  CONSTRAINT work_item_invoices_item_fk FOREIGN KEY (work_item_id) REFERENCES work_items (id),
  CONSTRAINT work_item_invoices_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
