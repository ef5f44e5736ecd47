ALTER TABLE invoices
  DROP INDEX invoices_customer_status_due,
  ADD KEY invoices_customer_status_due (customer_id, status, due_date);
