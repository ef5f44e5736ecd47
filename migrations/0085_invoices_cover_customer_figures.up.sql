-- The per-customer figures that every new invoice needs (prior order count, open credit exposure,
-- last month's orders and whether they were paid early) are read from this index alone: without
-- the amounts and the invoice date it took one primary-key lookup per invoice of the customer's
-- history, which made a 10,000-row CreateInvoices batch slower the longer the ledger. Same leading
-- columns as before, so the queries that used it still do; no new index tree for inserts to keep.
ALTER TABLE invoices
  DROP INDEX invoices_customer_status_due,
  ADD KEY invoices_customer_status_due
    (customer_id, status, due_date, invoice_date, amount_fen, open_fen, prepaid_fen);
