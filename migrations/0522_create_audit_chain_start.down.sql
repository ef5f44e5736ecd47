DROP TABLE audit_chain_start;
