#include "server/service/collections_service.h"

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/collections.h"
#include "server/service/ledger_convert.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

v1::WriteOffStatus StatusToProto(core::DecisionStatus status) {
  switch (status) {
    case core::DecisionStatus::kRequested:
      return v1::WRITE_OFF_STATUS_REQUESTED;
    case core::DecisionStatus::kApproved:
      return v1::WRITE_OFF_STATUS_APPROVED;
    case core::DecisionStatus::kRejected:
      return v1::WRITE_OFF_STATUS_REJECTED;
  }
  return v1::WRITE_OFF_STATUS_UNSPECIFIED;
}

// v1::WriteOff and v1::LateFeeWaiver have the same fields (both are requests a head decides).
template <typename Proto>
Proto DecisionToProto(const store::WriteOffRecord& request, absl::string_view collection) {
  Proto proto;
  proto.set_name(core::FormatResourceName(collection, request.id));
  proto.set_invoice(core::FormatResourceName("invoices", request.invoice_id));
  proto.set_customer(core::FormatResourceName("customers", request.customer_id));
  proto.set_amount_fen(request.amount);
  proto.set_reason(request.reason);
  proto.set_status(StatusToProto(request.status));
  proto.set_requested_by(core::FormatResourceName("users", request.requested_by));
  if (request.decided_by.has_value()) {
    proto.set_decided_by(core::FormatResourceName("users", *request.decided_by));
  }
  proto.set_decision_comment(request.decision_comment);
  *proto.mutable_create_time() = ToProtoTimestamp(request.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(request.update_time);
  return proto;
}

v1::InvoiceLateFees LateFeesToProto(const store::LateFeeTotals& totals) {
  v1::InvoiceLateFees proto;
  proto.set_invoice(core::FormatResourceName("invoices", totals.invoice_id));
  proto.set_customer(core::FormatResourceName("customers", totals.customer_id));
  proto.set_accrued_fen(totals.accrued);
  proto.set_waived_fen(totals.waived);
  proto.set_outstanding_fen(totals.accrued - totals.waived);
  if (totals.accrued_through.has_value()) {
    proto.set_accrued_through(core::FormatDate(*totals.accrued_through));
  }
  proto.set_days_accrued(totals.days_accrued);
  return proto;
}

// The fields of a Request* call: the invoice, a positive amount and a reason.
absl::StatusOr<int64_t> ValidateRequest(const std::string& invoice, core::Fen amount,
                                        const std::string& reason) {
  HK_ASSIGN_OR_RETURN(int64_t invoice_id, ParseIdField("invoices", "invoice", invoice));
  HK_RETURN_IF_ERROR(CheckAmountField("amount_fen", amount));
  HK_RETURN_IF_ERROR(core::CheckText("reason", reason, core::Presence::kRequired));
  return invoice_id;
}

// The fields of an Approve*/Reject* call; a rejection needs a comment.
absl::StatusOr<int64_t> ValidateDecision(absl::string_view collection, const std::string& name,
                                         const std::string& comment, bool approve) {
  HK_RETURN_IF_ERROR(core::CheckText(
      "comment", comment, approve ? core::Presence::kOptional : core::Presence::kRequired));
  return ParseIdField(collection, "name", name);
}

// Approve and Reject of a write-off: one call with the decision; an approval also reports the
// invoice after it.
template <typename Response>
absl::Status DecideWriteOff(ops::WriteScope& write, const std::string& name,
                            const std::string& comment, bool approve, Response* response) {
  HK_ASSIGN_OR_RETURN(int64_t id, ValidateDecision(ops::kWriteOffs, name, comment, approve));
  HK_ASSIGN_OR_RETURN(ops::DecidedWriteOff decided,
                      ops::DecideWriteOff(write, id, name, approve, comment));
  *response->mutable_write_off() =
      DecisionToProto<v1::WriteOff>(decided.write_off, ops::kWriteOffs);
  if constexpr (std::is_same_v<Response, v1::ApproveWriteOffResponse>) {
    response->set_invoice_open_fen(decided.invoice.balance.open);
    response->set_invoice_written_off_fen(decided.invoice.balance.written_off);
    response->set_invoice_status(ToProto(decided.invoice.balance.status));
  }
  return absl::OkStatus();
}

// Approve and Reject of a late-fee waiver; an approval also reports the invoice's late fees.
template <typename Response>
absl::Status DecideWaiver(ops::WriteScope& write, const std::string& name,
                          const std::string& comment, bool approve, Response* response) {
  HK_ASSIGN_OR_RETURN(int64_t id, ValidateDecision(ops::kLateFeeWaivers, name, comment, approve));
  HK_ASSIGN_OR_RETURN(ops::DecidedWaiver decided,
                      ops::DecideLateFeeWaiver(write, id, name, approve, comment));
  *response->mutable_waiver() =
      DecisionToProto<v1::LateFeeWaiver>(decided.waiver, ops::kLateFeeWaivers);
  if constexpr (std::is_same_v<Response, v1::ApproveLateFeeWaiverResponse>) {
    *response->mutable_late_fees() = LateFeesToProto(decided.late_fees);
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status CollectionsServiceImpl::RequestWriteOff(grpc::ServerContext* context,
                                                     const v1::RequestWriteOffRequest* request,
                                                     v1::RequestWriteOffResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(
            int64_t invoice_id,
            ValidateRequest(request->invoice(), request->amount_fen(), request->reason()));
        HK_ASSIGN_OR_RETURN(store::WriteOffRecord write_off,
                            ops::RequestWriteOff(write, invoice_id, request->invoice(),
                                                 request->amount_fen(), request->reason()));
        *response->mutable_write_off() = DecisionToProto<v1::WriteOff>(write_off, ops::kWriteOffs);
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::ApproveWriteOff(grpc::ServerContext* context,
                                                     const v1::ApproveWriteOffRequest* request,
                                                     v1::ApproveWriteOffResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecideWriteOff(write, request->name(), request->comment(),
                                                /*approve=*/true, response);
                        });
}

grpc::Status CollectionsServiceImpl::RejectWriteOff(grpc::ServerContext* context,
                                                    const v1::RejectWriteOffRequest* request,
                                                    v1::RejectWriteOffResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecideWriteOff(write, request->name(), request->comment(),
                                                /*approve=*/false, response);
                        });
}

