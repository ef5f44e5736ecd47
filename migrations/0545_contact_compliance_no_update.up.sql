CREATE TRIGGER contact_compliance_no_update BEFORE UPDATE ON contact_compliance FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'contact_compliance is append-only';
