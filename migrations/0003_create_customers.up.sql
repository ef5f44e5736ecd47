CREATE TABLE customers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  owner_user_id BIGINT NOT NULL,
  industry VARCHAR(100) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- Optimistic concurrency: the etag is this number; every update increments it.
  version BIGINT NOT NULL DEFAULT 1,
  KEY customers_owner (owner_user_id, id),
  CONSTRAINT customers_owner_fk FOREIGN KEY (owner_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
