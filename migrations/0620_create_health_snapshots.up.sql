-- The daily health snapshot (issue 14, seed 000 账期健康度评分): the slow part of each customer's
-- credit-term health score, the punctuality of its invoices due in the 180 days before the day
-- (paid in full by their due date, in the 90 days before and the 90 before those), written once a
-- day by the `health` job so that reading a score does not compute it. The score's other parts
-- (balance, overdue, the year's sales, disputes, the industry and the peers) are read live. One row
-- per day and customer with an invoice due in those 180 days.
CREATE TABLE health_snapshots (
  snapshot_date DATE NOT NULL,
  customer_id BIGINT NOT NULL,
  recent_due INT NOT NULL CHECK (recent_due >= 0),
  recent_on_time INT NOT NULL CHECK (recent_on_time BETWEEN 0 AND recent_due),
  prior_due INT NOT NULL CHECK (prior_due >= 0),
  prior_on_time INT NOT NULL CHECK (prior_on_time BETWEEN 0 AND prior_due),
  create_time TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (snapshot_date, customer_id),
  KEY health_snapshots_customer (customer_id, snapshot_date),
  CONSTRAINT health_snapshots_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
