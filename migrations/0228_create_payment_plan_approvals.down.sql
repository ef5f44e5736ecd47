DROP TABLE payment_plan_approvals;
