-- Tamper evidence (issue 13): each event written from now on is a link of a hash chain, one chain
-- per (company day, shard), where a shard is the connection that wrote it (README "A tamper-evident
-- audit trail"). chain_hash = SHA-256 of the previous link's chain_hash and this event's content
-- (hex). Events written before this migration keep NULLs: `audit verify` counts them against
-- audit_chain_start (0522) but cannot prove their content.
ALTER TABLE audit_events ADD COLUMN chain_day DATE NULL, ADD COLUMN chain_shard INT UNSIGNED NULL, ADD COLUMN chain_seq BIGINT NULL, ADD COLUMN chain_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL, ADD UNIQUE KEY audit_events_chain (chain_day, chain_shard, chain_seq);
