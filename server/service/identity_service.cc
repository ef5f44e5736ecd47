#include "server/service/identity_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/service/token_secret.h"
#include "server/store/customer_store.h"

namespace huikuan::service {
namespace {

constexpr absl::Duration kDefaultTokenTtl = absl::Hours(24 * 30);
constexpr absl::Duration kMaxTokenTtl = absl::Hours(24 * 366);

bool IsValidUsername(absl::string_view username) {
  if (username.size() < 3 || username.size() > 64) return false;
  for (char c : username) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

v1::User UserToProto(const store::UserRecord& user) {
  v1::User proto;
  proto.set_name(core::FormatResourceName("users", user.id));
  proto.set_username(user.username);
  proto.set_display_name(user.display_name);
  proto.set_department(ParseDepartmentKey(user.department));
  proto.set_level(ParseLevelKey(user.level));
  if (user.customer_id)
    proto.set_customer(core::FormatResourceName("customers", *user.customer_id));
  *proto.mutable_create_time() = ToProtoTimestamp(user.create_time);
  return proto;
}

v1::Token TokenToProto(const store::TokenRecord& token) {
  v1::Token proto;
  proto.set_name(core::FormatResourceName("tokens", token.id));
  proto.set_user(core::FormatResourceName("users", token.user_id));
  proto.set_description(token.description);
  *proto.mutable_create_time() = ToProtoTimestamp(token.create_time);
  *proto.mutable_expire_time() = ToProtoTimestamp(token.expire_time);
  if (token.revoke_time) *proto.mutable_revoke_time() = ToProtoTimestamp(*token.revoke_time);
  return proto;
}

absl::StatusOr<IssuedToken> IssueTokenFor(store::ConnectionPool::Lease& db, int64_t user_id,
                                          absl::Duration ttl, const std::string& description,
                                          absl::Time now) {
  HK_ASSIGN_OR_RETURN(std::string secret, NewTokenSecret());
  store::TokenRecord token;
  token.user_id = user_id;
  token.description = description;
  token.create_time = now;
  token.expire_time = now + ttl;
  return IssuedToken{store::InsertToken(db, token, Sha256Hex(secret)), std::move(secret)};
}

absl::Status ValidateNewUser(const v1::User& user) {
  absl::Status status = absl::OkStatus();
  auto violate = [&](absl::string_view field, absl::string_view description) {
    if (status.ok()) status = absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
    AddFieldViolation(status, field, description);
  };
  if (!IsValidUsername(user.username())) {
    violate("user.username", "must be 3-64 characters of a-z, 0-9, '.', '_' or '-'");
  }
  if (user.display_name().empty() || user.display_name().size() > 200) {
    violate("user.display_name", "must be 1-200 characters");
  }
  if (user.department() == v1::DEPARTMENT_UNSPECIFIED ||
      !v1::Department_IsValid(user.department())) {
    violate("user.department", "is required");
  }
  const bool has_levels =
      user.department() != v1::DEPARTMENT_ADMIN && user.department() != v1::DEPARTMENT_CUSTOMER;
  if (has_levels && (user.level() == v1::LEVEL_UNSPECIFIED || !v1::Level_IsValid(user.level()))) {
    violate("user.level", "is required (LEVEL_STAFF or LEVEL_HEAD) for this department");
  }
  if (user.department() == v1::DEPARTMENT_CUSTOMER) {
    if (!core::ParseResourceId("customers", user.customer()).ok()) {
      violate("user.customer", "must name the customer (customers/{id}) for a customer user");
    }
  } else if (!user.customer().empty()) {
    violate("user.customer", "is only for DEPARTMENT_CUSTOMER users");
  }
  return status;
}

grpc::Status IdentityServiceImpl::WhoAmI(grpc::ServerContext* context,
                                         const v1::WhoAmIRequest* request,
                                         v1::WhoAmIResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(store::UserRecord user, store::GetUser(db, caller.user_id));
        *response->mutable_user() = UserToProto(user);
        response->set_role(caller.role());
        response->set_token(core::FormatResourceName("tokens", caller.token_id));
        *response->mutable_token_expire_time() = ToProtoTimestamp(caller.token_expire_time);
        return absl::OkStatus();
      });
}

grpc::Status IdentityServiceImpl::CreateUser(grpc::ServerContext* context,
                                             const v1::CreateUserRequest* request,
                                             v1::CreateUserResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        const v1::User& user = request->user();
        HK_RETURN_IF_ERROR(ValidateNewUser(user));
        store::UserRecord record;
        record.username = user.username();
        record.display_name = user.display_name();
        record.department = std::string(DepartmentKey(user.department()));
        record.level = user.department() == v1::DEPARTMENT_ADMIN ||
                               user.department() == v1::DEPARTMENT_CUSTOMER
                           ? "staff"
                           : std::string(LevelKey(user.level()));
        if (user.department() == v1::DEPARTMENT_CUSTOMER) {
          HK_ASSIGN_OR_RETURN(int64_t customer_id,
                              ParseIdField("customers", "user.customer", user.customer()));
          HK_RETURN_IF_ERROR(store::GetCustomer(write.db, customer_id, false).status());
          record.customer_id = customer_id;
        }
        if (store::FindUserByUsername(write.db, record.username)) {
          return absl::AlreadyExistsError(
              absl::StrCat("username \"", record.username, "\" is taken"));
        }
        record.create_time = write.now;
        record = store::InsertUser(write.db, record);
        *response->mutable_user() = UserToProto(record);
        write.Audit(response->user().name(), nullptr, &response->user());
        return absl::OkStatus();
      });
}

