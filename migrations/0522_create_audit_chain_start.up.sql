-- Where the chains start: the events that existed when 0520 ran carry no hash. Their number and
-- highest id are recorded here once, so `audit verify` can tell that none of them was removed and
-- that no unchained event was added after (stop the old replicas before migrating: an old binary
-- would keep writing unchained events, which verify reports).
CREATE TABLE audit_chain_start (
  id TINYINT NOT NULL PRIMARY KEY,
  legacy_events BIGINT NOT NULL,
  legacy_max_id BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO audit_chain_start (id, legacy_events, legacy_max_id) SELECT 1, COUNT(*), COALESCE(MAX(id), 0) FROM audit_events WHERE chain_day IS NULL;
