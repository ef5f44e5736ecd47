-- Credit status: a customer on hold or in litigation gets no new invoices (R-WARN-4, issue 4).
ALTER TABLE customers ADD COLUMN credit_status VARCHAR(16) NOT NULL DEFAULT 'active'
  CHECK (credit_status IN ('active', 'on_hold', 'in_litigation'));
