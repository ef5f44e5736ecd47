// `late_fees`: the day's late-fee accrual (R-TERM-4) through ops::AccrueLateFees, which charges
// every overdue day not yet charged up to the run's day, on the amount open at the end of each
// day. Idempotent by late_fee_accruals' unique (invoice, day); a day replayed after its run
// charges nothing.
#ifndef HUIKUAN_SERVER_JOBS_LATE_FEES_JOB_H_
#define HUIKUAN_SERVER_JOBS_LATE_FEES_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class LateFeesJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "late_fees";
  // At most this many invoice names in an outcome's items (the counts are always complete).
  static constexpr size_t kMaxItems = 2000;

  absl::string_view name() const override { return kName; }
  // created: (invoice, day) accruals; changed: 0 (fees never change an invoice); skipped:
  // candidates that owed no new day; items: "invoices/N" of the invoices charged.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_LATE_FEES_JOB_H_
