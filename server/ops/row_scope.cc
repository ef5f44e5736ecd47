#include "server/ops/row_scope.h"

#include "server/core/violations.h"

namespace huikuan::ops {

bool CanSeeCustomer(const Caller& caller, int64_t customer_id, int64_t owner_user_id) {
  if (caller.is_customer()) return caller.customer_id == customer_id;
  if (caller.scoped_to_owned_customers()) return owner_user_id == caller.user_id;
  return true;
}

absl::StatusOr<store::LedgerCustomer> LockVisibleCustomer(store::ConnectionPool::Lease& db,
                                                          const Caller& caller, int64_t customer_id,
                                                          absl::string_view name_for_errors) {
  auto customers = store::LockCustomers(db, {customer_id});
  auto it = customers.find(customer_id);
  if (it == customers.end() || !CanSeeCustomer(caller, it->second.id, it->second.owner_user_id)) {
    return core::NotFoundError(name_for_errors);
  }
  return it->second;
}

absl::StatusOr<store::CustomerRecord> GetVisibleCustomer(store::ConnectionPool::Lease& db,
                                                         const Caller& caller, int64_t customer_id,
                                                         absl::string_view name_for_errors,
                                                         store::Lock lock) {
  absl::StatusOr<store::CustomerRecord> customer = store::GetCustomer(db, customer_id, lock);
  if (absl::IsNotFound(customer.status()) ||
      (customer.ok() && !CanSeeCustomer(caller, customer->id, customer->owner_user_id))) {
    return core::NotFoundError(name_for_errors);
  }
  return customer;
}

ListScope ScopeList(const Caller& caller, std::optional<int64_t> customer_id,
                    std::optional<int64_t> owner_user_id) {
  ListScope scope{customer_id, owner_user_id};
  if (caller.is_customer()) {
    if (!caller.customer_id || (customer_id && *customer_id != *caller.customer_id)) {
      scope.nothing = true;
    }
    scope.customer_id = caller.customer_id;
  } else if (caller.scoped_to_owned_customers()) {
    if (owner_user_id && *owner_user_id != caller.user_id) scope.nothing = true;
    scope.owner_user_id = caller.user_id;
  }
  return scope;
}

}  // namespace huikuan::ops
