DROP TABLE dunning_overrides;
