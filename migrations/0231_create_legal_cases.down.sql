DROP TABLE legal_cases;
