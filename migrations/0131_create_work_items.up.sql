-- Work items (issue 9): one task for one department, about one customer and some of its invoices.
-- source_key makes the daily run idempotent: the item of a ladder step for a customer's invoices
-- on a day is created once however often the day is run ("dunning:<customer>:<step>:<day>").
CREATE TABLE work_items (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  source_key VARCHAR(160) NOT NULL,
  kind VARCHAR(24) NOT NULL,
  customer_id BIGINT NOT NULL,
  department VARCHAR(16) NOT NULL
    CHECK (department IN ('sales', 'finance', 'legal', 'investment', 'management')),
  -- NULL: the department's queue.
  assignee_user_id BIGINT NULL,
  step VARCHAR(32) NOT NULL DEFAULT '',
  channel VARCHAR(24) NOT NULL DEFAULT '',
  title VARCHAR(200) NOT NULL,
  due_date DATE NOT NULL,
  created_date DATE NOT NULL,
  amount_fen BIGINT NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  priority BIGINT NOT NULL DEFAULT 0,
  status VARCHAR(12) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  snoozed_until DATE NULL,
  escalated TINYINT NOT NULL DEFAULT 0,
  language VARCHAR(8) NOT NULL DEFAULT 'zh-CN',
  message_subject VARCHAR(300) NOT NULL DEFAULT '',
  message_body TEXT NOT NULL,
  outcome VARCHAR(24) NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  done_by BIGINT NULL,
  done_time TIMESTAMP(6) NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY work_items_source (source_key),
  -- Worklists: a department's or a person's open items by priority; a customer's items.
  KEY work_items_department (status, department, priority, id),
  KEY work_items_assignee (status, assignee_user_id, priority, id),
  KEY work_items_customer (customer_id, id),
  KEY work_items_due (status, due_date),
  CONSTRAINT work_items_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT work_items_assignee_fk FOREIGN KEY (assignee_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
