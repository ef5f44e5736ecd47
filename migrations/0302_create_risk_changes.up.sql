-- The history of warning-level changes (issue 10): only a change is a row. source_key makes a
-- replayed run or a repeated signal create nothing ("run:<customer>:<date>", "signal:<id>").
-- trigger_time is when what raised it happened (the signal was recorded, the run ran);
-- notice_message_id is the outbox email to the owner, whose create/sent time gives the
-- time from signal to notification (R-WARN-4: within 24 hours).
CREATE TABLE risk_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  source_key VARCHAR(160) NOT NULL,
  customer_id BIGINT NOT NULL,
  from_level VARCHAR(8) NOT NULL CHECK (from_level IN ('green', 'yellow', 'orange', 'red')),
  to_level VARCHAR(8) NOT NULL CHECK (to_level IN ('green', 'yellow', 'orange', 'red')),
  as_of_date DATE NOT NULL,
  reasons TEXT NOT NULL,
  signal_id BIGINT NULL,
  trigger_time TIMESTAMP(6) NOT NULL,
  notice_message_id BIGINT NULL,
  notice_time TIMESTAMP(6) NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY risk_changes_source (source_key),
  KEY risk_changes_customer (customer_id, id),
  CONSTRAINT risk_changes_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
