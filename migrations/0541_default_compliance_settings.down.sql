DELETE FROM compliance_settings;
