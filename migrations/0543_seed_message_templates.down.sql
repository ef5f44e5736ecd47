DELETE FROM message_templates WHERE version = 1 AND proposed_by = 0;
