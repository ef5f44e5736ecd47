#include "server/service/arrangement_service.h"

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/disputes.h"
#include "server/ops/dunning_holds.h"
#include "server/ops/payment_plans.h"
#include "server/ops/promises.h"
#include "server/ops/settlements.h"
#include "server/service/arrangement_convert.h"
#include "server/service/customer_page.h"
#include "server/service/ledger_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr int kMaxArrangedInvoices = 1000;

// "invoices/{id}" names of a request, each checked; every bad one reported as "<field>[k]".
std::vector<int64_t> ParseInvoiceNames(absl::string_view field,
                                       const google::protobuf::RepeatedPtrField<std::string>& names,
                                       FieldViolations& violations) {
  std::vector<int64_t> ids;
  if (names.size() > kMaxArrangedInvoices) {
    violations.Add(std::string(field), absl::StrCat("at most ", kMaxArrangedInvoices, " invoices"));
    return ids;
  }
  for (int k = 0; k < names.size(); ++k) {
    const std::string at = absl::StrCat(field, "[", k, "]");
    absl::StatusOr<int64_t> id = ParseIdField("invoices", at, names[k]);
    if (!id.ok()) {
      violations.AddAll(id.status(), at);
    } else {
      ids.push_back(*id);
    }
  }
  return ids;
}

// Adds the violation `status` carries, if any.
void Check(const absl::Status& status, absl::string_view field, FieldViolations& violations) {
  if (!status.ok()) violations.AddAll(status, field);
}

// The fields of an Approve*/Reject* call; a rejection needs a comment.
absl::StatusOr<int64_t> ValidateDecision(absl::string_view collection, const std::string& name,
                                         const std::string& comment, bool approve) {
  HK_RETURN_IF_ERROR(core::CheckText(
      "comment", comment, approve ? core::Presence::kOptional : core::Presence::kRequired));
  return ParseIdField(collection, "name", name);
}

template <typename Response>
absl::Status DecidePlan(ops::WriteScope& write, const std::string& name, const std::string& comment,
                        bool approve, Response* response) {
  HK_ASSIGN_OR_RETURN(int64_t id, ValidateDecision("paymentPlans", name, comment, approve));
  HK_ASSIGN_OR_RETURN(store::PaymentPlanRecord plan,
                      ops::DecidePaymentPlan(write, id, name, approve, comment));
  *response->mutable_plan() = PaymentPlanToProto(plan);
  return absl::OkStatus();
}

template <typename Response>
absl::Status DecideSettlement(ops::WriteScope& write, const std::string& name,
                              const std::string& comment, bool approve, Response* response) {
  HK_ASSIGN_OR_RETURN(int64_t id, ValidateDecision("settlements", name, comment, approve));
  HK_ASSIGN_OR_RETURN(ops::DecidedSettlement decided,
                      ops::DecideSettlement(write, id, name, approve, comment));
  *response->mutable_settlement() = SettlementToProto(decided.settlement);
  if constexpr (std::is_same_v<Response, v1::ApproveSettlementResponse>) {
    response->set_invoice_open_fen(decided.invoice.balance.open);
    response->set_invoice_settled_fen(decided.invoice.balance.settled);
    response->set_invoice_status(ToProto(decided.invoice.balance.status));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status ArrangementServiceImpl::RecordPromise(grpc::ServerContext* context,
                                                   const v1::RecordPromiseRequest* request,
                                                   v1::RecordPromiseResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        ops::PromiseDraft draft;
        absl::StatusOr<int64_t> customer_id =
            ParseIdField("customers", "customer", request->customer());
        Check(customer_id.status(), "customer", violations);
        draft.invoice_ids = ParseInvoiceNames("invoices", request->invoices(), violations);
        Check(CheckAmountField("amount_fen", request->amount_fen()), "amount_fen", violations);
        absl::StatusOr<core::EpochDay> promised =
            ParseDateField("promised_date", request->promised_date());
        Check(promised.status(), "promised_date", violations);
        absl::StatusOr<std::optional<int64_t>> work_item =
            ParseOptionalIdField("workItems", "work_item", request->work_item());
        Check(work_item.status(), "work_item", violations);
        Check(core::CheckText("note", request->note(), core::Presence::kOptional), "note",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        draft.customer_id = *customer_id;
        draft.amount = request->amount_fen();
        draft.promised_day = *promised;
        draft.tolerance_days = request->has_tolerance_days() ? request->tolerance_days()
                                                             : settings_.promise_tolerance_days;
        draft.work_item_id = *work_item;
        draft.compliance_reason = request->compliance_reason();
        draft.note = request->note();
        HK_ASSIGN_OR_RETURN(store::PromiseRecord promise,
                            ops::RecordPromise(write, draft, request->customer()));
        *response->mutable_promise() = PromiseToProto(promise);
        return absl::OkStatus();
      });
}

grpc::Status ArrangementServiceImpl::GetPromise(grpc::ServerContext* context,
                                                const v1::GetPromiseRequest* request,
                                                v1::GetPromiseResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("promises", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::PromiseRecord promise, ops::GetPromise(read, id, request->name()));
    *response->mutable_promise() = PromiseToProto(promise);
    return absl::OkStatus();
  });
}

