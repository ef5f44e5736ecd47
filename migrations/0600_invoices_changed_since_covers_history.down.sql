ALTER TABLE invoices DROP INDEX invoices_changed_since,
  ADD KEY invoices_changed_since (update_time, id, customer_id, invoice_date, due_date, open_fen);
