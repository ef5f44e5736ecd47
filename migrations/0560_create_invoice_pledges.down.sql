DROP TABLE invoice_pledges;
