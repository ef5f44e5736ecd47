-- Payments by the day they were received (issue 14): "which invoices were cleared after day D"
-- (an invoice paid since D may still have been open then) is read by the relationship cadence's
-- open amounts as of D (store::OpenInvoicesAsOf) from the payments received after D, a range of
-- this index (none when D is today) instead of every payment of the customers.
ALTER TABLE payments ADD KEY payments_received (received_date);
