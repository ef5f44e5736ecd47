#include "server/store/password_store.h"

#include "server/store/sql_values.h"

namespace huikuan::store {

std::optional<std::string> GetPasswordHash(ConnectionPool::Lease& db, int64_t user_id) {
  auto& select = db.Prepare("SELECT password_hash FROM users WHERE id = ?");
  select.setInt64(1, user_id);
  auto rows = Query(select);
  if (!rows->next()) return std::nullopt;
  return GetOptionalString(*rows, "password_hash");
}

void SetPasswordHash(ConnectionPool::Lease& db, int64_t user_id, const std::string& hash,
                     absl::Time update_time) {
  auto& update =
      db.Prepare("UPDATE users SET password_hash = ?, password_update_time = ? WHERE id = ?");
  update.setString(1, hash);
  SetTimestamp(update, 2, update_time);
  update.setInt64(3, user_id);
  update.executeUpdate();
}

}  // namespace huikuan::store
