// Promises to pay (issue 9): a customer promises an amount by a date for some invoices. The
// promise pauses the collection ladder for those invoices until the date plus a tolerance; the
// daily run then judges it from the cash applied to those invoices since the promise was made:
// kept (the amount arrived; decided as soon as it does), partially kept (some, but less, by the
// deadline) or broken (nothing by the deadline). A broken or partially kept promise ends the pause
// the day after the deadline and collection resumes at the ladder's next step.
//
//   PromiseTerms terms{.amount = 500'000'00, .made_day = d, .promised_day = d + 10,
//                      .tolerance_days = 3};
//   absl::StatusOr<PromiseEvaluation> e = EvaluatePromise(terms, cash, d + 14);
//   // e->status == PromiseStatus::kBroken when no cash arrived by d + 13
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_PROMISE_H_
#define HUIKUAN_SERVER_CORE_PROMISE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/dated_amount.h"
#include "server/core/money.h"

namespace huikuan::core {

// Days after the promised date before a promise counts as broken (a transfer takes a day or two
// to arrive; the server's --promise_tolerance_days sets the company's value).
inline constexpr int32_t kDefaultPromiseToleranceDays = 3;
inline constexpr int32_t kMaxPromiseToleranceDays = 30;
// A promise further out than this is a payment plan, not a promise.
inline constexpr int32_t kMaxPromiseHorizonDays = 180;

// Stable numeric values.
enum class PromiseStatus : int8_t {
  kOpen = 0,           // the deadline has not passed and the amount has not arrived
  kKept = 1,           // the promised amount arrived by the deadline
  kPartiallyKept = 2,  // some cash arrived by the deadline, less than promised
  kBroken = 3,         // nothing arrived by the deadline
};
inline constexpr int kPromiseStatusCount = 4;
// "open", "kept", "partially_kept", "broken".
absl::string_view PromiseStatusName(PromiseStatus status);
std::optional<PromiseStatus> ParsePromiseStatus(absl::string_view name);

struct PromiseTerms {
  Fen amount = 0;
  EpochDay made_day = 0;      // the day the customer promised
  EpochDay promised_day = 0;  // the day the customer promised to pay by
  int32_t tolerance_days = kDefaultPromiseToleranceDays;
};

// The last day cash counts for the promise: promised_day + tolerance_days.
EpochDay PromiseDeadline(const PromiseTerms& terms);

// A new promise made on `today` for invoices with `open_total` open: amount in (0, open_total]
// (INVALID_ARGUMENT on "amount_fen"), promised day from today to today + kMaxPromiseHorizonDays
// ("promised_date"), tolerance 0..kMaxPromiseToleranceDays ("tolerance_days").
absl::Status ValidatePromise(const PromiseTerms& terms, Fen open_total, EpochDay today);

struct PromiseEvaluation {
  PromiseStatus status = PromiseStatus::kOpen;
  Fen paid = 0;  // cash counted for the promise (dated made_day..min(deadline, as_of))
  // The day the status was decided (the day the amount was complete, or the day after the
  // deadline); empty while open.
  std::optional<EpochDay> decided_day;
};

// The promise as of `as_of` from `cash` (cash applied to its invoices, by the day it was
// received; any order). Cash dated before made_day or after the deadline does not count.
// INVALID_ARGUMENT for a bad amount or day.
absl::StatusOr<PromiseEvaluation> EvaluatePromise(const PromiseTerms& terms,
                                                  absl::Span<const DatedAmount> cash,
                                                  EpochDay as_of);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_PROMISE_H_
