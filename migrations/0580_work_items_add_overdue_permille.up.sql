-- The overdue model's probability (R-FCST-2, permille) that a collection item's money is still
-- unpaid and past due 30 days after the item was made, amount-weighted over its invoices: it
-- weighs the item's priority (core::WorkItemPriority) and is shown beside it. NULL: no prediction
-- (no model version stored yet, or an item that is not about collecting).
ALTER TABLE work_items ADD COLUMN overdue_permille SMALLINT NULL AFTER priority;
