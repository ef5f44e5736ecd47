DROP TABLE payment_allocations;
