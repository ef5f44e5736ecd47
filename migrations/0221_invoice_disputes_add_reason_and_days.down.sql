-- Disputes without a statement cannot go back to the old table: they are dropped first.
DELETE FROM invoice_disputes WHERE statement_id IS NULL;
ALTER TABLE invoice_disputes
  DROP KEY invoice_disputes_open,
  DROP COLUMN resolved_date,
  DROP COLUMN raised_date,
  DROP COLUMN reason_code,
  DROP COLUMN source,
  MODIFY statement_id BIGINT NOT NULL;
