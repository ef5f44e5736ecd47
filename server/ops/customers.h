// Customers (R-TIER-1): created and updated with their four-dimension profile, owned by a sales
// user, scored and tiered at once (assessment.h), every change audited.
#ifndef HUIKUAN_SERVER_OPS_CUSTOMERS_H_
#define HUIKUAN_SERVER_OPS_CUSTOMERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/ops/scopes.h"
#include "server/store/customer_store.h"

namespace huikuan::ops {

// A customer's fields as a create or update request sets them: only the set ones apply (an update
// names them in its update_mask). Well-formed: the caller checked them.
struct CustomerFields {
  std::optional<std::string> display_name;
  std::optional<int64_t> owner_user_id;
  std::string owner_name_for_errors;  // "users/7", as the request named the owner
  std::optional<std::string> industry;
  std::optional<core::EnterpriseSize> enterprise_size;
  std::optional<core::IndustryPosition> industry_position;
  std::optional<std::optional<core::EpochDay>> founding_day;  // set to none: cleared
  std::optional<core::TaxCreditGrade> tax_credit_grade;
  std::optional<core::Fen> bank_credit_line;
  std::optional<std::string> third_party_rating;
};

// The owner must be a user of the sales department (INVALID_ARGUMENT on `owner_field`); sales
// staff may only name themselves (PERMISSION_DENIED).
absl::Status CheckOwner(ReadScope& read, int64_t owner_user_id, absl::string_view owner_field,
                        absl::string_view owner_name);

// Creates, assesses (assessment.h) and audits a customer; display_name and owner are required.
// An external_id already taken is ALREADY_EXISTS.
absl::StatusOr<store::CustomerRecord> CreateCustomer(WriteScope& write,
                                                     const CustomerFields& fields,
                                                     std::optional<std::string> external_id);

absl::StatusOr<store::CustomerRecord> GetCustomer(ReadScope& read, int64_t id,
                                                  absl::string_view name);
// Visible customers, optionally of one owner, with id > after_id in id order, at most `limit`.
std::vector<store::CustomerRecord> ListCustomers(ReadScope& read,
                                                 std::optional<int64_t> owner_user_id,
                                                 int64_t after_id, int limit);

// Applies `patch` if the customer is still at `expected_version` (ABORTED otherwise: read it
// again); the owner is checked like CreateCustomer's.
absl::StatusOr<store::CustomerRecord> UpdateCustomer(WriteScope& write, int64_t id,
                                                     absl::string_view name,
                                                     int64_t expected_version,
                                                     const CustomerFields& patch);

// Scores, recommends and tiers the customer again now and stores the result (audited).
absl::StatusOr<store::CustomerRecord> AssessCustomer(WriteScope& write, int64_t id,
                                                     absl::string_view name);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_CUSTOMERS_H_