grpc::Status IdentityServiceImpl::ListUsers(grpc::ServerContext* context,
                                            const v1::ListUsersRequest* request,
                                            v1::ListUsersResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        std::string department;
        if (request->department() != v1::DEPARTMENT_UNSPECIFIED) {
          department = std::string(DepartmentKey(request->department()));
        }
        // One extra row tells whether another page exists.
        std::vector<store::UserRecord> users =
            store::ListUsers(db, after_id, page_size + 1, department);
        const bool more = static_cast<int>(users.size()) > page_size;
        if (more) users.pop_back();
        for (const auto& user : users) *response->add_users() = UserToProto(user);
        if (more) response->set_next_page_token(EncodePageToken(users.back().id));
        return absl::OkStatus();
      });
}

grpc::Status IdentityServiceImpl::IssueToken(grpc::ServerContext* context,
                                             const v1::IssueTokenRequest* request,
                                             v1::IssueTokenResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t user_id, ParseIdField("users", "user", request->user()));
        absl::Duration ttl = FromProtoDuration(request->ttl());
        if (ttl == absl::ZeroDuration()) ttl = kDefaultTokenTtl;
        if (ttl < absl::Seconds(1) || ttl > kMaxTokenTtl) {
          return FieldViolation("ttl", "must be between 1 second and 366 days");
        }
        if (request->description().size() > 200) {
          return FieldViolation("description", "must be at most 200 characters");
        }
        HK_RETURN_IF_ERROR(store::GetUser(write.db, user_id).status());
        HK_ASSIGN_OR_RETURN(IssuedToken issued, IssueTokenFor(write.db, user_id, ttl,
                                                              request->description(), write.now));
        *response->mutable_token() = TokenToProto(issued.token);
        response->set_secret(issued.secret);
        write.RedactOnReplay("secret");
        write.Audit(response->token().name(), nullptr, &response->token());
        return absl::OkStatus();
      });
}

grpc::Status IdentityServiceImpl::RevokeToken(grpc::ServerContext* context,
                                              const v1::RevokeTokenRequest* request,
                                              v1::RevokeTokenResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t token_id, ParseIdField("tokens", "name", request->name()));
        HK_ASSIGN_OR_RETURN(store::TokenRecord token, store::GetToken(write.db, token_id, true));
        if (!write.caller.is_admin() && token.user_id != write.caller.user_id) {
          // Someone else's token is reported as absent: its existence is not the caller's business.
          return absl::NotFoundError(absl::StrCat(request->name(), " not found"));
        }
        if (token.revoke_time) {
          return absl::FailedPreconditionError(
              absl::StrCat(request->name(), " is already revoked"));
        }
        const v1::Token before = TokenToProto(token);
        store::SetTokenRevoked(write.db, token_id, write.now);
        token.revoke_time = write.now;
        *response->mutable_token() = TokenToProto(token);
        write.Audit(request->name(), &before, &response->token());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
