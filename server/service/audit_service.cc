#include "server/service/audit_service.h"

#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/audit_events.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/audit_store.h"

namespace huikuan::service {

grpc::Status AuditServiceImpl::ListAuditEvents(grpc::ServerContext* context,
                                               const v1::ListAuditEventsRequest* request,
                                               v1::ListAuditEventsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    store::AuditFilter filter;
    if (!request->resource().empty()) filter.resource = request->resource();
    HK_ASSIGN_OR_RETURN(filter.actor_user_id,
                        ParseOptionalIdField("users", "actor", request->actor()));
    if (request->has_start_time()) filter.start_time = FromProtoTimestamp(request->start_time());
    if (request->has_end_time()) filter.end_time = FromProtoTimestamp(request->end_time());
    if (filter.start_time && filter.end_time && *filter.end_time <= *filter.start_time) {
      return FieldViolation("end_time", "must be after start_time");
    }
    // Newest first: the page token is the last (smallest) id returned.
    std::vector<store::AuditRecord> events =
        ops::ListAuditEvents(read, filter, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(events, page, [](const store::AuditRecord& event) { return event.id; }));
    for (const auto& event : events) {
      v1::AuditEvent* proto = response->add_audit_events();
      proto->set_name(core::FormatResourceName("auditEvents", event.id));
      *proto->mutable_event_time() = ToProtoTimestamp(event.event_time);
      // The system acting on its own (a job) has no user; its role names it.
      if (event.actor_user_id != 0) {
        proto->set_actor(core::FormatResourceName("users", event.actor_user_id));
      }
      proto->set_actor_role(event.actor_role);
      proto->set_method(event.method);
      proto->set_resource(event.resource);
      proto->set_request_id(event.request_id);
      proto->set_before_json(event.before_json);
      proto->set_after_json(event.after_json);
    }
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
