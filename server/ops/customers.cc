#include "server/ops/customers.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/assessment.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"
#include "server/store/identity_store.h"

namespace huikuan::ops {
namespace {

std::string CustomerName(int64_t id) { return core::FormatResourceName("customers", id); }

// Copies the set fields of `patch` into `customer`.
void Apply(const CustomerFields& patch, store::CustomerRecord& customer) {
  if (patch.display_name) customer.display_name = *patch.display_name;
  if (patch.owner_user_id) customer.owner_user_id = *patch.owner_user_id;
  if (patch.industry) customer.industry = *patch.industry;
  if (patch.enterprise_size) customer.enterprise_size = *patch.enterprise_size;
  if (patch.industry_position) customer.industry_position = *patch.industry_position;
  if (patch.founding_day) customer.founding_day = *patch.founding_day;
  if (patch.tax_credit_grade) customer.tax_credit_grade = *patch.tax_credit_grade;
  if (patch.bank_credit_line) customer.bank_credit_line = *patch.bank_credit_line;
  if (patch.third_party_rating) customer.third_party_rating = *patch.third_party_rating;
}

}  // namespace

absl::Status CheckOwner(ReadScope& read, int64_t owner_user_id, absl::string_view owner_field,
                        absl::string_view owner_name) {
  absl::StatusOr<store::UserRecord> owner = store::GetUser(read.db, owner_user_id);
  if (absl::IsNotFound(owner.status())) {
    return core::FieldViolation(owner_field, absl::StrCat(owner_name, " does not exist"));
  }
  HK_RETURN_IF_ERROR(owner.status());
  if (owner->department != DepartmentKey(Department::kSales)) {
    return core::FieldViolation(owner_field, "must be a user of the sales department");
  }
  if (read.caller.scoped_to_owned_customers() && owner_user_id != read.caller.user_id) {
    return absl::PermissionDeniedError(
        "sales staff may only own customers themselves; ask a sales head to assign another owner");
  }
  return absl::OkStatus();
}

absl::StatusOr<store::CustomerRecord> CreateCustomer(WriteScope& write,
                                                     const CustomerFields& fields,
                                                     std::optional<std::string> external_id) {
  if (!fields.display_name || !fields.owner_user_id) {
    return absl::InternalError("CreateCustomer needs a display name and an owner");
  }
  HK_RETURN_IF_ERROR(
      CheckOwner(write, *fields.owner_user_id, "customer.owner", fields.owner_name_for_errors));
  store::CustomerRecord record;
  Apply(fields, record);
  record.external_id = std::move(external_id);  // a taken one fails the unique key
  record.create_time = write.now;
  record.update_time = write.now;
  record = store::InsertCustomer(write.db, record);
  HK_ASSIGN_OR_RETURN(record, AssessAndSave(write.db, std::move(record), write.now,
                                            TieringInForce(write.db, write.today)));
  write.audit.Record(CustomerName(record.id), core::Json(), CustomerImage(record));
  return record;
}

absl::StatusOr<store::CustomerRecord> GetCustomer(ReadScope& read, int64_t id,
                                                  absl::string_view name) {
  return GetVisibleCustomer(read.db, read.caller, id, name);
}

std::vector<store::CustomerRecord> ListCustomers(ReadScope& read,
                                                 std::optional<int64_t> owner_user_id,
                                                 int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, std::nullopt, owner_user_id);
  if (scope.nothing) return {};
  store::CustomerFilter filter;
  filter.owner_user_id = scope.owner_user_id;
  filter.only_customer_id = scope.customer_id;
  return store::ListCustomers(read.db, filter, after_id, limit);
}

absl::StatusOr<store::CustomerRecord> UpdateCustomer(WriteScope& write, int64_t id,
                                                     absl::string_view name,
                                                     int64_t expected_version,
                                                     const CustomerFields& patch) {
  HK_ASSIGN_OR_RETURN(
      store::CustomerRecord record,
      GetVisibleCustomer(write.db, write.caller, id, name, store::Lock::kForUpdate));
  if (record.version != expected_version) {
    return absl::AbortedError(absl::StrCat(name, " was changed since it was read (etag \"",
                                           record.version,
                                           "\"): read it again and reapply the change"));
  }
  if (patch.owner_user_id) {
    HK_RETURN_IF_ERROR(
        CheckOwner(write, *patch.owner_user_id, "customer.owner", patch.owner_name_for_errors));
  }
  const store::CustomerRecord before = record;
  Apply(patch, record);
  record.update_time = write.now;
  HK_ASSIGN_OR_RETURN(record, store::UpdateCustomer(write.db, record, expected_version));
  write.audit.Record(CustomerName(id), CustomerImage(before), CustomerImage(record));
  return record;
}

absl::StatusOr<store::CustomerRecord> AssessCustomer(WriteScope& write, int64_t id,
                                                     absl::string_view name) {
  HK_ASSIGN_OR_RETURN(
      store::CustomerRecord record,
      GetVisibleCustomer(write.db, write.caller, id, name, store::Lock::kForUpdate));
  const store::CustomerRecord before = record;
  HK_ASSIGN_OR_RETURN(record, AssessAndSave(write.db, std::move(record), write.now,
                                            TieringInForce(write.db, write.today)));
  write.audit.Record(CustomerName(id), CustomerImage(before), CustomerImage(record));
  return record;
}

}  // namespace huikuan::ops
