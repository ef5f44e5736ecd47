-- The customer's tier (R-TIER-2, core::TierName): its base terms come from the term matrix.
ALTER TABLE customers ADD COLUMN tier VARCHAR(16) NOT NULL DEFAULT 'general'
  CHECK (tier IN ('strategic_core', 'key_partner', 'general', 'potential'));
