DROP TABLE audit_chain_heads;
