DROP TABLE invoice_disputes;
