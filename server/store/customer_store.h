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
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct CustomerRecord {
  int64_t id = 0;
  std::string display_name;
  int64_t owner_user_id = 0;
  std::string industry;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
  // Profile (R-TIER-1); enum values are the core's names ("small", "sme", "M").
  std::string enterprise_size = "small";
  std::string industry_position = "sme";
  std::optional<std::string> founding_date;  // "YYYY-MM-DD"
  std::string tax_credit_grade = "M";
  int64_t bank_credit_line_fen = 0;
  std::string third_party_rating;
  // The latest assessment (huikuan.v1.CustomerAssessment as JSON) and when it was computed.
  std::optional<std::string> assessment_json;
  std::optional<absl::Time> assess_time;
  // The key in another system (migration 0080): written on insert only, unique when set.
  std::optional<std::string> external_id;
};

// What the ledger says about a customer, for its assessment (cooperation history, R-TIER-1, and
// payment history, R-SCORE-1). Dates are "YYYY-MM-DD".
struct CustomerLedgerFacts {
  std::optional<std::string> first_invoice_date;
  int32_t paid_invoices = 0;
  // Paid invoices whose last payment was received on or before the due date.
  int32_t paid_on_time = 0;
  // Invoiced amounts with invoice_date in [since, as_of]: this customer's and everyone's.
  int64_t invoiced_fen = 0;
  int64_t all_invoiced_fen = 0;
};

struct CustomerFilter {
  std::optional<int64_t> owner_user_id;
  // A customer-portal user sees this one customer only.
  std::optional<int64_t> only_customer_id;
};

CustomerRecord InsertCustomer(ConnectionPool::Lease& db, CustomerRecord customer);
// NOT_FOUND when absent. `for_update` locks the row until the transaction ends.
absl::StatusOr<CustomerRecord> GetCustomer(ConnectionPool::Lease& db, int64_t id, bool for_update);
// Customers with id > after_id in id order, at most `limit`.
std::vector<CustomerRecord> ListCustomers(ConnectionPool::Lease& db, const CustomerFilter& filter,
                                          int64_t after_id, int limit);
// Writes the mutable fields and bumps the version, only if the stored version is still
// `expected_version`; ABORTED otherwise. Returns the record as stored.
absl::StatusOr<CustomerRecord> UpdateCustomer(ConnectionPool::Lease& db, CustomerRecord customer,
                                              int64_t expected_version);
int64_t CountCustomers(ConnectionPool::Lease& db);

// Stores an assessment and the tier it assigned, bumping the version (like UpdateCustomer).
absl::StatusOr<CustomerRecord> SaveAssessment(ConnectionPool::Lease& db, CustomerRecord customer,
                                              const std::string& tier, int64_t expected_version);

CustomerLedgerFacts LoadLedgerFacts(ConnectionPool::Lease& db, int64_t customer_id,
                                    const std::string& since, const std::string& as_of);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CUSTOMER_STORE_H_
