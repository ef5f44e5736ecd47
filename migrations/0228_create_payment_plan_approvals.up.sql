-- One decision per required role on a plan (core::RecordApproverDecision's quorum).
CREATE TABLE payment_plan_approvals (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  approver_role VARCHAR(32) NOT NULL,
  approver_user_id BIGINT NOT NULL,
  approve TINYINT NOT NULL,
  comment VARCHAR(2000) NOT NULL DEFAULT '',
  decide_time TIMESTAMP(6) NOT NULL,
  UNIQUE KEY payment_plan_approvals_role (plan_id, approver_role),
  CONSTRAINT payment_plan_approvals_plan_fk FOREIGN KEY (plan_id) REFERENCES payment_plans (id),
  CONSTRAINT payment_plan_approvals_user_fk FOREIGN KEY (approver_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
