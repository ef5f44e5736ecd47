-- The newest link of each audit chain: a writer locks its chain's row, links its events after
-- last_seq/last_hash and moves the head on, in the write's own transaction. A chain is written by
-- one connection, so heads are not contended; two writers of one chain (on two Galera nodes)
-- conflict on this row and one of them is retried.
CREATE TABLE audit_chain_heads (
  chain_day DATE NOT NULL,
  chain_shard INT UNSIGNED NOT NULL,
  last_seq BIGINT NOT NULL,
  last_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (chain_day, chain_shard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
