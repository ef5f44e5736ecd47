#include "server/store/idempotency_store.h"

#include <cppconn/exception.h>

#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr int kDuplicateKey = 1062;

}  // namespace

ClaimOutcome ClaimRequestId(ConnectionPool::Lease& db, const IdempotencyRecord& claim,
                            int64_t token_id, absl::Time now) {
  // INSERT ... SELECT: the row goes in only while the token is valid (the claim is the write's
  // first statement, so the check costs no round trip of its own).
  auto& insert = db.Prepare(
      "INSERT INTO idempotency_keys (request_id, user_id, method, request_sha256) "
      "SELECT ?, ?, ?, ? FROM DUAL WHERE ? = 0 OR EXISTS (SELECT 1 FROM api_tokens WHERE id = ? "
      "AND revoke_time IS NULL AND expire_time > ?)");
  Params(insert)
      .String(claim.request_id)
      .Int64(claim.user_id)
      .String(claim.method)
      .String(claim.request_sha256_hex)
      .Int64(token_id)
      .Int64(token_id)
      .Time(now);
  try {
    if (insert.executeUpdate() == 1) return ClaimOutcome{};
    return ClaimOutcome{ClaimStatus::kTokenNotValid, {}};
  } catch (const sql::SQLException& e) {
    // A duplicate key only rolls back this statement; the transaction goes on and reads the
    // committed first use of the id. The insert waited for the first use to commit or roll back
    // holding a shared lock on the key; the read stays shared, so concurrent repeats of one id
    // all read the stored response instead of deadlocking on each other's shared locks (an
    // exclusive read here would deadlock every pair of them).
    if (e.getErrorCode() != kDuplicateKey) throw;
  }
  auto& select = db.Prepare(
      "SELECT request_id, user_id, method, request_sha256, COALESCE(response, '') AS response "
      "FROM idempotency_keys WHERE request_id = ? LOCK IN SHARE MODE");
  select.setString(1, claim.request_id);
  auto rows = Query(select);
  if (!rows->next()) {
    // The first use was rolled back between our insert and this read: let the client retry.
    throw sql::SQLException("idempotency key vanished", "40001", 1213);
  }
  ClaimOutcome outcome{ClaimStatus::kUsedBefore, {}};
  IdempotencyRecord& existing = outcome.first;
  existing.request_id = GetString(*rows, "request_id");
  existing.user_id = rows->getInt64("user_id");
  existing.method = GetString(*rows, "method");
  existing.request_sha256_hex = GetString(*rows, "request_sha256");
  existing.response_base64 = GetString(*rows, "response");
  return outcome;
}

void SaveResponse(ConnectionPool::Lease& db, const std::string& request_id,
                  const std::string& response_base64) {
  // The session test of the commit that follows rides along: the row was claimed (response NULL)
  // in this transaction, so exactly one row changes when this runs on the session that opened
  // the lease; anything else leaves it to RunInTransaction's own check.
  auto& update = db.Prepare(
      "UPDATE idempotency_keys SET response = ? WHERE request_id = ? AND CONNECTION_ID() = ?");
  Params(update).String(response_base64).String(request_id).Int64(db.session_id());
  if (update.executeUpdate() == 1) db.NoteSessionConfirmed();
}

}  // namespace huikuan::store
