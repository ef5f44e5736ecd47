DROP TABLE health_snapshots;
