#include "server/service/worklist_service.h"

#include "server/core/department.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/outbox.h"
#include "server/ops/work_items.h"
#include "server/service/compliance_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"
#include "server/service/worklist_convert.h"

namespace huikuan::service {
namespace {

absl::StatusOr<std::optional<int64_t>> ParseEtag(absl::string_view etag) {
  if (etag.empty()) return std::nullopt;
  HK_ASSIGN_OR_RETURN(int64_t version, ParseEtagField("etag", etag));
  return version;
}

absl::StatusOr<ops::WorklistQuery> QueryFromProto(const v1::ListWorkItemsRequest& request) {
  ops::WorklistQuery query;
  switch (request.view()) {
    case v1::ListWorkItemsRequest::VIEW_UNSPECIFIED:
    case v1::ListWorkItemsRequest::VIEW_MINE:
      query.view = ops::WorklistView::kMine;
      break;
    case v1::ListWorkItemsRequest::VIEW_DEPARTMENT:
      query.view = ops::WorklistView::kDepartment;
      break;
    case v1::ListWorkItemsRequest::VIEW_CUSTOMER:
      query.view = ops::WorklistView::kCustomer;
      break;
    default:
      return FieldViolation("view", "is not a known view");
  }
  if (!request.department().empty()) {
    query.department = core::ParseDepartment(request.department());
    if (!query.department) {
      return FieldViolation("department",
                            "must be sales, finance, legal, investment or management");
    }
  }
  HK_ASSIGN_OR_RETURN(query.customer_id,
                      ParseOptionalIdField("customers", "customer", request.customer()));
  if (request.status() != v1::WORK_ITEM_STATUS_UNSPECIFIED) {
    std::optional<core::WorkItemStatus> status = FromProto(request.status());
    if (!status) return FieldViolation("status", "is not a known status");
    query.status = *status;
  }
  if (!request.kind().empty()) {
    query.kind = core::ParseWorkItemKind(request.kind());
    if (!query.kind) return FieldViolation("kind", "is not a known kind");
  }
  if (!request.step().empty()) {
    HK_RETURN_IF_ERROR(core::CheckKey("step", request.step()));
    query.step = request.step();
  }
  HK_ASSIGN_OR_RETURN(query.due_from, ParseOptionalDateField("due_from", request.due_from()));
  HK_ASSIGN_OR_RETURN(query.due_to, ParseOptionalDateField("due_to", request.due_to()));
  if (request.has_amount_min_fen()) {
    HK_RETURN_IF_ERROR(
        CheckAmountField("amount_min_fen", request.amount_min_fen(), Zero::kAllowed));
    query.amount_min = request.amount_min_fen();
  }
  if (request.has_amount_max_fen()) {
    HK_RETURN_IF_ERROR(
        CheckAmountField("amount_max_fen", request.amount_max_fen(), Zero::kAllowed));
    query.amount_max = request.amount_max_fen();
  }
  if (request.has_escalated()) query.escalated = request.escalated();
  return query;
}

}  // namespace

grpc::Status WorklistServiceImpl::ListWorkItems(grpc::ServerContext* context,
                                                const v1::ListWorkItemsRequest* request,
                                                v1::ListWorkItemsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(ops::WorklistQuery query, QueryFromProto(*request));
    HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
    HK_ASSIGN_OR_RETURN(auto cursor, DecodeKeyedPageToken(request->page_token()));
    std::optional<store::WorkItemCursor> after;
    if (cursor) after = store::WorkItemCursor{cursor->first, cursor->second};
    HK_ASSIGN_OR_RETURN(std::vector<store::WorkItemRecord> items,
                        ops::ListWorkItems(read, query, after, page_size + 1));
    if (static_cast<int>(items.size()) > page_size) {
      items.resize(page_size);
      response->set_next_page_token(EncodeKeyedPageToken(items.back().priority, items.back().id));
    }
    for (const store::WorkItemRecord& item : items) {
      *response->add_work_items() = WorkItemToProto(item);
    }
    return absl::OkStatus();
  });
}

grpc::Status WorklistServiceImpl::GetWorkItem(grpc::ServerContext* context,
                                              const v1::GetWorkItemRequest* request,
                                              v1::GetWorkItemResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("workItems", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::WorkItemRecord item, ops::GetWorkItem(read, id, request->name()));
    *response->mutable_work_item() = WorkItemToProto(item);
    return absl::OkStatus();
  });
}

grpc::Status WorklistServiceImpl::CompleteWorkItem(grpc::ServerContext* context,
                                                   const v1::CompleteWorkItemRequest* request,
                                                   v1::CompleteWorkItemResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("workItems", "name", request->name()));
        HK_ASSIGN_OR_RETURN(core::ContactOutcome outcome,
                            OutcomeFromProto("outcome", request->outcome()));
        HK_ASSIGN_OR_RETURN(std::optional<int64_t> version, ParseEtag(request->etag()));
        const ops::ContactCompliance compliance{request->reply_to(), request->compliance_reason()};
        HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                            ops::CompleteWorkItem(write, id, request->name(), outcome,
                                                  request->note(), version, compliance));
        *response->mutable_work_item() = WorkItemToProto(item);
        return absl::OkStatus();
      });
}

