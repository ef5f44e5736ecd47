-- Staff have a work email address (issue 10: the owner and the heads are told of a raised warning
-- level by email). Empty: none; notices then go to <username>@<--staff_email_domain>.
ALTER TABLE users ADD COLUMN email VARCHAR(254) NOT NULL DEFAULT '' AFTER display_name;
