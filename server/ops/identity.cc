#include "server/ops/identity.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/token_secret.h"
#include "server/store/customer_store.h"

namespace huikuan::ops {

absl::StatusOr<store::UserRecord> CreateUser(WriteScope& write, const UserDraft& draft,
                                             absl::string_view customer_name) {
  store::UserRecord record;
  record.username = draft.username;
  record.display_name = draft.display_name;
  record.email = draft.email;
  record.department = std::string(DepartmentKey(draft.department));
  record.level = std::string(LevelKey(HasLevels(draft.department) ? draft.level : Level::kStaff));
  if (draft.customer_id) {
    absl::StatusOr<store::CustomerRecord> customer =
        store::GetCustomer(write.db, *draft.customer_id, store::Lock::kNone);
    if (absl::IsNotFound(customer.status())) return core::NotFoundError(customer_name);
    HK_RETURN_IF_ERROR(customer.status());
    record.customer_id = draft.customer_id;
  }
  if (store::FindUserByUsername(write.db, record.username)) {
    return absl::AlreadyExistsError(absl::StrCat("username \"", record.username, "\" is taken"));
  }
  record.create_time = write.now;
  record = store::InsertUser(write.db, record);
  write.audit.Record(core::FormatResourceName("users", record.id), core::Json(), UserImage(record));
  return record;
}

absl::StatusOr<store::UserRecord> GetUser(ReadScope& read, int64_t id) {
  return store::GetUser(read.db, id);
}

std::vector<store::UserRecord> ListUsers(ReadScope& read, std::optional<Department> department,
                                         int64_t after_id, int limit) {
  return store::ListUsers(read.db, after_id, limit,
                          department ? std::string(DepartmentKey(*department)) : "");
}

absl::StatusOr<IssuedToken> IssueToken(WriteScope& write, int64_t user_id, absl::Duration ttl,
                                       const std::string& description) {
  HK_RETURN_IF_ERROR(store::GetUser(write.db, user_id).status());
  HK_ASSIGN_OR_RETURN(std::string secret, NewTokenSecret());
  store::TokenRecord token;
  token.user_id = user_id;
  token.description = description;
  token.create_time = write.now;
  token.expire_time = write.now + ttl;
  IssuedToken issued{store::InsertToken(write.db, token, Sha256Hex(secret)), std::move(secret)};
  write.audit.Record(core::FormatResourceName("tokens", issued.token.id), core::Json(),
                     TokenImage(issued.token));
  return issued;
}

absl::StatusOr<store::TokenRecord> RevokeToken(WriteScope& write, int64_t token_id,
                                               absl::string_view name) {
  absl::StatusOr<store::TokenRecord> token =
      store::GetToken(write.db, token_id, store::Lock::kForUpdate);
  // Someone else's token is reported as absent: its existence is not the caller's business.
  if (absl::IsNotFound(token.status()) ||
      (token.ok() && !write.caller.is_admin() && token->user_id != write.caller.user_id)) {
    return core::NotFoundError(name);
  }
  HK_RETURN_IF_ERROR(token.status());
  if (token->revoke_time) {
    return core::RuleViolation("TOKEN_REVOKED", name, absl::StrCat(name, " is already revoked"));
  }
  const store::TokenRecord before = *token;
  store::SetTokenRevoked(write.db, token_id, write.now);
  token->revoke_time = write.now;
  write.audit.Record(name, TokenImage(before), TokenImage(*token));
  return token;
}

}  // namespace huikuan::ops
