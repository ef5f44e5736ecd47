ALTER TABLE payments DROP KEY payments_received;