grpc::Status CollectionsServiceImpl::AccrueLateFees(grpc::ServerContext* context,
                                                    const v1::AccrueLateFeesRequest* request,
                                                    v1::AccrueLateFeesResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(core::EpochDay as_of,
                                              ParseDateField("as_of_date", request->as_of_date()));
                          HK_ASSIGN_OR_RETURN(ops::LateFeeRun run,
                                              ops::AccrueLateFees(write, as_of, "as_of_date"));
                          response->set_invoices_accrued(run.invoices_accrued);
                          response->set_days_accrued(run.days_accrued);
                          response->set_fee_fen(run.fee);
                          return absl::OkStatus();
                        });
}

grpc::Status CollectionsServiceImpl::ListLateFees(grpc::ServerContext* context,
                                                  const v1::ListLateFeesRequest* request,
                                                  v1::ListLateFeesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    if (request->customer().empty() == request->invoice().empty()) {
      return FieldViolation(request->customer().empty() ? "customer" : "invoice",
                            "exactly one of customer and invoice is required");
    }
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> invoice_id,
                        ParseOptionalIdField("invoices", "invoice", request->invoice()));
    const std::string& name = customer_id ? request->customer() : request->invoice();
    HK_ASSIGN_OR_RETURN(
        std::vector<store::LateFeeTotals> totals,
        ops::ListLateFees(read, customer_id, invoice_id, name, page.after_id, page.fetch()));
    response->set_next_page_token(
        TakePage(totals, page, [](const store::LateFeeTotals& t) { return t.invoice_id; }));
    for (const auto& entry : totals) *response->add_late_fees() = LateFeesToProto(entry);
    return absl::OkStatus();
  });
}

grpc::Status CollectionsServiceImpl::RequestLateFeeWaiver(
    grpc::ServerContext* context, const v1::RequestLateFeeWaiverRequest* request,
    v1::RequestLateFeeWaiverResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(
            int64_t invoice_id,
            ValidateRequest(request->invoice(), request->amount_fen(), request->reason()));
        HK_ASSIGN_OR_RETURN(store::LateFeeWaiverRecord waiver,
                            ops::RequestLateFeeWaiver(write, invoice_id, request->invoice(),
                                                      request->amount_fen(), request->reason()));
        *response->mutable_waiver() =
            DecisionToProto<v1::LateFeeWaiver>(waiver, ops::kLateFeeWaivers);
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::ApproveLateFeeWaiver(
    grpc::ServerContext* context, const v1::ApproveLateFeeWaiverRequest* request,
    v1::ApproveLateFeeWaiverResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecideWaiver(write, request->name(), request->comment(),
                                              /*approve=*/true, response);
                        });
}

grpc::Status CollectionsServiceImpl::RejectLateFeeWaiver(
    grpc::ServerContext* context, const v1::RejectLateFeeWaiverRequest* request,
    v1::RejectLateFeeWaiverResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecideWaiver(write, request->name(), request->comment(),
                                              /*approve=*/false, response);
                        });
}

}  // namespace huikuan::service
