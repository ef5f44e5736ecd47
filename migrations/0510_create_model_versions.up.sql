-- Fitted forecast models (issue 11): the `models` job of the daily run fits each kind from the
-- whole ledger as of its day and keeps it here as a version; the forecasts read the latest version
-- on or before their day instead of fitting per request. One row per (kind, trained_date): a
-- replayed day creates nothing. `parameters` is the model's own text form (coefficients as hex
-- floats, bit-exact); the held-out metrics are NULL where a kind has none (the term response has
-- confidence intervals instead, inside its parameters). `calibration` holds one line per bin of
-- predicted probability: "lower count mean_predicted observed_rate".
CREATE TABLE model_versions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('dso', 'overdue', 'term_response')),
  version VARCHAR(100) NOT NULL,
  trained_date DATE NOT NULL,
  train_from_date DATE NOT NULL,
  train_to_date DATE NOT NULL,
  train_rows BIGINT NOT NULL,
  test_rows BIGINT NOT NULL,
  auc DOUBLE NULL,
  log_loss DOUBLE NULL,
  share_within_10_days DOUBLE NULL,
  mean_absolute_error_days DOUBLE NULL,
  calibration TEXT NOT NULL,
  parameters MEDIUMTEXT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY model_versions_day (kind, trained_date),
  UNIQUE KEY model_versions_version (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
