-- Disputes raised by staff with a reason code, as well as on statements and by imports (issue 9):
-- the statement becomes optional; the business days it was raised and resolved (Asia/Shanghai)
-- give its age and let a replayed day see which invoices were disputed then. Existing rows were
-- all raised on statements; their days come from their timestamps.
ALTER TABLE invoice_disputes
  MODIFY statement_id BIGINT NULL,
  ADD COLUMN source VARCHAR(12) NOT NULL DEFAULT 'statement'
    CHECK (source IN ('staff', 'statement', 'import')),
  ADD COLUMN reason_code VARCHAR(16) NOT NULL DEFAULT 'other'
    CHECK (reason_code IN ('price', 'quantity', 'quality', 'not_received', 'duplicate', 'other')),
  ADD COLUMN raised_date DATE NULL,
  ADD COLUMN resolved_date DATE NULL,
  ADD KEY invoice_disputes_open (resolve_time, raised_date);
UPDATE invoice_disputes
  SET raised_date = DATE(DATE_ADD(create_time, INTERVAL 8 HOUR)),
      resolved_date = IF(resolve_time IS NULL, NULL, DATE(DATE_ADD(resolve_time, INTERVAL 8 HOUR)));
