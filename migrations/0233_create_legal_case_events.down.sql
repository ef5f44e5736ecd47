DROP TABLE legal_case_events;
