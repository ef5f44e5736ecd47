DROP TRIGGER contacts_no_delete;
