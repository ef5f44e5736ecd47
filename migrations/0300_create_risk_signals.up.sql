-- External risk signals (issue 10): credit-report grade changes, lawsuits and enforcement, tax grade
-- and bank line changes, business anomalies. (source, reference) is unique: a repeated signal is
-- recognised and changes nothing. `level` is what the signal set when it was recorded
-- (core::JudgeSignal); previous_* hold the profile's value before a tax grade or bank line change.
CREATE TABLE risk_signals (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind VARCHAR(24) NOT NULL,
  source VARCHAR(64) NOT NULL,
  reference VARCHAR(128) NOT NULL,
  signal_date DATE NOT NULL,
  amount_fen BIGINT NULL,
  previous_amount_fen BIGINT NULL,
  value VARCHAR(16) NOT NULL DEFAULT '',
  previous_value VARCHAR(16) NOT NULL DEFAULT '',
  evidence VARCHAR(2000) NOT NULL DEFAULT '',
  level VARCHAR(8) NOT NULL CHECK (level IN ('green', 'yellow', 'orange', 'red')),
  created_by BIGINT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY risk_signals_source (source, reference),
  KEY risk_signals_customer (customer_id, signal_date),
  CONSTRAINT risk_signals_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
