// Which role may call which RPC: one table of data (permissions.cc), checked in one place (the
// auth interceptor) and tested exhaustively (every RPC in the descriptor pool x every role).
// Row scoping (sales staff -> own customers, customer users -> own company) is applied by the
// handlers on top of this table.
#ifndef HUIKUAN_SERVER_SERVICE_PERMISSIONS_H_
#define HUIKUAN_SERVER_SERVICE_PERMISSIONS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace huikuan::service {

// Methods callable without a token: gRPC health checking, server reflection and
// SessionService.Login (which is how people get one).
bool IsPublicMethod(absl::string_view full_method);

// True when the table has a row for `full_method` ("/huikuan.v1.CustomerService/GetCustomer").
bool HasPermissionEntry(absl::string_view full_method);

// True when `role` ("finance_head") may call `full_method`. Methods without a row are denied.
bool IsAllowed(absl::string_view full_method, absl::string_view role);

// Every method the table knows, for tests and documentation.
std::vector<std::string> MethodsWithPermissionEntries();

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PERMISSIONS_H_
