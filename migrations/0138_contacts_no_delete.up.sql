-- ... or to delete one.
CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'contacts is append-only';
