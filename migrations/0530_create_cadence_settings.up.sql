-- The relationship cadence per tier (issue 14, seed 000 客户关系维护: 月度对账沟通, 季度业务沟通,
-- 年度战略沟通): on which day of the month the salesperson's reconciliation message is prepared,
-- in which month of each quarter and on which day the business review, in which month and on which
-- day the annual strategy meeting (0: not for this tier). A tier without a row uses the core's
-- defaults (core::DefaultCadence). `version` is the settings' etag: every update writes all four
-- tiers with the next number.
CREATE TABLE cadence_settings (
  tier VARCHAR(16) NOT NULL PRIMARY KEY
    CHECK (tier IN ('strategic_core', 'key_partner', 'general', 'potential')),
  monthly_day INT NOT NULL CHECK (monthly_day BETWEEN 0 AND 31),
  quarterly_month INT NOT NULL CHECK (quarterly_month BETWEEN 0 AND 3),
  quarterly_day INT NOT NULL CHECK (quarterly_day BETWEEN 1 AND 31),
  annual_month INT NOT NULL CHECK (annual_month BETWEEN 0 AND 12),
  annual_day INT NOT NULL CHECK (annual_day BETWEEN 1 AND 31),
  upcoming_note VARCHAR(500) NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  updated_by BIGINT NULL,
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
