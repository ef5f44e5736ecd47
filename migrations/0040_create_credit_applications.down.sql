DROP TABLE credit_applications;
