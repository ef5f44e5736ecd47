-- Limitation interruptions entered for an invoice (R-LAW-1, PRC Civil Code art. 195): a debtor's
-- acknowledgement, a written demand sent outside the ladder, a suit. The other interruptions are
-- read from their own records: promises, partial payments (payment allocations), legal case
-- stages and written dunning messages (contacts). source_key makes a recorded event idempotent.
CREATE TABLE limitation_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  kind VARCHAR(20) NOT NULL CHECK (kind IN ('written_demand', 'acknowledgement', 'promise',
                                            'partial_payment', 'suit_filed')),
  event_date DATE NOT NULL,
  source_key VARCHAR(160) NOT NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  user_id BIGINT NOT NULL DEFAULT 0,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY limitation_events_source (source_key),
  KEY limitation_events_invoice (invoice_id, event_date),
  CONSTRAINT limitation_events_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT limitation_events_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
