DROP TABLE work_item_invoices;
