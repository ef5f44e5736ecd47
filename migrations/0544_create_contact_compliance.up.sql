-- What the contact limits said about a contact a person recorded (issue 14): the reply to an open
-- dispute or promise, or a contact outside the limits with its reason (flagged: the monthly
-- meeting pack lists them). Append-only, like the contacts it describes.
CREATE TABLE contact_compliance (
  contact_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  reply_to VARCHAR(40) NOT NULL DEFAULT '',
  flagged BOOLEAN NOT NULL DEFAULT FALSE,
  broken_limits VARCHAR(200) NOT NULL DEFAULT '',
  description VARCHAR(2000) NOT NULL DEFAULT '',
  reason VARCHAR(2000) NOT NULL DEFAULT '',
  contact_time TIMESTAMP(6) NOT NULL,
  KEY contact_compliance_flagged (flagged, contact_time),
  CONSTRAINT contact_compliance_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
