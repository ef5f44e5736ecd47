-- Dunning ladder versions (issue 9, R-DUN-1 "configurable per tier"): one ladder per tier in
-- store's layout (server/store/json_layouts.h), in force from effective_date like term policies.
-- Without a version the core's DefaultLadderForTier applies.
CREATE TABLE dunning_ladders (
  version BIGINT NOT NULL PRIMARY KEY,
  published_date DATE NOT NULL,
  effective_date DATE NOT NULL,
  ladders_json LONGTEXT NOT NULL,
  comment VARCHAR(2000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY dunning_ladders_effective (effective_date, version),
  CONSTRAINT dunning_ladders_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
