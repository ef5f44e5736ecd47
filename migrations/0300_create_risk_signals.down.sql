DROP TABLE risk_signals;
