// The shape most List RPCs share: a page (paging.h) of rows ordered by id, optionally of one
// customer (`customer`: "customers/{id}" or empty for every customer the caller may see).
//
//   return ServeCustomerPage(*request, *response,
//       [&](std::optional<int64_t> customer_id, const Page& page) {
//         return ops::ListPromises(read, customer_id, status, page.after_id, page.fetch());
//       },
//       [&](const store::PromiseRecord& p) { *response->add_promises() = PromiseToProto(p); });
#ifndef HUIKUAN_SERVER_SERVICE_CUSTOMER_PAGE_H_
#define HUIKUAN_SERVER_SERVICE_CUSTOMER_PAGE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "server/core/status_macros.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"

namespace huikuan::service {

// `list(customer_id, page)` returns up to page.fetch() rows (each with an `id`) after
// page.after_id; `add(row)` appends one row to the response. Sets the next page token.
template <typename Request, typename Response, typename List, typename Add>
absl::Status ServeCustomerPage(const Request& request, Response& response, List list, Add add) {
  HK_ASSIGN_OR_RETURN(Page page, ParsePage(request.page_size(), request.page_token()));
  HK_ASSIGN_OR_RETURN(std::optional<int64_t> customer_id,
                      ParseOptionalIdField("customers", "customer", request.customer()));
  auto rows = list(customer_id, page);
  response.set_next_page_token(TakePage(rows, page, [](const auto& row) { return row.id; }));
  for (const auto& row : rows) add(row);
  return absl::OkStatus();
}

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_CUSTOMER_PAGE_H_
