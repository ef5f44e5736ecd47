DROP TABLE contact_compliance;
