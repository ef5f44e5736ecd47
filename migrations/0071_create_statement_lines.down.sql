DROP TABLE statement_lines;
