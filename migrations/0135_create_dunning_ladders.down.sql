DROP TABLE dunning_ladders;
