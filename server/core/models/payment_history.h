// What the forecasts learn from the ledger's history (R-FCST-1/2, issue 11), as pure functions
// of columns: the day each invoice was fully settled, and a lateness profile per customer (or any
// key) from the invoices settled in a window.
//
//   std::vector<EpochDay> settled = SettleDays(amounts, invoice_index, days, settle_amounts,
//   as_of); LatenessProfile p = ProfileLateness(keys, due_days, amounts, settled, as_of - 365,
//   as_of); p.mean_days_late[p.index_of(key)]   // amount-weighted mean days late of that key
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_MODELS_PAYMENT_HISTORY_H_
#define HUIKUAN_SERVER_CORE_MODELS_PAYMENT_HISTORY_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::core {

// An invoice not (yet) fully settled on the day asked about.
inline constexpr EpochDay kNotSettled = kMaxEpochDay + 1;

// Per invoice, the first day on which its settlements (any order) reach its amount, counting only
// settlements dated on or before as_of; kNotSettled otherwise. Errors: length mismatch, an
// invoice_index out of range.
absl::StatusOr<std::vector<EpochDay>> SettleDays(absl::Span<const Fen> amounts,
                                                 absl::Span<const int64_t> invoice_index,
                                                 absl::Span<const EpochDay> days,
                                                 absl::Span<const Fen> settle_amounts,
                                                 EpochDay as_of);

struct LatenessProfile {
  // Per key seen in the window: amount-weighted mean of (settle day - due day), the amount-weighted
  // share settled after the due day, and how many invoices.
  absl::flat_hash_map<int64_t, size_t> index;
  std::vector<double> mean_days_late;
  std::vector<double> late_share;
  std::vector<int64_t> settled_count;
  // The same over every key (0 when nothing was settled in the window).
  double overall_mean_days_late = 0;
  double overall_late_share = 0;

  // The key's mean days late, or the overall one for a key with no settled invoice.
  double MeanDaysLate(int64_t key) const;
  double LateShare(int64_t key) const;
};

// Over the invoices settled in [first_day, last_day]. Errors: length mismatch.
absl::StatusOr<LatenessProfile> ProfileLateness(absl::Span<const int64_t> keys,
                                                absl::Span<const EpochDay> due_days,
                                                absl::Span<const Fen> amounts,
                                                absl::Span<const EpochDay> settle_days,
                                                EpochDay first_day, EpochDay last_day);

// Sums amounts expected on `days` into `weeks` weeks starting on first_day (week w holds days
// first_day + 7w .. first_day + 7w + 6); days before first_day count in week 0 (expected now),
// days after the last week are left out. Errors: length mismatch, weeks outside 1..104, a negative
// amount.
absl::StatusOr<std::vector<Fen>> SumByWeek(absl::Span<const EpochDay> days,
                                           absl::Span<const Fen> amounts, EpochDay first_day,
                                           int32_t weeks);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_PAYMENT_HISTORY_H_
