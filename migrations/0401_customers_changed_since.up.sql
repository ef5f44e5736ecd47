-- The reports' cache also keeps each customer's owner, tier and industry (what reports group by)
-- and reads the customers changed since its last refresh.
ALTER TABLE customers ADD KEY customers_changed_since (update_time, id);
