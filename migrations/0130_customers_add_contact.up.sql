-- Whom collection writes to and in which language (issue 9): the customer's accounts-payable
-- contact. Messages are rendered in the preferred language ('zh-CN' or 'en').
ALTER TABLE customers
  ADD COLUMN contact_name VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN contact_email VARCHAR(254) NOT NULL DEFAULT '',
  ADD COLUMN contact_phone VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN preferred_language VARCHAR(8) NOT NULL DEFAULT 'zh-CN'
    CHECK (preferred_language IN ('zh-CN', 'en'));
