// `models`: the forecast models retrained and versioned (issue 11) through ops::TrainModels: the
// DSO regression (R-FCST-1), the overdue classifier (R-FCST-2) and the term-policy simulator's
// term-response fit, each from the whole ledger as of the day, stored as one version per (kind,
// day) with its training window and held-out metrics; ForecastService answers with the newest
// version and names it. Audited as system:job/models.
//
// Cadence: daily, like every job of the run. The overdue model's labelled snapshots move with the
// day and the worklist reads its probabilities daily; a fit takes seconds on a ledger of the
// demo's size, and a version is one small row (about 4 KB). A kind whose history is too short is
// noted in the summary and skipped (the forecast then answers FAILED_PRECONDITION until a later
// day can fit it), so a young installation's run does not fail. Idempotent: a replayed day finds
// its versions stored and creates nothing.
//
// Order (all_jobs.cc): last; it only reads the ledger and changes nothing the others read.
#ifndef HUIKUAN_SERVER_JOBS_MODELS_JOB_H_
#define HUIKUAN_SERVER_JOBS_MODELS_JOB_H_

#include "server/jobs/daily_job.h"

namespace huikuan::jobs {

class ModelsJob : public DailyJob {
 public:
  static constexpr absl::string_view kName = "models";

  absl::string_view name() const override { return kName; }
  // created: versions stored; skipped: kinds already stored for the day or not fittable yet;
  // items: "modelVersions/<version>" of the stored versions.
  absl::StatusOr<JobOutcome> RunDay(ops::WriteScope& write, core::EpochDay as_of) override;
};

}  // namespace huikuan::jobs

#endif  // HUIKUAN_SERVER_JOBS_MODELS_JOB_H_
