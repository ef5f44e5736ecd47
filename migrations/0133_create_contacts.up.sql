-- Every contact with a customer, automatic or manual, with its content: the evidence chain that
-- collection and litigation need (R-DUN-2, seed 002 FAQ 证据链). Append-only like the audit trail.
CREATE TABLE contacts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  work_item_id BIGINT NULL,
  outbox_message_id BIGINT NULL,
  channel VARCHAR(24) NOT NULL,
  -- users/{id}, or 0 for the system (an automatic message).
  user_id BIGINT NOT NULL DEFAULT 0,
  actor_role VARCHAR(32) NOT NULL,
  contact_time TIMESTAMP(6) NOT NULL,
  outcome VARCHAR(24) NOT NULL,
  content TEXT NOT NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  KEY contacts_customer (customer_id, id),
  KEY contacts_work_item (work_item_id),
  CONSTRAINT contacts_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
