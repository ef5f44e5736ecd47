-- One row per write request_id (AIP-155): who sent it, to which method, a fingerprint of the
-- request (SHA-256, hex), and the response returned the first time (serialized protobuf, base64),
-- written in the same transaction as the write.
CREATE TABLE idempotency_keys (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  method VARCHAR(128) NOT NULL,
  request_sha256 CHAR(64) NOT NULL,
  response LONGTEXT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY idempotency_keys_create_time (create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
