DROP TABLE payment_plan_instalments;
