DROP TABLE compliance_settings;
