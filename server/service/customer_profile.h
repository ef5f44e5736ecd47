// The customer profile (R-TIER-1) between proto, storage and core, and the assessment that
// AssessCustomer computes with the core: scorecard (R-SCORE-1), credit recommendation
// (R-SCORE-2) and tier (R-TIER-2). Every rule is the core's; this file only gathers inputs.
#ifndef HUIKUAN_SERVER_SERVICE_CUSTOMER_PROFILE_H_
#define HUIKUAN_SERVER_SERVICE_CUSTOMER_PROFILE_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "huikuan/v1/customer.pb.h"
#include "server/core/tiering.h"
#include "server/store/customer_store.h"

namespace huikuan::service {

// Copies profile field `path` ("enterprise_size", ...) from `customer` into `record`, validating
// it (INVALID_ARGUMENT naming "customer.<path>"). NOT_FOUND-free; returns false via
// INVALID_ARGUMENT for a path that is not a profile field.
absl::Status ApplyProfileField(absl::string_view path, const v1::Customer& customer,
                               store::CustomerRecord& record);
bool IsProfileField(absl::string_view path);

// Fills the profile fields and the stored assessment of `proto` from `record`.
void ProfileToProto(const store::CustomerRecord& record, v1::Customer& proto);

// Scores, recommends and tiers `record` with the core at `now`: from its profile, the ledger of the
// year up to today (Asia/Shanghai) and the tier thresholds of the term policy in force today.
// Reads inside the caller's transaction; writes nothing.
absl::StatusOr<v1::CustomerAssessment> AssessCustomerAt(store::ConnectionPool::Lease& db,
                                                        const store::CustomerRecord& record,
                                                        absl::Time now);

// AssessCustomerAt, then stores the assessment with its time and the tier it assigns on the
// customer (bumping its version). Returns the stored record.
absl::StatusOr<store::CustomerRecord> AssessAndSave(store::ConnectionPool::Lease& db,
                                                    store::CustomerRecord record, absl::Time now);

// For assessing many customers at one moment (an import): the tier thresholds of the term policy
// in force at `now`, read once, then passed to the overloads below.
absl::StatusOr<core::TieringConfig> TieringInForce(store::ConnectionPool::Lease& db,
                                                   absl::Time now);
absl::StatusOr<v1::CustomerAssessment> AssessCustomerAt(store::ConnectionPool::Lease& db,
                                                        const store::CustomerRecord& record,
                                                        absl::Time now,
                                                        const core::TieringConfig& tiering);
absl::StatusOr<store::CustomerRecord> AssessAndSave(store::ConnectionPool::Lease& db,
                                                    store::CustomerRecord record, absl::Time now,
                                                    const core::TieringConfig& tiering);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_CUSTOMER_PROFILE_H_
