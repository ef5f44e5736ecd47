// Late fees (R-TERM-4): the term counts from the invoice date; an overdue amount accrues 0.05% per
// day (万分之五 = 5 basis points per day).
//
//   absl::StatusOr<Fen> fee = LateFee(1'000'000, /*days_overdue=*/10);   // 5'000 fen
//
// fee = round(overdue_amount * rate_bp_per_day * days_overdue / 10,000), rounded once from the
// exact product (never per day), half-up by default. Days overdue = as_of - due_day when positive,
// else 0. Waivers (force majeure, with approval) are recorded elsewhere; a waived fee is simply not
// charged, so the core has no waiver flag.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_LATE_FEE_H_
#define HUIKUAN_SERVER_CORE_LATE_FEE_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::core {

struct LateFeeConfig {
  BasisPoints rate_bp_per_day = 5;  // 0.05% per day
  Rounding rounding = Rounding::kHalfUp;
  int32_t grace_days = 0;  // days after due without a fee (the seeds have none)
};

// Errors: INVALID_ARGUMENT for a negative or oversized amount, negative days, negative rate,
// negative grace days, or a fee that overflows int64.
absl::StatusOr<Fen> LateFee(Fen overdue_amount, int32_t days_overdue,
                            const LateFeeConfig& config = LateFeeConfig());

// Days overdue as of a date for a term counted from the invoice date: max(0, as_of - (invoice_day +
// term_days)). Errors: dates out of range, negative term.
absl::StatusOr<int32_t> DaysOverdue(EpochDay invoice_day, int32_t term_days, EpochDay as_of);

// Per-invoice fees into `fees` (same length) and their checked total. An invoice not yet past its
// due day (plus grace) has fee 0. Errors: length mismatch, bad amount or date, overflow.
absl::StatusOr<Fen> LateFeesBatch(absl::Span<const Fen> overdue_amounts,
                                  absl::Span<const EpochDay> due_days, EpochDay as_of,
                                  const LateFeeConfig& config, absl::Span<Fen> fees);

// One invoice's fees day by day (R-TERM-4), as the daily accrual run charges them: each day after
// the due day (and after the last day already charged) up to `as_of`, on the amount that was open
// at the end of that day. That amount is today's open amount plus the cash received after the day,
// so an invoice paid late is still charged for the days it was late, and a run that missed days
// catches them up exactly.
struct LateFeeSchedule {
  EpochDay due_day = 0;
  Fen open_now = 0;
  std::optional<EpochDay> last_accrued_day;
  // Cash applied to the invoice and received after its due day: (received day, amount), any order.
  std::vector<std::pair<EpochDay, Fen>> receipts_after_due;
};

struct DailyLateFee {
  EpochDay day = 0;
  Fen base = 0;  // open at the end of `day`
  // The growth of LateFee(base, days overdue) over the day, so that a run of days on one amount
  // totals exactly LateFee(amount, days), rounded once.
  Fen fee = 0;
};

// The days to charge, ascending; none once the invoice is paid in full. Errors: dates out of
// range, negative amounts, a bad config, overflow.
absl::StatusOr<std::vector<DailyLateFee>> AccrueDailyLateFees(
    const LateFeeSchedule& schedule, EpochDay as_of, const LateFeeConfig& config = LateFeeConfig());

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_LATE_FEE_H_
