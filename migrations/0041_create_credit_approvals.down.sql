DROP TABLE credit_approvals;
