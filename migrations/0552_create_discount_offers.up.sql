-- Early-payment discount offers (issue 14, seed 000 动态贴现): finance proposes a discount for
-- paying an open invoice in full by pay_by_date; the customer's portal user accepts; a payment
-- received by then that brings open_fen - discount_fen honours it (R-DISC-2). An honoured offer is
-- the discount's ledger entry: payment_id is the payment that earned it, honoured_date its
-- received date, and invoices.discounted_fen is the sum of the invoice's honoured offers. A
-- reversed payment returns its offers to 'accepted'. "Expired" is not stored: a proposed or
-- accepted offer whose pay_by_date has passed.
CREATE TABLE discount_offers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  open_fen BIGINT NOT NULL CHECK (open_fen > 0),
  due_date DATE NOT NULL,
  pay_by_date DATE NOT NULL,
  policy_version BIGINT NOT NULL DEFAULT 0,
  bp_per_day INT NOT NULL CHECK (bp_per_day > 0),
  days_early INT NOT NULL CHECK (days_early > 0),
  discount_fen BIGINT NOT NULL CHECK (discount_fen > 0),
  status VARCHAR(16) NOT NULL DEFAULT 'proposed'
    CHECK (status IN ('proposed', 'accepted', 'honoured')),
  proposed_by BIGINT NOT NULL,
  accepted_by BIGINT NULL,
  accept_time TIMESTAMP(6) NULL,
  payment_id BIGINT NULL,
  honoured_date DATE NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY discount_offers_invoice (invoice_id, id),
  KEY discount_offers_customer (customer_id, id),
  KEY discount_offers_payment (payment_id),
  KEY discount_offers_honoured (honoured_date),
  CONSTRAINT discount_offers_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT discount_offers_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT discount_offers_payment_fk FOREIGN KEY (payment_id) REFERENCES payments (id),
  CONSTRAINT discount_offers_proposed_by_fk FOREIGN KEY (proposed_by) REFERENCES users (id),
  CONSTRAINT discount_offers_accepted_by_fk FOREIGN KEY (accepted_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
