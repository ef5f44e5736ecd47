DROP TABLE promises;
