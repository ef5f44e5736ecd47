ALTER TABLE customers DROP COLUMN preferred_language, DROP COLUMN contact_phone,
  DROP COLUMN contact_email, DROP COLUMN contact_name;
