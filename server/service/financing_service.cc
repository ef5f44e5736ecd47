#include "server/service/financing_service.h"

#include <optional>
#include <string>
#include <vector>

#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/pledges.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

void Check(const absl::Status& status, absl::string_view field, FieldViolations& violations) {
  if (!status.ok()) violations.AddAll(status, field);
}

std::string Name(absl::string_view collection, std::optional<int64_t> id) {
  return id ? core::FormatResourceName(collection, *id) : std::string();
}

v1::Pledge PledgeToProto(const store::PledgeRecord& pledge) {
  v1::Pledge out;
  out.set_name(ops::PledgeName(pledge.id));
  out.set_invoice(core::FormatResourceName("invoices", pledge.invoice_id));
  out.set_invoice_number(pledge.invoice_number);
  out.set_customer(core::FormatResourceName("customers", pledge.customer_id));
  out.set_customer_name(pledge.customer_name);
  out.set_kind(pledge.kind == core::PledgeKind::kFactoring ? v1::PLEDGE_KIND_FACTORING
                                                           : v1::PLEDGE_KIND_PLEDGE);
  out.set_financier(pledge.financier);
  out.set_amount_fen(pledge.amount);
  out.set_pledged_date(core::FormatDate(pledge.pledged_day));
  out.set_reference(pledge.reference);
  out.set_note(pledge.note);
  out.set_created_by(core::FormatResourceName("users", pledge.created_by));
  out.set_active(pledge.active());
  if (pledge.released_day) out.set_released_date(core::FormatDate(*pledge.released_day));
  out.set_release_reference(pledge.release_reference);
  out.set_released_by(Name("users", pledge.released_by));
  *out.mutable_create_time() = ToProtoTimestamp(pledge.create_time);
  return out;
}

}  // namespace

grpc::Status FinancingServiceImpl::PledgeInvoice(grpc::ServerContext* context,
                                                 const v1::PledgeInvoiceRequest* request,
                                                 v1::PledgeInvoiceResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> invoice_id =
            ParseIdField("invoices", "invoice", request->invoice());
        Check(invoice_id.status(), "invoice", violations);
        if (!v1::PledgeKind_IsValid(request->kind())) violations.Add("kind", "unknown kind");
        Check(core::CheckText("financier", request->financier(), core::Presence::kRequired, 200),
              "financier", violations);
        Check(CheckAmountField("amount_fen", request->amount_fen()), "amount_fen", violations);
        absl::StatusOr<std::optional<core::EpochDay>> pledged_day =
            ParseOptionalDateField("pledged_date", request->pledged_date());
        Check(pledged_day.status(), "pledged_date", violations);
        Check(core::CheckText("reference", request->reference(), core::Presence::kOptional, 200),
              "reference", violations);
        Check(core::CheckText("note", request->note(), core::Presence::kOptional), "note",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        ops::PledgeDraft draft;
        draft.invoice_id = *invoice_id;
        draft.kind = request->kind() == v1::PLEDGE_KIND_FACTORING ? core::PledgeKind::kFactoring
                                                                  : core::PledgeKind::kPledge;
        draft.financier = request->financier();
        draft.amount = request->amount_fen();
        draft.pledged_day = *pledged_day;
        draft.reference = request->reference();
        draft.note = request->note();
        HK_ASSIGN_OR_RETURN(store::PledgeRecord pledge,
                            ops::PledgeInvoice(write, draft, request->invoice()));
        *response->mutable_pledge() = PledgeToProto(pledge);
        return absl::OkStatus();
      });
}

grpc::Status FinancingServiceImpl::ReleasePledge(grpc::ServerContext* context,
                                                 const v1::ReleasePledgeRequest* request,
                                                 v1::ReleasePledgeResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> id = ParseIdField("pledges", "name", request->name());
        Check(id.status(), "name", violations);
        Check(core::CheckText("release_reference", request->release_reference(),
                              core::Presence::kRequired, 200),
              "release_reference", violations);
        absl::StatusOr<std::optional<core::EpochDay>> released_day =
            ParseOptionalDateField("released_date", request->released_date());
        Check(released_day.status(), "released_date", violations);
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(store::PledgeRecord pledge,
                            ops::ReleasePledge(write, *id, request->name(),
                                               request->release_reference(), *released_day));
        *response->mutable_pledge() = PledgeToProto(pledge);
        return absl::OkStatus();
      });
}

grpc::Status FinancingServiceImpl::ListPledges(grpc::ServerContext* context,
                                               const v1::ListPledgesRequest* request,
                                               v1::ListPledgesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    ops::PledgeQuery query;
    HK_ASSIGN_OR_RETURN(query.customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(query.invoice_id,
                        ParseOptionalIdField("invoices", "invoice", request->invoice()));
    query.active_only = request->active_only();
    std::vector<store::PledgeRecord> pledges =
        ops::ListPledges(read, query, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(pledges, page, [](const store::PledgeRecord& p) { return p.id; }));
    for (const store::PledgeRecord& pledge : pledges)
      *response->add_pledges() = PledgeToProto(pledge);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
