-- Versioned term policies (R-TERM-1..3). A version takes effect on effective_date, at least 30
-- days after published_date except the first (R-TERM-3); rules_json is huikuan.v1.TermPolicyRules
-- as JSON (core::TermsPolicy and the tier term matrix). Rows are never changed: a new version
-- replaces an old one from its effective date on.
CREATE TABLE term_policies (
  version BIGINT NOT NULL PRIMARY KEY,
  published_date DATE NOT NULL,
  effective_date DATE NOT NULL,
  rules_json LONGTEXT NOT NULL,
  comment VARCHAR(2000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY term_policies_effective (effective_date, version),
  CONSTRAINT term_policies_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
