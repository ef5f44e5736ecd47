-- Monthly customer statements (R-STMT-1). One row per generated version of a customer's month;
-- only the newest version of a month is open for confirmation or dispute. The figures are
-- core::BuildStatement's, frozen when generated (the ledger moves on; the statement is evidence).
CREATE TABLE statements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  month CHAR(7) NOT NULL,
  version INT NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'issued'
    CHECK (status IN ('issued', 'confirmed', 'disputed')),
  opening_fen BIGINT NOT NULL,
  invoiced_fen BIGINT NOT NULL,
  received_fen BIGINT NOT NULL,
  written_off_fen BIGINT NOT NULL,
  closing_fen BIGINT NOT NULL,
  overdue_fen BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- Who confirmed it; on_behalf = 1 when finance confirmed for the customer.
  confirmed_by BIGINT NULL,
  confirmed_on_behalf TINYINT NOT NULL DEFAULT 0,
  confirm_time TIMESTAMP(6) NULL,
  dispute_reason VARCHAR(2000) NOT NULL DEFAULT '',
  UNIQUE KEY statements_customer_month_version (customer_id, month, version),
  CONSTRAINT statements_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
