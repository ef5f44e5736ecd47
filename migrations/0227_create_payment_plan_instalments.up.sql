-- A plan's instalments in due order (seq 1..n); their amounts sum to the plan's total_fen.
CREATE TABLE payment_plan_instalments (
  plan_id BIGINT NOT NULL,
  seq INT NOT NULL,
  due_date DATE NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  PRIMARY KEY (plan_id, seq),
  KEY payment_plan_instalments_due (due_date),
  CONSTRAINT payment_plan_instalments_plan_fk FOREIGN KEY (plan_id) REFERENCES payment_plans (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
