-- A customer's own ladder, or its exclusion from dunning, with a reason and an expiry (issue 9).
CREATE TABLE dunning_overrides (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  excluded TINYINT NOT NULL DEFAULT 0,
  -- The customer's own ladder in store's layout; empty when excluded.
  ladder_json LONGTEXT NOT NULL,
  reason VARCHAR(2000) NOT NULL,
  expires_date DATE NULL,
  created_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT dunning_overrides_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
