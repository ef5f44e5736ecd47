-- Credit applications (R-CREDIT-1, issue 4). pre_review_json is the model's pre-review at
-- submission (huikuan.v1.CustomerAssessment as JSON: score, grade, recommended limit and term,
-- reasons); required_approvers the roles that must all approve ("finance_head,investment_head"),
-- fixed at submission so a later change of the chain does not move running applications.
CREATE TABLE credit_applications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  requested_limit_fen BIGINT NOT NULL CHECK (requested_limit_fen >= 0),
  requested_term_days INT NOT NULL CHECK (requested_term_days >= 0),
  status VARCHAR(16) NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'approved', 'rejected', 'withdrawn')),
  pre_review_json LONGTEXT NOT NULL,
  required_approvers VARCHAR(200) NOT NULL,
  comment VARCHAR(2000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- Set when the application is approved or rejected.
  decide_time TIMESTAMP(6) NULL,
  version BIGINT NOT NULL DEFAULT 1,
  KEY credit_applications_customer (customer_id, id),
  KEY credit_applications_status (status, id),
  CONSTRAINT credit_applications_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT credit_applications_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
