-- Passwords for people (web login): only an argon2id hash in libsodium's crypto_pwhash_str
-- format ("$argon2id$v=19$m=...,t=...,p=1$salt$hash", at most 128 bytes); NULL = no password,
-- the user logs in with bearer tokens only.
ALTER TABLE users
  ADD COLUMN password_hash VARCHAR(128) NULL,
  ADD COLUMN password_update_time TIMESTAMP(6) NULL;
