#include "server/store/identity_store.h"

#include <atomic>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kUserColumns[] =
    "SELECT id, username, display_name, email, department, level, customer_id, create_time FROM "
    "users ";
constexpr char kTokenColumns[] =
    "SELECT id, user_id, description, create_time, expire_time, revoke_time FROM api_tokens ";

UserRecord ReadUser(sql::ResultSet& rows) {
  UserRecord user;
  user.id = rows.getInt64("id");
  user.username = GetString(rows, "username");
  user.display_name = GetString(rows, "display_name");
  user.email = GetString(rows, "email");
  user.department = GetString(rows, "department");
  user.level = GetString(rows, "level");
  user.customer_id = GetOptionalInt64(rows, "customer_id");
  user.create_time = GetTimestamp(rows, "create_time");
  return user;
}

TokenRecord ReadToken(sql::ResultSet& rows) {
  TokenRecord token;
  token.id = rows.getInt64("id");
  token.user_id = rows.getInt64("user_id");
  token.description = GetString(rows, "description");
  token.create_time = GetTimestamp(rows, "create_time");
  token.expire_time = GetTimestamp(rows, "expire_time");
  token.revoke_time = GetOptionalTimestamp(rows, "revoke_time");
  return token;
}

}  // namespace

UserRecord InsertUser(ConnectionPool::Lease& db, UserRecord user) {
  auto& insert = db.Prepare(
      "INSERT INTO users (username, display_name, email, department, level, customer_id, "
      "create_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .String(user.username)
      .String(user.display_name)
      .String(user.email)
      .String(user.department)
      .String(user.level)
      .OptionalInt64(user.customer_id)
      .Time(user.create_time);
  insert.executeUpdate();
  user.id = LastInsertId(db);
  return user;
}

absl::StatusOr<UserRecord> GetUser(ConnectionPool::Lease& db, int64_t id) {
  auto& select = db.Prepare(absl::StrCat(kUserColumns, "WHERE id = ?"));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("users/", id));
  return ReadUser(*rows);
}

std::optional<UserRecord> FindUserByUsername(ConnectionPool::Lease& db,
                                             const std::string& username) {
  auto& select = db.Prepare(absl::StrCat(kUserColumns, "WHERE username = ?"));
  select.setString(1, username);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadUser(*rows);
}

std::vector<UserRecord> ListUsers(ConnectionPool::Lease& db, int64_t after_id, int limit,
                                  const std::string& department) {
  auto& select = db.Prepare(absl::StrCat(
      kUserColumns, "WHERE id > ? AND (? = '' OR department = ?) ORDER BY id LIMIT ?"));
  Params(select).Int64(after_id).String(department).String(department).Int(limit);
  auto rows = Query(select);
  std::vector<UserRecord> users;
  while (rows->next()) users.push_back(ReadUser(*rows));
  return users;
}

TokenRecord InsertToken(ConnectionPool::Lease& db, TokenRecord token,
                        const std::string& secret_sha256_hex) {
  auto& insert = db.Prepare(
      "INSERT INTO api_tokens (user_id, secret_sha256, description, create_time, expire_time) "
      "VALUES (?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(token.user_id)
      .String(secret_sha256_hex)
      .String(token.description)
      .Time(token.create_time)
      .Time(token.expire_time);
  insert.executeUpdate();
  token.id = LastInsertId(db);
  return token;
}

absl::StatusOr<TokenRecord> GetToken(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kTokenColumns, "WHERE id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("tokens/", id));
  return ReadToken(*rows);
}

std::optional<TokenRecord> FindTokenBySecretHash(ConnectionPool::Lease& db,
                                                 const std::string& secret_sha256_hex) {
  auto& select = db.Prepare(absl::StrCat(kTokenColumns, "WHERE secret_sha256 = ?"));
  select.setString(1, secret_sha256_hex);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return ReadToken(*rows);
}

std::optional<TokenHolder> FindTokenHolder(ConnectionPool::Lease& db,
                                           const std::string& secret_sha256_hex) {
  auto& select = db.Prepare(
      "SELECT t.id AS token_id, t.expire_time, t.revoke_time, u.id, u.username, u.display_name, "
      "u.email, u.department, u.level, u.customer_id, u.create_time "
      "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_sha256 = ?");
  select.setString(1, secret_sha256_hex);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  TokenHolder holder;
  holder.user = ReadUser(*rows);
  holder.token.id = rows->getInt64("token_id");
  holder.token.user_id = holder.user.id;
  holder.token.expire_time = GetTimestamp(*rows, "expire_time");
  holder.token.revoke_time = GetOptionalTimestamp(*rows, "revoke_time");
  return holder;
}

namespace {
std::atomic<uint64_t> token_revocations_seen{0};
}  // namespace

uint64_t TokenRevocationsSeen() { return token_revocations_seen.load(std::memory_order_acquire); }

void NoteTokenRevocationSeen() { token_revocations_seen.fetch_add(1, std::memory_order_acq_rel); }

void SetTokenRevoked(ConnectionPool::Lease& db, int64_t id, absl::Time revoke_time) {
  NoteTokenRevocationSeen();
  auto& update = db.Prepare("UPDATE api_tokens SET revoke_time = ? WHERE id = ?");
  Params(update).Time(revoke_time).Int64(id);
  update.executeUpdate();
}

}  // namespace huikuan::store
