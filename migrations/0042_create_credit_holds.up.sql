-- History of credit holds (R-WARN-4: red -> stop supply): every place and release with its reason
-- and who did it. customers.credit_status holds the current state.
CREATE TABLE credit_holds (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  action VARCHAR(8) NOT NULL CHECK (action IN ('place', 'release')),
  -- The credit status after the action: 'on_hold' or 'in_litigation' for place, 'active' for
  -- release.
  credit_status VARCHAR(16) NOT NULL
    CHECK (credit_status IN ('active', 'on_hold', 'in_litigation')),
  reason VARCHAR(2000) NOT NULL,
  user_id BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY credit_holds_customer (customer_id, id),
  CONSTRAINT credit_holds_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT credit_holds_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
