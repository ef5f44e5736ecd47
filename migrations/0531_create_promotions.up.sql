-- Joint market promotions (issue 14, seed 000 账期政策设计 and 长期合作培养计划: 联合市场推广):
-- recorded by sales or investment staff with the event, its date and the evidence, decided once by
-- a sales head. An approved promotion dated in month M gives the customer's invoices of month M+1
-- the policy's joint_promotion_bonus_days (R-TERM-1).
CREATE TABLE promotions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  event VARCHAR(200) NOT NULL,
  event_date DATE NOT NULL,
  evidence TEXT NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by BIGINT NOT NULL,
  decided_by BIGINT NULL,
  decision_comment TEXT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  KEY promotions_customer_date (customer_id, event_date),
  KEY promotions_status (status, id),
  CONSTRAINT promotions_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
