-- One decision per required approver role of a credit application (R-CREDIT-1): the unique key
-- makes a second decision for the same role impossible even under concurrent calls.
CREATE TABLE credit_approvals (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id BIGINT NOT NULL,
  approver_user_id BIGINT NOT NULL,
  approver_role VARCHAR(32) NOT NULL,
  decision VARCHAR(8) NOT NULL CHECK (decision IN ('approve', 'reject')),
  comment VARCHAR(2000) NOT NULL DEFAULT '',
  decide_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY credit_approvals_role (application_id, approver_role),
  CONSTRAINT credit_approvals_application_fk FOREIGN KEY (application_id)
    REFERENCES credit_applications (id),
  CONSTRAINT credit_approvals_user_fk FOREIGN KEY (approver_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
