-- Payments received from customers. For a received payment
--   unapplied_fen = amount_fen - (non-reversed allocations) >= 0;
-- a reversed (bounced) payment has unapplied_fen 0 and no live allocation.
CREATE TABLE payments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  reference VARCHAR(200) NOT NULL DEFAULT '',
  received_date DATE NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'reversed')),
  unapplied_fen BIGINT NOT NULL CHECK (unapplied_fen >= 0),
  -- Why it was reversed (ReversePayment), empty while received.
  reversal_reason VARCHAR(500) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  version BIGINT NOT NULL DEFAULT 1,
  KEY payments_customer (customer_id, id),
  CONSTRAINT payments_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
