-- Bearer tokens: only the SHA-256 of the secret is stored (lowercase hex).
CREATE TABLE api_tokens (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  description VARCHAR(200) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expire_time TIMESTAMP(6) NOT NULL,
  revoke_time TIMESTAMP(6) NULL,
  UNIQUE KEY api_tokens_secret (secret_sha256),
  KEY api_tokens_user (user_id),
  CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
