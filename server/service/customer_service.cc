#include "server/service/customer_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/core/customer_csv.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/customer_profile.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/identity_store.h"

namespace huikuan::service {
namespace {

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

absl::Status ValidateDisplayName(absl::string_view value) {
  if (value.empty() || value.size() > 200) {
    return FieldViolation("customer.display_name", "must be 1-200 characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateIndustry(absl::string_view value) {
  if (value.size() > 100)
    return FieldViolation("customer.industry", "must be at most 100 characters");
  return absl::OkStatus();
}

// The owner must be an existing sales user; sales staff may only name themselves.
absl::StatusOr<int64_t> ResolveOwner(store::ConnectionPool::Lease& db, const Principal& caller,
                                     absl::string_view owner_name) {
  HK_ASSIGN_OR_RETURN(int64_t owner_id, ParseIdField("users", "customer.owner", owner_name));
  absl::StatusOr<store::UserRecord> owner = store::GetUser(db, owner_id);
  if (absl::IsNotFound(owner.status())) {
    return FieldViolation("customer.owner", absl::StrCat(owner_name, " does not exist"));
  }
  HK_RETURN_IF_ERROR(owner.status());
  if (owner->department != "sales") {
    return FieldViolation("customer.owner", "must be a user of the sales department");
  }
  if (caller.scoped_to_owned_customers() && owner_id != caller.user_id) {
    return absl::PermissionDeniedError(
        "sales staff may only own customers themselves; ask a sales head to assign another owner");
  }
  return owner_id;
}

std::string Etag(int64_t version) { return absl::StrCat("\"", version, "\""); }

// The profile fields a create request sets (non-default values), validated into `record`.
absl::Status ApplyProfileOnCreate(const v1::Customer& customer, store::CustomerRecord& record) {
  std::vector<absl::string_view> paths;
  if (customer.enterprise_size() != v1::ENTERPRISE_SIZE_UNSPECIFIED)
    paths.push_back("enterprise_size");
  if (customer.industry_position() != v1::INDUSTRY_POSITION_UNSPECIFIED) {
    paths.push_back("industry_position");
  }
  if (!customer.founding_date().empty()) paths.push_back("founding_date");
  if (customer.tax_credit_grade() != v1::TAX_CREDIT_GRADE_UNSPECIFIED) {
    paths.push_back("tax_credit_grade");
  }
  if (customer.bank_credit_line_fen() != 0) paths.push_back("bank_credit_line_fen");
  if (!customer.third_party_rating().empty()) paths.push_back("third_party_rating");
  for (absl::string_view path : paths)
    HK_RETURN_IF_ERROR(ApplyProfileField(path, customer, record));
  return absl::OkStatus();
}

}  // namespace

v1::Customer CustomerToProto(const store::CustomerRecord& customer) {
  v1::Customer proto;
  proto.set_name(core::FormatResourceName("customers", customer.id));
  proto.set_display_name(customer.display_name);
  proto.set_owner(core::FormatResourceName("users", customer.owner_user_id));
  proto.set_industry(customer.industry);
  *proto.mutable_create_time() = ToProtoTimestamp(customer.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(customer.update_time);
  proto.set_etag(Etag(customer.version));
  proto.set_external_id(customer.external_id.value_or(""));
  ProfileToProto(customer, proto);
  return proto;
}

bool CanSeeCustomer(const Principal& caller, const store::CustomerRecord& customer) {
  if (caller.department == v1::DEPARTMENT_CUSTOMER) {
    return caller.customer_id.has_value() && *caller.customer_id == customer.id;
  }
  if (caller.scoped_to_owned_customers()) return customer.owner_user_id == caller.user_id;
  return true;
}

grpc::Status CustomerServiceImpl::CreateCustomer(grpc::ServerContext* context,
                                                 const v1::CreateCustomerRequest* request,
                                                 v1::CreateCustomerResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        const v1::Customer& customer = request->customer();
        HK_RETURN_IF_ERROR(ValidateDisplayName(customer.display_name()));
        HK_RETURN_IF_ERROR(ValidateIndustry(customer.industry()));
        store::CustomerRecord record;
        HK_ASSIGN_OR_RETURN(record.owner_user_id,
                            ResolveOwner(write.db, write.caller, customer.owner()));
        HK_RETURN_IF_ERROR(ApplyProfileOnCreate(customer, record));
        if (!customer.external_id().empty()) {
          if (!core::IsValidExternalKey(customer.external_id())) {
            return FieldViolation("customer.external_id",
                                  "must be 1-64 characters without control characters");
          }
          // A taken id fails the unique key: ALREADY_EXISTS.
          record.external_id = customer.external_id();
        }
        record.display_name = customer.display_name();
        record.industry = customer.industry();
        record.create_time = write.now;
        record.update_time = write.now;
        record = store::InsertCustomer(write.db, record);
        HK_ASSIGN_OR_RETURN(record, AssessAndSave(write.db, std::move(record), write.now));
        *response->mutable_customer() = CustomerToProto(record);
        write.Audit(response->customer().name(), nullptr, &response->customer());
        return absl::OkStatus();
      });
}

grpc::Status CustomerServiceImpl::GetCustomer(grpc::ServerContext* context,
                                              const v1::GetCustomerRequest* request,
                                              v1::GetCustomerResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "name", request->name()));
        HK_ASSIGN_OR_RETURN(store::CustomerRecord record, store::GetCustomer(db, id, false));
        if (!CanSeeCustomer(caller, record)) return NotFound(request->name());
        *response->mutable_customer() = CustomerToProto(record);
        return absl::OkStatus();
      });
}

