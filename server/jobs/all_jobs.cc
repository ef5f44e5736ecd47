#include "server/jobs/all_jobs.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "server/jobs/cadence_job.h"
#include "server/jobs/dunning_job.h"
#include "server/jobs/escalation_job.h"
#include "server/jobs/health_job.h"
#include "server/jobs/late_fees_job.h"
#include "server/jobs/limitation_job.h"
#include "server/jobs/models_job.h"
#include "server/jobs/payment_plans_job.h"
#include "server/jobs/promises_job.h"
#include "server/jobs/risk_job.h"

namespace huikuan::jobs {
namespace {

void MustAdd(JobRegistry& registry, std::unique_ptr<DailyJob> job) {
  absl::Status added = registry.Add(std::move(job));
  if (!added.ok()) {
    std::fprintf(stderr, "AllJobs: %s\n", added.ToString().c_str());
    std::abort();
  }
}

}  // namespace

JobRegistry AllJobs(const JobSettings& settings) {
  JobRegistry registry;
  // Late fees first: later jobs of the same day (dunning) see the day's fees. Promises and plans
  // are judged before the ladder, which reads their holds and resumes; the early warnings (risk)
  // come after them (they count the day's broken promises) and before the ladder (a customer
  // put on hold today is on hold when dunning runs); escalation comes after them so that it sees
  // every item the day created; the models job (forecast versions) only reads the ledger: last.
  MustAdd(registry, std::make_unique<LateFeesJob>());
  MustAdd(registry, std::make_unique<PromisesJob>());
  MustAdd(registry, std::make_unique<PaymentPlansJob>());
  MustAdd(registry, std::make_unique<LimitationJob>());
  MustAdd(registry, std::make_unique<RiskJob>(settings.risk));
  MustAdd(registry, std::make_unique<DunningJob>(settings.collection));
  // The relationship cadence (issue 14) before escalation, like the ladder's items.
  MustAdd(registry, std::make_unique<CadenceJob>(settings.collection));
  MustAdd(registry, std::make_unique<EscalationJob>());
  // The health score's daily snapshot (issue 14) only reads the ledger, like the models.
  MustAdd(registry, std::make_unique<HealthJob>());
  MustAdd(registry, std::make_unique<ModelsJob>());
  return registry;
}

}  // namespace huikuan::jobs
