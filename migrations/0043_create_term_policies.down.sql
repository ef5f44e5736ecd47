DROP TABLE term_policies;