grpc::Status ArrangementServiceImpl::ListPromises(grpc::ServerContext* context,
                                                  const v1::ListPromisesRequest* request,
                                                  v1::ListPromisesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(std::optional<core::PromiseStatus> status,
                        PromiseStatusFilter("status", request->status()));
    return ServeCustomerPage(
        *request, *response,
        [&](std::optional<int64_t> customer_id, const Page& page) {
          return ops::ListPromises(read, customer_id, status, page.after_id, page.fetch());
        },
        [&](const store::PromiseRecord& promise) {
          *response->add_promises() = PromiseToProto(promise);
        });
  });
}

grpc::Status ArrangementServiceImpl::RaiseInvoiceDispute(
    grpc::ServerContext* context, const v1::RaiseInvoiceDisputeRequest* request,
    v1::RaiseInvoiceDisputeResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> invoice_id =
            ParseIdField("invoices", "invoice", request->invoice());
        Check(invoice_id.status(), "invoice", violations);
        absl::StatusOr<core::DisputeReason> reason_code =
            DisputeReasonFromProto("reason_code", request->reason_code());
        Check(reason_code.status(), "reason_code", violations);
        Check(core::CheckText("reason", request->reason(), core::Presence::kRequired), "reason",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(ops::RaisedDispute raised,
                            ops::RaiseDispute(write, *invoice_id, request->invoice(), *reason_code,
                                              request->reason()));
        *response->mutable_dispute() = DisputeToProto(raised.dispute, write.today);
        response->set_invoice_status(ToProto(raised.invoice.balance.status));
        return absl::OkStatus();
      });
}

grpc::Status ArrangementServiceImpl::ResolveInvoiceDispute(
    grpc::ServerContext* context, const v1::ResolveInvoiceDisputeRequest* request,
    v1::ResolveInvoiceDisputeResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> invoice_id =
            ParseIdField("invoices", "invoice", request->invoice());
        Check(invoice_id.status(), "invoice", violations);
        Check(core::CheckText("resolution", request->resolution(), core::Presence::kRequired),
              "resolution", violations);
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(
            store::InvoiceRecord invoice,
            ops::ResolveDispute(write, *invoice_id, request->invoice(), request->resolution()));
        response->set_invoice(request->invoice());
        response->set_invoice_status(ToProto(invoice.balance.status));
        response->set_open_fen(invoice.balance.open);
        return absl::OkStatus();
      });
}

