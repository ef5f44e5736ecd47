-- A hold the daily risk run places (issue 10, R-WARN-4: red stops supply at once) has no user: the
-- system placed it (the audit trail names the job).
ALTER TABLE credit_holds MODIFY user_id BIGINT NULL;
