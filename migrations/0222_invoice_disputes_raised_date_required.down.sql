ALTER TABLE invoice_disputes MODIFY raised_date DATE NULL;
