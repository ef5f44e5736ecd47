DROP TRIGGER audit_events_no_delete;