grpc::Status CustomerServiceImpl::ListCustomers(grpc::ServerContext* context,
                                                const v1::ListCustomersRequest* request,
                                                v1::ListCustomersResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        store::CustomerFilter filter;
        if (!request->owner().empty()) {
          HK_ASSIGN_OR_RETURN(filter.owner_user_id,
                              ParseIdField("users", "owner", request->owner()));
        }
        if (caller.scoped_to_owned_customers()) {
          // Asking for another owner's customers yields nothing rather than an error: the filter
          // and the scope are combined with AND.
          if (filter.owner_user_id && *filter.owner_user_id != caller.user_id)
            return absl::OkStatus();
          filter.owner_user_id = caller.user_id;
        }
        if (caller.department == v1::DEPARTMENT_CUSTOMER) {
          if (!caller.customer_id) return absl::OkStatus();
          filter.only_customer_id = *caller.customer_id;
        }
        std::vector<store::CustomerRecord> customers =
            store::ListCustomers(db, filter, after_id, page_size + 1);
        const bool more = static_cast<int>(customers.size()) > page_size;
        if (more) customers.pop_back();
        for (const auto& customer : customers)
          *response->add_customers() = CustomerToProto(customer);
        if (more) response->set_next_page_token(EncodePageToken(customers.back().id));
        return absl::OkStatus();
      });
}

grpc::Status CustomerServiceImpl::UpdateCustomer(grpc::ServerContext* context,
                                                 const v1::UpdateCustomerRequest* request,
                                                 v1::UpdateCustomerResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        const v1::Customer& patch = request->customer();
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "customer.name", patch.name()));
        if (request->update_mask().paths_size() == 0) {
          return FieldViolation("update_mask", "must name at least one field to update");
        }
        int64_t expected_version = 0;
        absl::string_view etag = patch.etag();
        if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"' ||
            !absl::SimpleAtoi(etag.substr(1, etag.size() - 2), &expected_version)) {
          return FieldViolation("customer.etag", "is required: the etag of the customer as read");
        }
        HK_ASSIGN_OR_RETURN(store::CustomerRecord record, store::GetCustomer(write.db, id, true));
        if (!CanSeeCustomer(write.caller, record)) return NotFound(patch.name());
        if (record.version != expected_version) {
          return absl::AbortedError(
              absl::StrCat(patch.name(), " was changed since it was read (etag ",
                           Etag(record.version), "): read it again and reapply the change"));
        }
        const v1::Customer before = CustomerToProto(record);
        for (const std::string& path : request->update_mask().paths()) {
          if (path == "display_name") {
            HK_RETURN_IF_ERROR(ValidateDisplayName(patch.display_name()));
            record.display_name = patch.display_name();
          } else if (path == "industry") {
            HK_RETURN_IF_ERROR(ValidateIndustry(patch.industry()));
            record.industry = patch.industry();
          } else if (path == "owner") {
            HK_ASSIGN_OR_RETURN(record.owner_user_id,
                                ResolveOwner(write.db, write.caller, patch.owner()));
          } else if (IsProfileField(path)) {
            HK_RETURN_IF_ERROR(ApplyProfileField(path, patch, record));
          } else {
            return FieldViolation("update_mask",
                                  absl::StrCat("\"", path,
                                               "\" cannot be updated; updatable: display_name, "
                                               "owner, industry and the profile fields"));
          }
        }
        record.update_time = write.now;
        HK_ASSIGN_OR_RETURN(record, store::UpdateCustomer(write.db, record, expected_version));
        *response->mutable_customer() = CustomerToProto(record);
        write.Audit(patch.name(), &before, &response->customer());
        return absl::OkStatus();
      });
}

grpc::Status CustomerServiceImpl::AssessCustomer(grpc::ServerContext* context,
                                                 const v1::AssessCustomerRequest* request,
                                                 v1::AssessCustomerResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "name", request->name()));
        HK_ASSIGN_OR_RETURN(store::CustomerRecord record, store::GetCustomer(write.db, id, true));
        if (!CanSeeCustomer(write.caller, record)) return NotFound(request->name());
        const v1::Customer before = CustomerToProto(record);
        HK_ASSIGN_OR_RETURN(record, AssessAndSave(write.db, std::move(record), write.now));
        *response->mutable_customer() = CustomerToProto(record);
        write.Audit(request->name(), &before, &response->customer());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
