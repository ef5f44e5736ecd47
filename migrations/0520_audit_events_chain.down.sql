ALTER TABLE audit_events DROP INDEX audit_events_chain, DROP COLUMN chain_hash, DROP COLUMN chain_seq, DROP COLUMN chain_shard, DROP COLUMN chain_day;