grpc::Status WorklistServiceImpl::ReassignWorkItem(grpc::ServerContext* context,
                                                   const v1::ReassignWorkItemRequest* request,
                                                   v1::ReassignWorkItemResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("workItems", "name", request->name()));
        HK_ASSIGN_OR_RETURN(std::optional<int64_t> assignee,
                            ParseOptionalIdField("users", "assignee", request->assignee()));
        HK_ASSIGN_OR_RETURN(std::optional<int64_t> version, ParseEtag(request->etag()));
        HK_ASSIGN_OR_RETURN(store::WorkItemRecord item,
                            ops::ReassignWorkItem(write, id, request->name(), assignee, version));
        *response->mutable_work_item() = WorkItemToProto(item);
        return absl::OkStatus();
      });
}

grpc::Status WorklistServiceImpl::SnoozeWorkItem(grpc::ServerContext* context,
                                                 const v1::SnoozeWorkItemRequest* request,
                                                 v1::SnoozeWorkItemResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("workItems", "name", request->name()));
        HK_ASSIGN_OR_RETURN(core::EpochDay until, ParseDateField("until", request->until()));
        HK_ASSIGN_OR_RETURN(std::optional<int64_t> version, ParseEtag(request->etag()));
        HK_ASSIGN_OR_RETURN(
            store::WorkItemRecord item,
            ops::SnoozeWorkItem(write, id, request->name(), until, request->reason(), version));
        *response->mutable_work_item() = WorkItemToProto(item);
        return absl::OkStatus();
      });
}

grpc::Status WorklistServiceImpl::RecordContact(grpc::ServerContext* context,
                                                const v1::RecordContactRequest* request,
                                                v1::RecordContactResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        if (!core::ParseChannel(request->channel())) {
          return FieldViolation("channel",
                                "must be phone_or_wechat, email, sms, phone, letter, visit, "
                                "court or notice");
        }
        HK_ASSIGN_OR_RETURN(core::ContactOutcome outcome,
                            OutcomeFromProto("outcome", request->outcome()));
        const ops::ContactCompliance compliance{request->reply_to(), request->compliance_reason()};
        HK_ASSIGN_OR_RETURN(
            store::ContactRecord contact,
            ops::RecordContact(write, customer_id, request->customer(), request->channel(), outcome,
                               request->content(), compliance));
        *response->mutable_contact() = ContactToProto(contact);
        AddContactCompliance(ops::ContactComplianceOf(write, {contact.id}),
                             *response->mutable_contact());
        return absl::OkStatus();
      });
}

grpc::Status WorklistServiceImpl::ListContacts(grpc::ServerContext* context,
                                               const v1::ListContactsRequest* request,
                                               v1::ListContactsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(
        std::vector<store::ContactRecord> contacts,
        ops::ListContacts(read, customer_id, request->customer(), page.after_id, page.fetch()));
    response->set_next_page_token(
        TakePage(contacts, page, [](const store::ContactRecord& c) { return c.id; }));
    std::vector<int64_t> ids;
    for (const store::ContactRecord& contact : contacts) ids.push_back(contact.id);
    const std::vector<store::ContactComplianceRecord> compliance =
        ops::ContactComplianceOf(read, ids);
    for (const store::ContactRecord& contact : contacts) {
      v1::Contact* out = response->add_contacts();
      *out = ContactToProto(contact);
      AddContactCompliance(compliance, *out);
    }
    return absl::OkStatus();
  });
}

grpc::Status WorklistServiceImpl::ListOutboxMessages(grpc::ServerContext* context,
                                                     const v1::ListOutboxMessagesRequest* request,
                                                     v1::ListOutboxMessagesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    ops::OutboxQuery query;
    HK_ASSIGN_OR_RETURN(query.customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(query.work_item_id,
                        ParseOptionalIdField("workItems", "work_item", request->work_item()));
    if (request->status() != v1::OUTBOX_STATUS_UNSPECIFIED) {
      query.status = FromProto(request->status());
      if (!query.status) return FieldViolation("status", "is not a known status");
    }
    if (!request->channel().empty()) {
      query.channel = core::ParseChannel(request->channel());
      if (!query.channel || !core::OutboxChannelFor(*query.channel) ||
          *core::OutboxChannelFor(*query.channel) != *query.channel) {
        return FieldViolation("channel", "must be email, sms or letter");
      }
    }
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(std::vector<store::OutboxRecord> messages,
                        ops::ListOutboxMessages(read, query, page.after_id, page.fetch()));
    response->set_next_page_token(
        TakePage(messages, page, [](const store::OutboxRecord& m) { return m.id; }));
    for (const store::OutboxRecord& message : messages) {
      *response->add_outbox_messages() = OutboxToProto(message);
    }
    return absl::OkStatus();
  });
}

grpc::Status WorklistServiceImpl::GetOutboxMessage(grpc::ServerContext* context,
                                                   const v1::GetOutboxMessageRequest* request,
                                                   v1::GetOutboxMessageResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("outboxMessages", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::OutboxRecord message,
                        ops::GetOutboxMessage(read, id, request->name()));
    *response->mutable_outbox_message() = OutboxToProto(message);
    return absl::OkStatus();
  });
}

grpc::Status WorklistServiceImpl::MarkMessageDispatched(
    grpc::ServerContext* context, const v1::MarkMessageDispatchedRequest* request,
    v1::MarkMessageDispatchedResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("outboxMessages", "name", request->name()));
        HK_ASSIGN_OR_RETURN(ops::Dispatched dispatched,
                            ops::MarkDispatched(write, id, request->name(), request->reference(),
                                                request->compliance_reason()));
        *response->mutable_outbox_message() = OutboxToProto(dispatched.message);
        *response->mutable_contact() = ContactToProto(dispatched.contact);
        AddContactCompliance(ops::ContactComplianceOf(write, {dispatched.contact.id}),
                             *response->mutable_contact());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
