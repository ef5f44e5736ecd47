CREATE TABLE audit_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  actor_user_id BIGINT NOT NULL,
  actor_role VARCHAR(32) NOT NULL,
  method VARCHAR(128) NOT NULL,
  resource VARCHAR(128) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  before_json LONGTEXT NOT NULL,
  after_json LONGTEXT NOT NULL,
  KEY audit_events_resource (resource, id),
  KEY audit_events_actor (actor_user_id, id),
  KEY audit_events_time (event_time, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
