-- The reports' open-invoice cache (server/ops/open_invoice_cache.h) reads the invoices changed
-- since its last refresh on every request: every ledger write sets update_time, and this index
-- covers the columns the cache keeps, so a refresh reads only the changed rows.
ALTER TABLE invoices
  ADD KEY invoices_changed_since (update_time, id, customer_id, invoice_date, due_date, open_fen);
