-- Promises to pay (issue 9): an amount by a date for some invoices (promise_invoices). The ladder
-- of those invoices pauses from made_date to promised_date + tolerance_days; the daily run
-- (job `promises`) records the verdict: kept, partially_kept or broken (core/promise.h).
CREATE TABLE promises (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  made_date DATE NOT NULL,
  promised_date DATE NOT NULL,
  tolerance_days INT NOT NULL CHECK (tolerance_days >= 0),
  status VARCHAR(16) NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'kept', 'partially_kept', 'broken')),
  -- Cash counted for it when it was decided; the day it was decided.
  paid_fen BIGINT NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  decided_date DATE NULL,
  -- The work item whose outcome it was (workItems/{id}), if any; no foreign key: work items
  -- come from a later migration.
  work_item_id BIGINT NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  KEY promises_customer (customer_id, id),
  KEY promises_status (status, promised_date),
  CONSTRAINT promises_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT promises_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
