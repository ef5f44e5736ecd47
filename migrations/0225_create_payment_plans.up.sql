-- Payment plans (R-PAY-1, seed 000's 分期付款 + 抵押担保): a customer's open invoices restructured
-- into instalments (payment_plan_instalments) summing exactly to total_fen, approved by the roles
-- in required_approvers (comma-separated core::ApproverRoleName). start_date: the day it was
-- approved (active from then); end_date: the day it completed or defaulted.
CREATE TABLE payment_plans (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  total_fen BIGINT NOT NULL CHECK (total_fen > 0),
  status VARCHAR(12) NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'active', 'rejected', 'completed', 'defaulted')),
  grace_days INT NOT NULL CHECK (grace_days >= 0),
  collateral VARCHAR(2000) NOT NULL DEFAULT '',
  guarantee VARCHAR(2000) NOT NULL DEFAULT '',
  reason VARCHAR(2000) NOT NULL,
  required_approvers VARCHAR(100) NOT NULL,
  start_date DATE NULL,
  end_date DATE NULL,
  missed_instalment INT NULL,
  requested_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  KEY payment_plans_customer (customer_id, id),
  KEY payment_plans_status (status, id),
  CONSTRAINT payment_plans_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT payment_plans_requested_by_fk FOREIGN KEY (requested_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
