#include "server/ops/audit_trail.h"

#include <utility>

#include "server/ops/clock.h"

namespace huikuan::ops {

AuditTrail::AuditTrail(const Caller& caller, std::string method, std::string request_id,
                       absl::Time now)
    : caller_(caller), method_(std::move(method)), request_id_(std::move(request_id)), now_(now) {}

void AuditTrail::Record(absl::string_view resource, const core::Json& before,
                        const core::Json& after) {
  RecordJson(resource, before.is_null() ? "" : before.Serialize(),
             after.is_null() ? "" : after.Serialize());
}

void AuditTrail::RecordJson(absl::string_view resource, std::string before_json,
                            std::string after_json) {
  store::AuditRecord event;
  event.event_time = now_;
  event.actor_user_id = caller_.user_id;
  event.actor_role = caller_.role();
  event.method = method_;
  event.resource = std::string(resource);
  event.request_id = request_id_;
  event.before_json = std::move(before_json);
  event.after_json = std::move(after_json);
  pending_.push_back(std::move(event));
}

void AuditTrail::Flush(store::ConnectionPool::Lease& db) {
  store::AppendAuditEvents(db, CompanyDay(now_), pending_);
  flushed_ += static_cast<int>(pending_.size());
  pending_.clear();
}

void AuditTrail::Discard() {
  pending_.clear();
  flushed_ = 0;
}

}  // namespace huikuan::ops
