-- Messages to customers waiting for, or done with, their channel (issue 9). Email is delivered by
-- the server's sender over SMTP (pending -> sending -> sent, or failed after its attempts); SMS and
-- letters wait as rendered documents for a provider or the printer (awaiting_dispatch ->
-- dispatched, marked by the person who sent them). Nothing is marked sent that was not.
CREATE TABLE outbox_messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  work_item_id BIGINT NULL,
  customer_id BIGINT NOT NULL,
  channel VARCHAR(16) NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
  recipient VARCHAR(254) NOT NULL,
  language VARCHAR(8) NOT NULL,
  subject VARCHAR(300) NOT NULL,
  body TEXT NOT NULL,
  status VARCHAR(20) NOT NULL
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'awaiting_dispatch', 'dispatched')),
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- The sender that claimed it and until when (a crashed sender's claim expires).
  claim_owner VARCHAR(100) NOT NULL DEFAULT '',
  claim_expires TIMESTAMP(6) NULL,
  last_error VARCHAR(500) NOT NULL DEFAULT '',
  sent_time TIMESTAMP(6) NULL,
  dispatch_reference VARCHAR(200) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY outbox_messages_due (status, next_attempt_time),
  KEY outbox_messages_customer (customer_id, id),
  KEY outbox_messages_work_item (work_item_id),
  CONSTRAINT outbox_messages_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
