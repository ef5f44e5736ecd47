ALTER TABLE users
  DROP COLUMN password_update_time,
  DROP COLUMN password_hash;