grpc::Status ArrangementServiceImpl::ListInvoiceDisputes(
    grpc::ServerContext* context, const v1::ListInvoiceDisputesRequest* request,
    v1::ListInvoiceDisputesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    return ServeCustomerPage(
        *request, *response,
        [&](std::optional<int64_t> customer_id, const Page& page) {
          return ops::ListDisputes(read, customer_id, request->open_only(), page.after_id,
                                   page.fetch());
        },
        [&](const store::DisputeRecord& dispute) {
          *response->add_disputes() = DisputeToProto(dispute, read.today);
        });
  });
}

grpc::Status ArrangementServiceImpl::RequestPaymentPlan(
    grpc::ServerContext* context, const v1::RequestPaymentPlanRequest* request,
    v1::RequestPaymentPlanResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        ops::PaymentPlanDraft draft;
        absl::StatusOr<int64_t> customer_id =
            ParseIdField("customers", "customer", request->customer());
        Check(customer_id.status(), "customer", violations);
        draft.invoice_ids = ParseInvoiceNames("invoices", request->invoices(), violations);
        for (int k = 0; k < request->instalments_size(); ++k) {
          const v1::Instalment& in = request->instalments(k);
          const std::string at = absl::StrCat("instalments[", k, "]");
          absl::StatusOr<core::EpochDay> due =
              ParseDateField(absl::StrCat(at, ".due_date"), in.due_date());
          Check(due.status(), absl::StrCat(at, ".due_date"), violations);
          Check(CheckAmountField(absl::StrCat(at, ".amount_fen"), in.amount_fen()),
                absl::StrCat(at, ".amount_fen"), violations);
          if (due.ok()) draft.instalments.push_back({*due, in.amount_fen()});
        }
        if (request->instalments_size() == 0) {
          absl::StatusOr<core::EpochDay> first =
              ParseDateField("first_due_date", request->first_due_date());
          Check(first.status(), "first_due_date", violations);
          draft.split.count = request->instalment_count();
          draft.split.first_due = first.value_or(0);
          draft.split.interval_months =
              request->interval_months() == 0 ? 1 : request->interval_months();
        } else if (request->instalment_count() != 0 || !request->first_due_date().empty()) {
          violations.Add("instalments", "give the instalments or a split, not both");
        }
        Check(core::CheckText("collateral", request->collateral(), core::Presence::kOptional),
              "collateral", violations);
        Check(core::CheckText("guarantee", request->guarantee(), core::Presence::kOptional),
              "guarantee", violations);
        Check(core::CheckText("reason", request->reason(), core::Presence::kRequired), "reason",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        draft.customer_id = *customer_id;
        draft.grace_days =
            request->has_grace_days() ? request->grace_days() : settings_.instalment_grace_days;
        draft.collateral = request->collateral();
        draft.guarantee = request->guarantee();
        draft.reason = request->reason();
        HK_ASSIGN_OR_RETURN(
            store::PaymentPlanRecord plan,
            ops::RequestPaymentPlan(write, draft, request->customer(), settings_.approval_chain));
        *response->mutable_plan() = PaymentPlanToProto(plan);
        return absl::OkStatus();
      });
}

grpc::Status ArrangementServiceImpl::ApprovePaymentPlan(
    grpc::ServerContext* context, const v1::ApprovePaymentPlanRequest* request,
    v1::ApprovePaymentPlanResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecidePlan(write, request->name(), request->comment(),
                                            /*approve=*/true, response);
                        });
}

grpc::Status ArrangementServiceImpl::RejectPaymentPlan(grpc::ServerContext* context,
                                                       const v1::RejectPaymentPlanRequest* request,
                                                       v1::RejectPaymentPlanResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecidePlan(write, request->name(), request->comment(),
                                            /*approve=*/false, response);
                        });
}

grpc::Status ArrangementServiceImpl::GetPaymentPlan(grpc::ServerContext* context,
                                                    const v1::GetPaymentPlanRequest* request,
                                                    v1::GetPaymentPlanResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("paymentPlans", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::PaymentPlanRecord plan,
                        ops::GetPaymentPlan(read, id, request->name()));
    *response->mutable_plan() = PaymentPlanToProto(plan);
    return absl::OkStatus();
  });
}

