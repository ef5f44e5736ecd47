#include "server/ops/assessment.h"

#include <utility>

#include "server/core/status_macros.h"
#include "server/ops/clock.h"
#include "server/ops/risk.h"
#include "server/ops/term_rules.h"

namespace huikuan::ops {

core::TieringConfig TieringInForce(store::ConnectionPool::Lease& db, core::EpochDay day) {
  return TermPolicies::Load(db).InForce(day).rules.Tiering();
}

absl::StatusOr<core::CustomerAssessment> AssessCustomerOn(store::ConnectionPool::Lease& db,
                                                          const store::CustomerRecord& customer,
                                                          core::EpochDay day,
                                                          const core::TieringConfig& tiering) {
  // The year up to the day.
  core::AssessmentFacts facts = store::LoadAssessmentFacts(db, customer.id, day - 364, day);
  // What the ledger says now and the warning level (issue 10): the score and the recommendation
  // fall for a deteriorating customer.
  HK_ASSIGN_OR_RETURN(AssessmentRisk risk,
                      LoadAssessmentRisk(db, customer.id, day, core::RiskConfig()));
  facts.behaviour = risk.behaviour;
  facts.warning_level = risk.level;
  facts.current_limit = risk.credit_limit;
  return core::AssessCustomer(customer.profile(), facts, day, tiering);
}

absl::StatusOr<store::CustomerRecord> AssessAndSave(store::ConnectionPool::Lease& db,
                                                    store::CustomerRecord customer, absl::Time now,
                                                    const core::TieringConfig& tiering) {
  HK_ASSIGN_OR_RETURN(customer.assessment,
                      AssessCustomerOn(db, customer, CompanyDay(now), tiering));
  customer.assess_time = now;
  customer.update_time = now;
  const int64_t expected_version = customer.version;
  return store::SaveAssessment(db, std::move(customer), expected_version);
}

}  // namespace huikuan::ops
