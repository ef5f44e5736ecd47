#include "server/service/customer_service.h"

#include <string>
#include <vector>

#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/customers.h"
#include "server/service/customer_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

grpc::Status CustomerServiceImpl::CreateCustomer(grpc::ServerContext* context,
                                                 const v1::CreateCustomerRequest* request,
                                                 v1::CreateCustomerResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        const v1::Customer& customer = request->customer();
        HK_ASSIGN_OR_RETURN(ops::CustomerFields fields,
                            CustomerFieldsFromProto(customer, PathsSetOnCreate(customer)));
        std::optional<std::string> external_id;
        if (!customer.external_id().empty()) {
          HK_RETURN_IF_ERROR(core::CheckKey("customer.external_id", customer.external_id()));
          external_id = customer.external_id();
        }
        HK_ASSIGN_OR_RETURN(store::CustomerRecord created,
                            ops::CreateCustomer(write, fields, external_id));
        *response->mutable_customer() = CustomerToProto(created);
        return absl::OkStatus();
      });
}

grpc::Status CustomerServiceImpl::GetCustomer(grpc::ServerContext* context,
                                              const v1::GetCustomerRequest* request,
                                              v1::GetCustomerResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                        ops::GetCustomer(read, id, request->name()));
    *response->mutable_customer() = CustomerToProto(customer);
    return absl::OkStatus();
  });
}

grpc::Status CustomerServiceImpl::ListCustomers(grpc::ServerContext* context,
                                                const v1::ListCustomersRequest* request,
                                                v1::ListCustomersResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> owner,
                        ParseOptionalIdField("users", "owner", request->owner()));
    std::vector<store::CustomerRecord> customers =
        ops::ListCustomers(read, owner, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(customers, page, [](const store::CustomerRecord& c) { return c.id; }));
    for (const auto& customer : customers) *response->add_customers() = CustomerToProto(customer);
    return absl::OkStatus();
  });
}

grpc::Status CustomerServiceImpl::UpdateCustomer(grpc::ServerContext* context,
                                                 const v1::UpdateCustomerRequest* request,
                                                 v1::UpdateCustomerResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        const v1::Customer& patch = request->customer();
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "customer.name", patch.name()));
        if (request->update_mask().paths_size() == 0) {
          return FieldViolation("update_mask", "must name at least one field to update");
        }
        HK_ASSIGN_OR_RETURN(int64_t expected_version,
                            ParseEtagField("customer.etag", patch.etag()));
        const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                             request->update_mask().paths().end());
        HK_ASSIGN_OR_RETURN(ops::CustomerFields fields, CustomerFieldsFromProto(patch, paths));
        HK_ASSIGN_OR_RETURN(store::CustomerRecord updated,
                            ops::UpdateCustomer(write, id, patch.name(), expected_version, fields));
        *response->mutable_customer() = CustomerToProto(updated);
        return absl::OkStatus();
      });
}

grpc::Status CustomerServiceImpl::AssessCustomer(grpc::ServerContext* context,
                                                 const v1::AssessCustomerRequest* request,
                                                 v1::AssessCustomerResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(int64_t id,
                                              ParseIdField("customers", "name", request->name()));
                          HK_ASSIGN_OR_RETURN(store::CustomerRecord assessed,
                                              ops::AssessCustomer(write, id, request->name()));
                          *response->mutable_customer() = CustomerToProto(assessed);
                          return absl::OkStatus();
                        });
}

}  // namespace huikuan::service