grpc::Status ArrangementServiceImpl::ListPaymentPlans(grpc::ServerContext* context,
                                                      const v1::ListPaymentPlansRequest* request,
                                                      v1::ListPaymentPlansResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(std::optional<core::PlanStatus> status,
                        PlanStatusFilter("status", request->status()));
    return ServeCustomerPage(
        *request, *response,
        [&](std::optional<int64_t> customer_id, const Page& page) {
          return ops::ListPaymentPlans(read, customer_id, status, page.after_id, page.fetch());
        },
        [&](const store::PaymentPlanRecord& plan) {
          *response->add_plans() = PaymentPlanToProto(plan);
        });
  });
}

grpc::Status ArrangementServiceImpl::RequestSettlement(grpc::ServerContext* context,
                                                       const v1::RequestSettlementRequest* request,
                                                       v1::RequestSettlementResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> invoice_id =
            ParseIdField("invoices", "invoice", request->invoice());
        Check(invoice_id.status(), "invoice", violations);
        Check(CheckAmountField("amount_fen", request->amount_fen()), "amount_fen", violations);
        Check(core::CheckText("goods_description", request->goods_description(),
                              core::Presence::kRequired),
              "goods_description", violations);
        Check(core::CheckText("valuation_basis", request->valuation_basis(),
                              core::Presence::kOptional),
              "valuation_basis", violations);
        Check(core::CheckText("reason", request->reason(), core::Presence::kRequired), "reason",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        ops::SettlementDraft draft;
        draft.invoice_id = *invoice_id;
        draft.amount = request->amount_fen();
        draft.goods_description = request->goods_description();
        draft.valuation_basis = request->valuation_basis();
        draft.reason = request->reason();
        HK_ASSIGN_OR_RETURN(store::SettlementRecord settlement,
                            ops::RequestSettlement(write, draft, request->invoice()));
        *response->mutable_settlement() = SettlementToProto(settlement);
        return absl::OkStatus();
      });
}

grpc::Status ArrangementServiceImpl::ApproveSettlement(grpc::ServerContext* context,
                                                       const v1::ApproveSettlementRequest* request,
                                                       v1::ApproveSettlementResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecideSettlement(write, request->name(), request->comment(),
                                                  /*approve=*/true, response);
                        });
}

grpc::Status ArrangementServiceImpl::RejectSettlement(grpc::ServerContext* context,
                                                      const v1::RejectSettlementRequest* request,
                                                      v1::RejectSettlementResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return DecideSettlement(write, request->name(), request->comment(),
                                                  /*approve=*/false, response);
                        });
}

grpc::Status ArrangementServiceImpl::ListSettlements(grpc::ServerContext* context,
                                                     const v1::ListSettlementsRequest* request,
                                                     v1::ListSettlementsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(std::optional<core::DecisionStatus> status,
                        SettlementStatusFilter("status", request->status()));
    return ServeCustomerPage(
        *request, *response,
        [&](std::optional<int64_t> customer_id, const Page& page) {
          return ops::ListSettlements(read, customer_id, status, page.after_id, page.fetch());
        },
        [&](const store::SettlementRecord& settlement) {
          *response->add_settlements() = SettlementToProto(settlement);
        });
  });
}

grpc::Status ArrangementServiceImpl::ListCollectionHolds(
    grpc::ServerContext* context, const v1::ListCollectionHoldsRequest* request,
    v1::ListCollectionHoldsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(std::vector<ops::InvoiceCollectionHold> holds,
                        ops::ListCollectionHolds(read, customer_id, request->customer()));
    for (const ops::InvoiceCollectionHold& hold : holds) {
      *response->add_holds() = CollectionHoldToProto(hold);
    }
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
