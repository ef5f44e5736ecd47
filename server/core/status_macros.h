// Status propagation macros. Debian's Abseil 20220623 ships neither RETURN_IF_ERROR nor
// ASSIGN_OR_RETURN, so the project keeps its own, used by every layer.
//
//   HK_RETURN_IF_ERROR(DoThing());
//   HK_ASSIGN_OR_RETURN(Invoice invoice, LoadInvoice(id));
#ifndef HUIKUAN_SERVER_CORE_STATUS_MACROS_H_
#define HUIKUAN_SERVER_CORE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define HK_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status hk_status_ = (expr);      \
    if (!hk_status_.ok()) return hk_status_; \
  } while (0)

#define HK_STATUS_MACROS_CONCAT_INNER(x, y) x##y
#define HK_STATUS_MACROS_CONCAT(x, y) HK_STATUS_MACROS_CONCAT_INNER(x, y)

#define HK_ASSIGN_OR_RETURN(lhs, expr) \
  HK_ASSIGN_OR_RETURN_IMPL(HK_STATUS_MACROS_CONCAT(hk_statusor_, __LINE__), lhs, expr)

#define HK_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                             \
  if (!statusor.ok()) return statusor.status();       \
  lhs = std::move(statusor).value()

#endif  // HUIKUAN_SERVER_CORE_STATUS_MACROS_H_
