#include "server/jobs/late_fees_job.h"

#include "absl/strings/str_cat.h"
#include "server/core/money.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/collections.h"

namespace huikuan::jobs {

absl::StatusOr<JobOutcome> LateFeesJob::RunDay(ops::WriteScope& write, core::EpochDay as_of) {
  // The runner never passes a day after write.today, so the field is never reported.
  HK_ASSIGN_OR_RETURN(ops::LateFeeRun run, ops::AccrueLateFees(write, as_of, "as_of_date"));
  JobOutcome outcome;
  outcome.created = run.days_accrued;
  outcome.skipped = run.invoices_without_fee;
  for (int64_t id : run.invoice_ids) {
    if (outcome.items.size() == kMaxItems) break;
    outcome.items.push_back(core::FormatResourceName("invoices", id));
  }
  outcome.summary = absl::StrCat(run.invoices_accrued, " invoices charged ", run.days_accrued,
                                 " overdue days, ", core::MoneyText(run.fee), " of late fees");
  if (run.invoice_ids.size() > kMaxItems) {
    absl::StrAppend(&outcome.summary, " (the first ", kMaxItems, " invoices listed)");
  }
  return outcome;
}

}  // namespace huikuan::jobs
