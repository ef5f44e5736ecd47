#include "server/service/audit_service.h"

#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/audit_store.h"

namespace huikuan::service {

grpc::Status AuditServiceImpl::ListAuditEvents(grpc::ServerContext* context,
                                               const v1::ListAuditEventsRequest* request,
                                               v1::ListAuditEventsResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t before_id, DecodePageToken(request->page_token()));
        store::AuditFilter filter;
        if (!request->resource().empty()) filter.resource = request->resource();
        if (!request->actor().empty()) {
          HK_ASSIGN_OR_RETURN(filter.actor_user_id,
                              ParseIdField("users", "actor", request->actor()));
        }
        if (request->has_start_time())
          filter.start_time = FromProtoTimestamp(request->start_time());
        if (request->has_end_time()) filter.end_time = FromProtoTimestamp(request->end_time());
        if (filter.start_time && filter.end_time && *filter.end_time <= *filter.start_time) {
          return FieldViolation("end_time", "must be after start_time");
        }
        std::vector<store::AuditRecord> events =
            store::ListAuditEvents(db, filter, before_id, page_size + 1);
        const bool more = static_cast<int>(events.size()) > page_size;
        if (more) events.pop_back();
        for (const auto& event : events) {
          v1::AuditEvent* proto = response->add_audit_events();
          proto->set_name(core::FormatResourceName("auditEvents", event.id));
          *proto->mutable_event_time() = ToProtoTimestamp(event.event_time);
          proto->set_actor(core::FormatResourceName("users", event.actor_user_id));
          proto->set_actor_role(event.actor_role);
          proto->set_method(event.method);
          proto->set_resource(event.resource);
          proto->set_request_id(event.request_id);
          proto->set_before_json(event.before_json);
          proto->set_after_json(event.after_json);
        }
        if (more) response->set_next_page_token(EncodePageToken(events.back().id));
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
