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

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CUSTOMER_STORE_H_
