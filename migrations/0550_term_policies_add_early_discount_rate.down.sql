ALTER TABLE term_policies DROP COLUMN early_discount_bp_per_day;
