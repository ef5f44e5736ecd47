DROP TABLE write_offs;
