#include "server/service/refusal_audit.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/text_fields.h"
#include "server/ops/scopes.h"
#include "server/ops/sessions.h"
#include "server/store/identity_store.h"
#include "server/store/transaction.h"

namespace huikuan::service {

RefusalBudget::RefusalBudget(RefusalBudgetConfig config) : config_(config), tokens_(config.burst) {}

std::optional<int64_t> RefusalBudget::Admit(absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (last_ != absl::InfinitePast() && now > last_) {
    tokens_ = std::min<double>(
        config_.burst, tokens_ + absl::ToDoubleMinutes(now - last_) * config_.events_per_minute);
  }
  if (last_ == absl::InfinitePast() || now > last_) last_ = now;
  if (tokens_ < 1) {
    ++suppressed_;
    return std::nullopt;
  }
  tokens_ -= 1;
  const int64_t suppressed = suppressed_;
  suppressed_ = 0;
  return suppressed;
}

RefusalAudit::RefusalAudit(store::ConnectionPool& pool, const ops::Clock& clock,
                           RefusalBudgetConfig config)
    : pool_(pool), clock_(clock), budget_(config) {}

bool RefusalAudit::IsRecorded(const absl::Status& refusal, const ops::Caller* caller) {
  switch (refusal.code()) {
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return true;
    case absl::StatusCode::kNotFound:
      return caller != nullptr && (caller->is_customer() || caller->scoped_to_owned_customers());
    default:
      return false;
  }
}

void RefusalAudit::RecordRefusal(absl::string_view method, const absl::Status& refusal,
                                 const ops::Caller* caller, absl::string_view token_sha256,
                                 absl::string_view client_address) {
  if (!IsRecorded(refusal, caller)) return;
  // The budget first: a refusal over it costs no database work at all.
  const absl::Time now = clock_.Now();
  const std::optional<int64_t> suppressed = budget_.Admit(now);
  if (!suppressed) return;
  core::Json details = core::Json::Object();
  details.Set("outcome", core::Json::String("refused"))
      .Set("method", core::Json::String(method))
      .Set("code", core::Json::String(absl::StatusCodeToString(refusal.code())))
      .Set("reason", core::Json::String(core::TruncateChars(refusal.message(), 200)))
      .Set("client_address", core::Json::String(client_address));
  if (caller != nullptr) {
    Write(*caller, method, core::FormatResourceName("users", caller->user_id), std::move(details),
          *suppressed, now);
    return;
  }
  // Not authenticated: name the token when the secret belongs to one (expired, revoked), so its
  // owner's trail shows the attempt; never the secret, only a prefix of its hash.
  std::string resource = "tokens/-";
  if (!token_sha256.empty()) {
    details.Set("token_sha256_prefix", core::Json::String(token_sha256.substr(0, 12)));
    auto token = store::RunInTransaction<std::optional<store::TokenRecord>>(
        pool_, [&](store::ConnectionPool::Lease& db) {
          return store::FindTokenBySecretHash(db, std::string(token_sha256));
        });
    if (token.ok() && token->has_value()) {
      const store::TokenRecord& record = **token;
      resource = core::FormatResourceName("tokens", record.id);
      details.Set("token_state", core::Json::String(record.revoke_time.has_value() ? "revoked"
                                                    : record.expire_time <= now    ? "expired"
                                                                                   : "valid"));
      details.Set("token_user",
                  core::Json::String(core::FormatResourceName("users", record.user_id)));
    } else {
      details.Set("token_state", core::Json::String("unknown"));
    }
  }
  Write(ops::CallerOfUnknownUser(), method, resource, std::move(details), *suppressed, now);
}

void RefusalAudit::Record(const ops::Caller& caller, absl::string_view method,
                          absl::string_view resource, core::Json details) {
  const absl::Time now = clock_.Now();
  const std::optional<int64_t> suppressed = budget_.Admit(now);
  if (!suppressed) return;
  Write(caller, method, resource, std::move(details), *suppressed, now);
}

void RefusalAudit::Write(const ops::Caller& caller, absl::string_view method,
                         absl::string_view resource, core::Json details, int64_t suppressed,
                         absl::Time now) {
  details.Set("suppressed_before", core::Json::Int(suppressed));
  // A failure to audit must not change the answer: the call is refused anyway.
  (void)store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) {
    return ops::RunWrite(db, caller, method, "", now, [&](ops::WriteScope& write) {
      write.audit.Record(resource, core::Json(), details);
      return absl::OkStatus();
    });
  });
}

}  // namespace huikuan::service
