-- The contact limits (issue 14, seed 002 合规红线): one row, changed by heads through
-- ComplianceService.UpdateComplianceSettings. Quiet hours are minutes after midnight in the company's
-- time zone (Asia/Shanghai); both NULL: none.
CREATE TABLE compliance_settings (
  id TINYINT NOT NULL PRIMARY KEY CHECK (id = 1),
  weekly_automatic_cap INT NOT NULL CHECK (weekly_automatic_cap BETWEEN 1 AND 50),
  quiet_start_minute INT NULL CHECK (quiet_start_minute BETWEEN 0 AND 1439),
  quiet_end_minute INT NULL CHECK (quiet_end_minute BETWEEN 0 AND 1439),
  version BIGINT NOT NULL DEFAULT 1,
  updated_by BIGINT NOT NULL DEFAULT 0,
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
