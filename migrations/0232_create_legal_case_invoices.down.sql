DROP TABLE legal_case_invoices;
