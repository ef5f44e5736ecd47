#include "server/service/identity_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/identity.h"
#include "server/service/paging.h"
#include "server/service/principal.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr absl::Duration kDefaultTokenTtl = absl::Hours(24 * 30);
constexpr absl::Duration kMaxTokenTtl = absl::Hours(24 * 366);
constexpr size_t kMaxDisplayNameChars = 200;
constexpr size_t kMaxDescriptionChars = 200;

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

// A user to create, with a violation per bad field ("user.username", ...).
absl::StatusOr<ops::UserDraft> UserDraftFromProto(const v1::User& user) {
  FieldViolations violations;
  ops::UserDraft draft;
  if (!IsValidUsername(user.username())) {
    violations.Add("user.username", "must be 3-64 characters of a-z, 0-9, '.', '_' or '-'");
  }
  if (absl::Status name =
          core::CheckName("user.display_name", user.display_name(), kMaxDisplayNameChars);
      !name.ok()) {
    violations.AddAll(name, "user.display_name");
  }
  if (absl::Status email = core::CheckEmail("user.email", user.email()); !email.ok()) {
    violations.AddAll(email, "user.email");
  }
  const std::optional<ops::Department> department = FromProto(user.department());
  if (!department) violations.Add("user.department", "is required");
  if (department && ops::HasLevels(*department) && user.level() != v1::LEVEL_STAFF &&
      user.level() != v1::LEVEL_HEAD) {
    violations.Add("user.level", "is required (LEVEL_STAFF or LEVEL_HEAD) for this department");
  }
  if (department == ops::Department::kCustomer) {
    absl::StatusOr<int64_t> customer = core::ParseResourceId("customers", user.customer());
    if (customer.ok()) {
      draft.customer_id = *customer;
    } else {
      violations.Add("user.customer",
                     "must name the customer (customers/{id}) for a customer user");
    }
  } else if (!user.customer().empty()) {
    violations.Add("user.customer", "is only for DEPARTMENT_CUSTOMER users");
  }
  if (!violations.empty()) return violations.ToStatus();
  draft.username = user.username();
  draft.display_name = user.display_name();
  draft.email = user.email();
  draft.department = *department;
  draft.level = user.level() == v1::LEVEL_HEAD ? ops::Level::kHead : ops::Level::kStaff;
  return draft;
}

}  // namespace

v1::User UserToProto(const store::UserRecord& user) {
  v1::User proto;
  proto.set_name(core::FormatResourceName("users", user.id));
  proto.set_username(user.username);
  proto.set_display_name(user.display_name);
  proto.set_email(user.email);
  proto.set_department(ParseDepartmentKey(user.department));
  proto.set_level(ParseLevelKey(user.level));
  if (user.customer_id) {
    proto.set_customer(core::FormatResourceName("customers", *user.customer_id));
  }
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

grpc::Status IdentityServiceImpl::WhoAmI(grpc::ServerContext* context,
                                         const v1::WhoAmIRequest* request,
                                         v1::WhoAmIResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(store::UserRecord user, ops::GetUser(read, read.caller.user_id));
    *response->mutable_user() = UserToProto(user);
    response->set_role(read.caller.role());
    response->set_token(core::FormatResourceName("tokens", read.caller.token_id));
    *response->mutable_token_expire_time() = ToProtoTimestamp(read.caller.token_expire_time);
    return absl::OkStatus();
  });
}

grpc::Status IdentityServiceImpl::CreateUser(grpc::ServerContext* context,
                                             const v1::CreateUserRequest* request,
                                             v1::CreateUserResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(ops::UserDraft draft, UserDraftFromProto(request->user()));
        HK_ASSIGN_OR_RETURN(store::UserRecord user,
                            ops::CreateUser(write, draft, request->user().customer()));
        *response->mutable_user() = UserToProto(user);
        return absl::OkStatus();
      });
}

grpc::Status IdentityServiceImpl::ListUsers(grpc::ServerContext* context,
                                            const v1::ListUsersRequest* request,
                                            v1::ListUsersResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    std::vector<store::UserRecord> users =
        ops::ListUsers(read, FromProto(request->department()), page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(users, page, [](const store::UserRecord& user) { return user.id; }));
    for (const auto& user : users) *response->add_users() = UserToProto(user);
    return absl::OkStatus();
  });
}

grpc::Status IdentityServiceImpl::IssueToken(grpc::ServerContext* context,
                                             const v1::IssueTokenRequest* request,
                                             v1::IssueTokenResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t user_id, ParseIdField("users", "user", request->user()));
        absl::Duration ttl = FromProtoDuration(request->ttl());
        if (ttl == absl::ZeroDuration()) ttl = kDefaultTokenTtl;
        if (ttl < absl::Seconds(1) || ttl > kMaxTokenTtl) {
          return FieldViolation("ttl", "must be between 1 second and 366 days");
        }
        HK_RETURN_IF_ERROR(core::CheckText("description", request->description(),
                                           core::Presence::kOptional, kMaxDescriptionChars));
        HK_ASSIGN_OR_RETURN(ops::IssuedToken issued,
                            ops::IssueToken(write, user_id, ttl, request->description()));
        *response->mutable_token() = TokenToProto(issued.token);
        response->set_secret(issued.secret);
        return absl::OkStatus();
      },
      WriteOptions{.redacted_fields = {"secret"}});
}

grpc::Status IdentityServiceImpl::RevokeToken(grpc::ServerContext* context,
                                              const v1::RevokeTokenRequest* request,
                                              v1::RevokeTokenResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(int64_t token_id,
                                              ParseIdField("tokens", "name", request->name()));
                          HK_ASSIGN_OR_RETURN(store::TokenRecord token,
                                              ops::RevokeToken(write, token_id, request->name()));
                          *response->mutable_token() = TokenToProto(token);
                          return absl::OkStatus();
                        });
}

}  // namespace huikuan::service
