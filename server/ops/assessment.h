// A customer's assessment as of a day (core/assessment.h) from its profile, the ledger of the year
// up to the day and the tier thresholds of the term policy in force: the one computation behind
// AssessCustomer, customer creation, imports and the credit pre-review.
#ifndef HUIKUAN_SERVER_OPS_ASSESSMENT_H_
#define HUIKUAN_SERVER_OPS_ASSESSMENT_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/assessment.h"
#include "server/core/tiering.h"
#include "server/ops/scopes.h"
#include "server/store/customer_store.h"

namespace huikuan::ops {

// The tier thresholds of the term policy in force on `day`: read once for many assessments.
core::TieringConfig TieringInForce(store::ConnectionPool::Lease& db, core::EpochDay day);

// Reads inside the caller's transaction; writes nothing.
absl::StatusOr<core::CustomerAssessment> AssessCustomerOn(store::ConnectionPool::Lease& db,
                                                          const store::CustomerRecord& customer,
                                                          core::EpochDay day,
                                                          const core::TieringConfig& tiering);

// Assesses `customer` as of `now` (the company's day) and stores the assessment, its time and the
// tier it assigns (bumping the version). Returns the stored record; the caller audits.
absl::StatusOr<store::CustomerRecord> AssessAndSave(store::ConnectionPool::Lease& db,
                                                    store::CustomerRecord customer, absl::Time now,
                                                    const core::TieringConfig& tiering);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_ASSESSMENT_H_
