-- The daily run (issue 9): one row per (job, as-of day), which is both the record of that day's
-- run and its lease. A replica claims a day by inserting the row (the unique key lets only one
-- insert win, on one server or a Galera cluster), or by a conditional UPDATE that takes over a
-- failed run or one whose lease expired; it extends lease_expire_time while it works (heartbeat)
-- and marks the row succeeded in the same transaction as the day's work, conditional on still
-- holding (owner, attempts). No GET_LOCK: Galera does not replicate it. Times are UTC from the
-- database's clock, so replicas with skewed clocks agree on when a lease expires.
CREATE TABLE job_runs (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job VARCHAR(32) NOT NULL,
  as_of_date DATE NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  -- The replica of the current (or last) attempt: "host/pid/random".
  owner VARCHAR(160) NOT NULL,
  attempts INT NOT NULL CHECK (attempts >= 1),
  lease_expire_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  heartbeat_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- The current (or last) attempt's start, and when the run succeeded or failed.
  start_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  finish_time TIMESTAMP(6) NULL DEFAULT NULL,
  created_count BIGINT NOT NULL DEFAULT 0 CHECK (created_count >= 0),
  changed_count BIGINT NOT NULL DEFAULT 0 CHECK (changed_count >= 0),
  skipped_count BIGINT NOT NULL DEFAULT 0 CHECK (skipped_count >= 0),
  summary VARCHAR(1000) NOT NULL DEFAULT '',
  -- Why the last failed (or abandoned) attempt did not finish; kept after a later success.
  error VARCHAR(2000) NOT NULL DEFAULT '',
  UNIQUE KEY job_runs_job_day (job, as_of_date),
  KEY job_runs_job (job, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
