// Customers. Same conventions as identity_store.h: run inside RunInTransaction, SQL errors throw.
#ifndef HUIKUAN_SERVER_STORE_CUSTOMER_STORE_H_
#define HUIKUAN_SERVER_STORE_CUSTOMER_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/assessment.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

struct CustomerRecord {
  int64_t id = 0;
  std::string display_name;
  int64_t owner_user_id = 0;
  std::string industry;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
  // Profile (R-TIER-1), stored by the core's names ("small", "sme", "M").
  core::EnterpriseSize enterprise_size = core::EnterpriseSize::kSmall;
  core::IndustryPosition industry_position = core::IndustryPosition::kSme;
  std::optional<core::EpochDay> founding_day;
  core::TaxCreditGrade tax_credit_grade = core::TaxCreditGrade::kM;
  core::Fen bank_credit_line = 0;
  std::string third_party_rating;
  // The latest assessment and when it was computed.
  std::optional<core::CustomerAssessment> assessment;
  std::optional<absl::Time> assess_time;
  // The key in another system (migration 0080): written on insert only, unique when set.
  std::optional<std::string> external_id;

  core::CustomerProfile profile() const {
    return {enterprise_size, industry_position, tax_credit_grade, bank_credit_line};
  }
};

struct CustomerFilter {
  std::optional<int64_t> owner_user_id;
  // A customer-portal user sees this one customer only.
  std::optional<int64_t> only_customer_id;
};

CustomerRecord InsertCustomer(ConnectionPool::Lease& db, CustomerRecord customer);
// NOT_FOUND when absent.
absl::StatusOr<CustomerRecord> GetCustomer(ConnectionPool::Lease& db, int64_t id, Lock lock);
// Customers with id > after_id in id order, at most `limit`.
std::vector<CustomerRecord> ListCustomers(ConnectionPool::Lease& db, const CustomerFilter& filter,
                                          int64_t after_id, int limit);
// Writes the mutable fields and bumps the version, only if the stored version is still
// `expected_version`; ABORTED otherwise. Returns the record as stored.
absl::StatusOr<CustomerRecord> UpdateCustomer(ConnectionPool::Lease& db, CustomerRecord customer,
                                              int64_t expected_version);
int64_t CountCustomers(ConnectionPool::Lease& db);

// Stores customer.assessment with its time and the tier it assigned, bumping the version (like
// UpdateCustomer).
absl::StatusOr<CustomerRecord> SaveAssessment(ConnectionPool::Lease& db, CustomerRecord customer,
                                              int64_t expected_version);

// What the ledger says about a customer for its assessment (cooperation history, R-TIER-1, and
// payment history, R-SCORE-1): invoiced amounts dated in [since, as_of], its and everyone's.
core::AssessmentFacts LoadAssessmentFacts(ConnectionPool::Lease& db, int64_t customer_id,
                                          core::EpochDay since, core::EpochDay as_of);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CUSTOMER_STORE_H_
