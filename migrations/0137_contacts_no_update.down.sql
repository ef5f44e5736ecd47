DROP TRIGGER contacts_no_update;
