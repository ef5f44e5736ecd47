-- Each customer's current warning level (issue 10) with the reasons and figures that set it, as of
-- the day it was last evaluated. A customer without a row is green. `reasons` is one reason per
-- line, "<level>\t<rule>\t<text>" (store/risk_store.cc owns the format).
CREATE TABLE customer_risks (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  level VARCHAR(8) NOT NULL CHECK (level IN ('green', 'yellow', 'orange', 'red')),
  reasons TEXT NOT NULL,
  as_of_date DATE NOT NULL,
  dso_days DOUBLE NULL,
  industry_dso_days DOUBLE NULL,
  balance_fen BIGINT NOT NULL DEFAULT 0,
  overdue_fen BIGINT NOT NULL DEFAULT 0,
  over30_fen BIGINT NOT NULL DEFAULT 0,
  credit_limit_fen BIGINT NOT NULL DEFAULT 0,
  orders_recent_fen BIGINT NOT NULL DEFAULT 0,
  orders_prior_fen BIGINT NOT NULL DEFAULT 0,
  broken_promises INT NOT NULL DEFAULT 0,
  level_since_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY customer_risks_level (level, customer_id),
  CONSTRAINT customer_risks_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
