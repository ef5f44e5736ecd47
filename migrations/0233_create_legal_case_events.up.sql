-- Every stage a legal case reached, on which business day, by whom and with what note: the case's
-- history (its contacts and audit events are the evidence besides).
CREATE TABLE legal_case_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT NOT NULL,
  stage VARCHAR(16) NOT NULL
    CHECK (stage IN ('lawyer_letter', 'filed', 'judgment', 'enforcement', 'closed')),
  event_date DATE NOT NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  user_id BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY legal_case_events_case (case_id, id),
  CONSTRAINT legal_case_events_case_fk FOREIGN KEY (case_id) REFERENCES legal_cases (id),
  CONSTRAINT legal_case_events_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
