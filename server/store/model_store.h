// Fitted forecast models, one version per kind and training day (issue 11, migration 0510). Same
// conventions as the other repositories: inside the caller's transaction, prepared statements
// only, SQL errors throw.
#ifndef HUIKUAN_SERVER_STORE_MODEL_STORE_H_
#define HUIKUAN_SERVER_STORE_MODEL_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct ModelVersionRecord {
  int64_t id = 0;
  std::string kind;     // "dso", "overdue", "term_response"
  std::string version;  // "overdue-logistic-v2/2026-12-01"
  core::EpochDay trained_day = 0;
  core::EpochDay train_from_day = 0;  // the training window (invoice or snapshot days)
  core::EpochDay train_to_day = 0;
  int64_t train_rows = 0;
  int64_t test_rows = 0;
  std::optional<double> auc;
  std::optional<double> log_loss;
  std::optional<double> share_within_10_days;
  std::optional<double> mean_absolute_error_days;
  std::string calibration;  // "lower count mean_predicted observed_rate" lines
  std::string parameters;
  absl::Time create_time;
};

// Inserts unless (kind, trained_day) or the version is taken; sets the id and returns true when
// inserted.
bool InsertModelVersion(ConnectionPool::Lease& db, ModelVersionRecord& record);
// The version of `kind` trained on `day`, if any.
std::optional<ModelVersionRecord> FindModelVersion(ConnectionPool::Lease& db,
                                                   const std::string& kind, core::EpochDay day);
// The newest version of `kind` trained on or before `day`, if any.
std::optional<ModelVersionRecord> LatestModelVersion(ConnectionPool::Lease& db,
                                                     const std::string& kind, core::EpochDay day);
// How many versions of `kind` are stored.
int64_t CountModelVersions(ConnectionPool::Lease& db, const std::string& kind);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_MODEL_STORE_H_
