-- Where a paper letter (催款函, 律师函) of the collection ladder goes: the customer's postal address.
ALTER TABLE customers ADD COLUMN contact_address VARCHAR(300) NOT NULL DEFAULT '';
