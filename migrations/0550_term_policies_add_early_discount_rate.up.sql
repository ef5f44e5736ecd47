-- Dynamic early-payment discounts (issue 14, seed 000 动态贴现): the rate a term policy version
-- offers for paying an open invoice early, in basis points of the open amount per day before the
-- due date (R-DISC-1). Versions published before this column get the default, 2 bp (0.02%) a day.
ALTER TABLE term_policies ADD COLUMN early_discount_bp_per_day INT NOT NULL DEFAULT 2
  CHECK (early_discount_bp_per_day BETWEEN 0 AND 100);
