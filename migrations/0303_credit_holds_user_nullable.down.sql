-- Fails while a system-placed hold exists (user_id NULL): delete or reassign those rows first.
ALTER TABLE credit_holds MODIFY user_id BIGINT NOT NULL;
