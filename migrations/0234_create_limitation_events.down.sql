DROP TABLE limitation_events;
