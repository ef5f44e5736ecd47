-- Non-cash settlements (issue 9, goods for debt, 以货抵债): finance requests, a management head
-- approves or rejects, like a write-off. An approved settlement has been added to
-- invoices.settled_fen and taken off open_fen in the same transaction (decided_date: that day).
CREATE TABLE settlements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL DEFAULT 'goods_for_debt' CHECK (kind IN ('goods_for_debt')),
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  goods_description VARCHAR(2000) NOT NULL,
  valuation_basis VARCHAR(2000) NOT NULL DEFAULT '',
  reason VARCHAR(2000) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by BIGINT NOT NULL,
  decided_by BIGINT NULL,
  decision_comment VARCHAR(2000) NOT NULL DEFAULT '',
  decided_date DATE NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY settlements_invoice (invoice_id, id),
  KEY settlements_customer (customer_id, id),
  CONSTRAINT settlements_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT settlements_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT settlements_requested_by_fk FOREIGN KEY (requested_by) REFERENCES users (id),
  CONSTRAINT settlements_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
