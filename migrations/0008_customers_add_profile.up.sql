-- The customer profile (R-TIER-1): enterprise size, industry position, founding date, tax credit
-- grade, bank credit line, third-party rating; and the latest assessment computed by the core
-- (score, grade, tier and their explanation, as huikuan.v1.CustomerAssessment JSON) with its time.
-- Unknown tax grade defaults to 'M' (the tax bureau's grade for newly established taxpayers).
ALTER TABLE customers
  ADD COLUMN enterprise_size VARCHAR(8) NOT NULL DEFAULT 'small'
    CHECK (enterprise_size IN ('micro', 'small', 'medium', 'large')),
  ADD COLUMN industry_position VARCHAR(16) NOT NULL DEFAULT 'sme'
    CHECK (industry_position IN ('industry_head', 'regional_leader', 'sme', 'startup')),
  ADD COLUMN founding_date DATE NULL,
  ADD COLUMN tax_credit_grade CHAR(1) NOT NULL DEFAULT 'M'
    CHECK (tax_credit_grade IN ('A', 'B', 'M', 'C', 'D')),
  ADD COLUMN bank_credit_line_fen BIGINT NOT NULL DEFAULT 0 CHECK (bank_credit_line_fen >= 0),
  ADD COLUMN third_party_rating VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN assessment_json LONGTEXT NULL,
  ADD COLUMN assess_time TIMESTAMP(6) NULL;
