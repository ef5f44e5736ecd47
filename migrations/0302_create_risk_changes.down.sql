DROP TABLE risk_changes;
