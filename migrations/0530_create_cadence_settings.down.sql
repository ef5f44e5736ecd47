DROP TABLE cadence_settings;
