DROP TABLE customer_risks;
