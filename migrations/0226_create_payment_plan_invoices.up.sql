-- The invoices a plan restructures, with what was open on each when it was requested (their sum
-- is the plan's total_fen).
CREATE TABLE payment_plan_invoices (
  plan_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  open_fen BIGINT NOT NULL CHECK (open_fen > 0),
  PRIMARY KEY (plan_id, invoice_id),
  KEY payment_plan_invoices_invoice (invoice_id, plan_id),
  CONSTRAINT payment_plan_invoices_plan_fk FOREIGN KEY (plan_id) REFERENCES payment_plans (id),
  CONSTRAINT payment_plan_invoices_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
