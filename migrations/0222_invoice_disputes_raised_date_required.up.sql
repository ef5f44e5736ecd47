-- Every dispute has the day it was raised (0111 filled it in for the existing rows).
ALTER TABLE invoice_disputes MODIFY raised_date DATE NOT NULL;
