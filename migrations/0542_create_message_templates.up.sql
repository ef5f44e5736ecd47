-- The collection messages' templates as data (issue 14): every version of an action's template in
-- a language is kept; a proposal is used only once a legal head approves it, and the newest
-- approved version is the one in use.
CREATE TABLE message_templates (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  action VARCHAR(40) NOT NULL,
  language VARCHAR(8) NOT NULL CHECK (language IN ('zh-CN', 'en')),
  version INT NOT NULL CHECK (version >= 1),
  subject VARCHAR(200) NOT NULL,
  opening TEXT NOT NULL,
  status VARCHAR(12) NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
  note VARCHAR(2000) NOT NULL DEFAULT '',
  proposed_by BIGINT NOT NULL DEFAULT 0,
  propose_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  decided_by BIGINT NULL,
  decide_time TIMESTAMP(6) NULL,
  decision_note VARCHAR(2000) NOT NULL DEFAULT '',
  UNIQUE KEY message_templates_version (action, language, version),
  KEY message_templates_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
