-- Legal cases (issue 9): lawyer letter -> filed -> judgment -> enforcement -> closed
-- (core/legal_case.h), about some invoices of one customer (legal_case_invoices). While a case is
-- open the customer is in litigation (customers.credit_status).
CREATE TABLE legal_cases (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  stage VARCHAR(16) NOT NULL
    CHECK (stage IN ('lawyer_letter', 'filed', 'judgment', 'enforcement', 'closed')),
  title VARCHAR(200) NOT NULL,
  -- The court's or arbitration body's case number, once there is one.
  court_case_number VARCHAR(100) NOT NULL DEFAULT '',
  claim_fen BIGINT NOT NULL CHECK (claim_fen >= 0),
  opened_date DATE NOT NULL,
  stage_date DATE NOT NULL,
  closed_date DATE NULL,
  opened_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  KEY legal_cases_customer (customer_id, id),
  KEY legal_cases_stage (stage, id),
  CONSTRAINT legal_cases_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT legal_cases_opened_by_fk FOREIGN KEY (opened_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
