#include "server/service/paying_service.h"

#include <optional>
#include <vector>

#include "server/core/early_discount.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/paying.h"
#include "server/service/ledger_convert.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

v1::DiscountOfferStatus StatusToProto(const store::DiscountOfferRecord& offer,
                                      core::EpochDay today) {
  if (core::OfferExpired(offer.status, offer.pay_by_day, today)) {
    return v1::DISCOUNT_OFFER_STATUS_EXPIRED;
  }
  switch (offer.status) {
    case core::DiscountOfferStatus::kProposed:
      return v1::DISCOUNT_OFFER_STATUS_PROPOSED;
    case core::DiscountOfferStatus::kAccepted:
      return v1::DISCOUNT_OFFER_STATUS_ACCEPTED;
    case core::DiscountOfferStatus::kHonoured:
      return v1::DISCOUNT_OFFER_STATUS_HONOURED;
  }
  return v1::DISCOUNT_OFFER_STATUS_UNSPECIFIED;
}

v1::DiscountOffer OfferToProto(const store::DiscountOfferRecord& offer, core::EpochDay today) {
  v1::DiscountOffer proto;
  proto.set_name(core::FormatResourceName("discountOffers", offer.id));
  proto.set_invoice(core::FormatResourceName("invoices", offer.invoice_id));
  proto.set_invoice_number(offer.invoice_number);
  proto.set_customer(core::FormatResourceName("customers", offer.customer_id));
  proto.set_open_fen(offer.open);
  proto.set_due_date(core::FormatDate(offer.due_day));
  proto.set_pay_by_date(core::FormatDate(offer.pay_by_day));
  proto.set_policy_version(offer.policy_version);
  proto.set_bp_per_day(offer.bp_per_day);
  proto.set_days_early(offer.days_early);
  proto.set_discount_fen(offer.discount);
  proto.set_to_pay_fen(offer.open - offer.discount);
  proto.set_status(StatusToProto(offer, today));
  proto.set_create_user(core::FormatResourceName("users", offer.proposed_by));
  *proto.mutable_create_time() = ToProtoTimestamp(offer.create_time);
  if (offer.accepted_by) {
    proto.set_accept_user(core::FormatResourceName("users", *offer.accepted_by));
  }
  if (offer.accept_time) *proto.mutable_accept_time() = ToProtoTimestamp(*offer.accept_time);
  if (offer.payment_id) proto.set_payment(core::FormatResourceName("payments", *offer.payment_id));
  if (offer.honoured_day) proto.set_honoured_date(core::FormatDate(*offer.honoured_day));
  return proto;
}

}  // namespace

grpc::Status PayingServiceImpl::GetPaymentInstructions(
    grpc::ServerContext* context, const v1::GetPaymentInstructionsRequest* request,
    v1::GetPaymentInstructionsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(ops::PaymentInstructions instructions,
                        ops::GetPaymentInstructions(read, customer_id, request->customer()));
    response->set_payee(settings_.payee);
    response->set_bank_account(settings_.bank_account);
    for (const store::InvoiceRecord& invoice : instructions.due) {
      *response->add_due_invoices() = InvoiceToProto(invoice, WithTerms::kNo);
    }
    for (const ops::StatementToPay& statement : instructions.statements) {
      v1::StatementToPay* out = response->add_statements();
      out->set_statement(core::FormatResourceName("statements", statement.statement_id));
      out->set_month(statement.month);
      out->set_version(statement.version);
      out->set_payment_reference(statement.payment_reference);
      out->set_closing_balance_fen(statement.closing);
      out->set_open_fen(statement.open_now);
      if (statement.next_due_day) out->set_next_due_date(core::FormatDate(*statement.next_due_day));
    }
    for (const store::DiscountOfferRecord& offer :
         ops::ListDiscountOffers(read, customer_id, std::nullopt, 0, 1000)) {
      if (offer.status == core::DiscountOfferStatus::kHonoured ||
          core::OfferExpired(offer.status, offer.pay_by_day, read.today)) {
        continue;
      }
      *response->add_offers() = OfferToProto(offer, read.today);
    }
    return absl::OkStatus();
  });
}

grpc::Status PayingServiceImpl::ProposeDiscountOffer(grpc::ServerContext* context,
                                                     const v1::ProposeDiscountOfferRequest* request,
                                                     v1::ProposeDiscountOfferResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          FieldViolations violations;
                          absl::StatusOr<int64_t> invoice_id =
                              ParseIdField("invoices", "invoice", request->invoice());
                          if (!invoice_id.ok()) violations.AddAll(invoice_id.status(), "invoice");
                          absl::StatusOr<core::EpochDay> pay_by =
                              ParseDateField("pay_by_date", request->pay_by_date());
                          if (!pay_by.ok()) violations.AddAll(pay_by.status(), "pay_by_date");
                          if (!violations.empty()) return violations.ToStatus();
                          HK_ASSIGN_OR_RETURN(store::DiscountOfferRecord offer,
                                              ops::ProposeDiscountOffer(
                                                  write, *invoice_id, request->invoice(), *pay_by));
                          *response->mutable_offer() = OfferToProto(offer, write.today);
                          return absl::OkStatus();
                        });
}

grpc::Status PayingServiceImpl::AcceptDiscountOffer(grpc::ServerContext* context,
                                                    const v1::AcceptDiscountOfferRequest* request,
                                                    v1::AcceptDiscountOfferResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(
                              int64_t id, ParseIdField("discountOffers", "name", request->name()));
                          HK_ASSIGN_OR_RETURN(store::DiscountOfferRecord offer,
                                              ops::AcceptDiscountOffer(write, id, request->name()));
                          *response->mutable_offer() = OfferToProto(offer, write.today);
                          return absl::OkStatus();
                        });
}

grpc::Status PayingServiceImpl::ListDiscountOffers(grpc::ServerContext* context,
                                                   const v1::ListDiscountOffersRequest* request,
                                                   v1::ListDiscountOffersResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    FieldViolations violations;
    absl::StatusOr<std::optional<int64_t>> customer =
        ParseOptionalIdField("customers", "customer", request->customer());
    if (!customer.ok()) violations.AddAll(customer.status(), "customer");
    absl::StatusOr<std::optional<int64_t>> invoice =
        ParseOptionalIdField("invoices", "invoice", request->invoice());
    if (!invoice.ok()) violations.AddAll(invoice.status(), "invoice");
    absl::StatusOr<Page> page = ParsePage(request->page_size(), request->page_token());
    if (!page.ok()) violations.AddAll(page.status(), "page_token");
    if (!violations.empty()) return violations.ToStatus();
    std::vector<store::DiscountOfferRecord> offers =
        ops::ListDiscountOffers(read, *customer, *invoice, page->after_id, page->fetch());
    response->set_next_page_token(
        TakePage(offers, *page, [](const store::DiscountOfferRecord& o) { return o.id; }));
    for (const auto& offer : offers) *response->add_offers() = OfferToProto(offer, read.today);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
