// Row scoping, the one rule (DESIGN.md, Roles): sales staff see only the customers they own, a
// customer-portal user only its own company, every other role and the system every customer. An
// operation never tells a caller whether a row outside its scope exists: it is NOT_FOUND with the
// same wording as an absent one.
#ifndef HUIKUAN_SERVER_OPS_ROW_SCOPE_H_
#define HUIKUAN_SERVER_OPS_ROW_SCOPE_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/ops/caller.h"
#include "server/store/connection_pool.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

bool CanSeeCustomer(const Caller& caller, int64_t customer_id, int64_t owner_user_id);

// Locks the customer's row (the ledger's per-customer lock, ledger_store.h) and applies scoping:
// NOT_FOUND naming `name_for_errors` when absent or outside the caller's scope.
absl::StatusOr<store::LedgerCustomer> LockVisibleCustomer(store::ConnectionPool::Lease& db,
                                                          const Caller& caller, int64_t customer_id,
                                                          absl::string_view name_for_errors);

// The customer when the caller may see it; NOT_FOUND naming `name_for_errors` otherwise.
absl::StatusOr<store::CustomerRecord> GetVisibleCustomer(store::ConnectionPool::Lease& db,
                                                         const Caller& caller, int64_t customer_id,
                                                         absl::string_view name_for_errors,
                                                         store::Lock lock = store::Lock::kNone);

// The rows a list may return: the request's own customer and owner filters ANDed with the
// caller's scope. A filter outside the scope gives an empty list, never an error.
struct ListScope {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  bool nothing = false;  // no row can match: skip the query
};
ListScope ScopeList(const Caller& caller, std::optional<int64_t> customer_id,
                    std::optional<int64_t> owner_user_id = std::nullopt);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_ROW_SCOPE_H_
