-- Contacts are evidence: the database refuses to change one.
CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'contacts is append-only';
