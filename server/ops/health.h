// The credit-term health score (seed 000, 账期健康度评分; issue 14; core/health_score.h for the
// rule and its weights): set-based reads for every customer (store/health_store.h), the
// industries' DSO summed from them, each customer scored, and its percentile among the other
// customers of the same industry and tier. The peers and the industry figures are always the
// whole company's; what a caller gets back is scoped (sales staff: their own customers; the
// portal: its own company).
//
// Live and snapshot: balance, overdue, the year's sales, disputes, the industry DSO and the peers
// are read from the live ledger on every scoring; the punctuality (the invoices due in the last
// 180 days paid on time, the one slow read) comes from the newest daily snapshot the `health` job
// wrote (WriteHealthSnapshot), at most kHealthSnapshotMaxAgeDays old, and is computed on read
// only when there is none. `punctuality_as_of` says which day it is of.
#ifndef HUIKUAN_SERVER_OPS_HEALTH_H_
#define HUIKUAN_SERVER_OPS_HEALTH_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/health_score.h"
#include "server/ops/scopes.h"

namespace huikuan::ops {

// A snapshot older than this is not used (the punctuality is computed on read instead).
inline constexpr int32_t kHealthSnapshotMaxAgeDays = 7;

struct CustomerHealth {
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;
  std::string display_name;
  std::string industry;
  std::string tier;
  bool scored = false;  // false: nothing to judge (no balance, sales or invoice falling due)
  core::HealthInput input;
  core::HealthScore score;
  std::optional<int32_t> percentile;  // none without a scored peer
  int64_t peers = 0;                  // other scored customers of the same industry and tier
  std::vector<core::HealthAdvice> advice;
  core::EpochDay punctuality_as_of = 0;  // the snapshot's day, or today when computed on read
};

// Every customer scored, kept between requests while the ledger does not change: a request
// reuses the last scores when they were made the same company day, no invoice or customer has
// changed since and no newer snapshot has been written (store::LoadHealthLedgerMark) and the last
// change is older than `quiet` (the lag that covers a write committed after a later one, as in
// ledger_cache.h); otherwise it scores everyone again (with a snapshot: the live reads
// only). So reads while the ledger is being written are always fresh, and a quiet ledger is read
// from memory.
// Thread-safe; shared by the requests of one process.
class HealthCache {
 public:
  explicit HealthCache(absl::Duration quiet = absl::Minutes(2)) : quiet_(quiet) {}
  std::shared_ptr<const std::vector<CustomerHealth>> Scores(ReadScope& read)
      ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  const absl::Duration quiet_;
  absl::Mutex mutex_;
  core::EpochDay day_ ABSL_GUARDED_BY(mutex_) = 0;
  core::EpochDay snapshot_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::Time invoices_changed_ ABSL_GUARDED_BY(mutex_);
  absl::Time customers_changed_ ABSL_GUARDED_BY(mutex_);
  std::shared_ptr<const std::vector<CustomerHealth>> scores_ ABSL_GUARDED_BY(mutex_);
};

// NOT_FOUND naming `name` when absent or outside the caller's scope. `cache` may be null (score
// everyone now).
absl::StatusOr<CustomerHealth> GetCustomerHealth(ReadScope& read, int64_t customer_id,
                                                 absl::string_view name,
                                                 HealthCache* cache = nullptr);

// The caller's customers with id > after_id in id order, at most `limit`, optionally of one
// industry and tier.
std::vector<CustomerHealth> ListCustomerHealth(ReadScope& read, int64_t after_id, int limit,
                                               const std::optional<std::string>& industry,
                                               const std::optional<std::string>& tier,
                                               HealthCache* cache = nullptr);

struct CompanyHealth {
  core::HealthScore score;  // weighted by balance + the year's sales (core::CombineHealthScores)
  std::array<int64_t, core::kHealthBands> bands = {};
  int64_t customers_scored = 0;
  int64_t customers = 0;
  core::EpochDay punctuality_as_of = 0;  // as CustomerHealth's
};
// Over the caller's customers (the whole company for every role but sales staff).
CompanyHealth GetCompanyHealth(ReadScope& read, HealthCache* cache = nullptr);

struct HealthSnapshotRun {
  int64_t customers = 0;  // customers with an invoice due in the 180 days
  int64_t written = 0;    // rows written now (0 when the day's snapshot was written before)
};
// The daily run's snapshot of `as_of` (write.today): every customer's punctuality as of the day
// (store::ComputePunctuality), kept in health_snapshots. Idempotent: a day written before keeps
// its rows.
HealthSnapshotRun WriteHealthSnapshot(WriteScope& write, core::EpochDay as_of);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_HEALTH_H_
