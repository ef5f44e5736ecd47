ALTER TABLE work_items DROP COLUMN overdue_permille;
