-- Invoices pledged (应收账款质押融资) or factored (保理) to a named financier (seed 000, 增值服务 and
-- 前瞻; issue 14). While a pledge is active (released_date NULL) the invoice refuses write-off and
-- goods-for-debt settlement; finance releases it with the financier's release reference.
-- active_invoice_id is the invoice id while active and NULL once released: its unique key keeps
-- at most one active pledge per invoice.
CREATE TABLE invoice_pledges (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('pledge', 'factoring')),
  financier VARCHAR(200) NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  pledged_date DATE NOT NULL,
  reference VARCHAR(200) NOT NULL DEFAULT '',
  note VARCHAR(2000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  active_invoice_id BIGINT NULL,
  released_date DATE NULL,
  release_reference VARCHAR(200) NOT NULL DEFAULT '',
  released_by BIGINT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY invoice_pledges_active (active_invoice_id),
  KEY invoice_pledges_invoice (invoice_id, id),
  KEY invoice_pledges_customer (customer_id, id),
  KEY invoice_pledges_dates (pledged_date, released_date),
  CONSTRAINT invoice_pledges_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT invoice_pledges_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT invoice_pledges_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT invoice_pledges_released_by_fk FOREIGN KEY (released_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
