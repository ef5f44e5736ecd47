DROP TABLE promise_invoices;
