#include "server/ops/paying.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/early_discount.h"
#include "server/core/payment_reference.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"
#include "server/store/payment_reference_store.h"

namespace huikuan::ops {
namespace {

constexpr int kStatementsShown = 12;
constexpr int kDueInvoicesShown = 200;
constexpr absl::string_view kOfferExists = "OFFER_EXISTS";

std::string OfferName(int64_t id) { return core::FormatResourceName("discountOffers", id); }

core::Json OfferImage(const store::DiscountOfferRecord& offer) {
  using core::Json;
  Json image = Json::Object();
  image.Set("invoice", Json::String(core::FormatResourceName("invoices", offer.invoice_id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", offer.customer_id)))
      .Set("open_fen", Json::Int(offer.open))
      .Set("due_date", Json::String(core::FormatDate(offer.due_day)))
      .Set("pay_by_date", Json::String(core::FormatDate(offer.pay_by_day)))
      .Set("policy_version", Json::Int(offer.policy_version))
      .Set("bp_per_day", Json::Int(offer.bp_per_day))
      .Set("days_early", Json::Int(offer.days_early))
      .Set("discount_fen", Json::Int(offer.discount))
      .Set("status", Json::String(core::DiscountOfferStatusName(offer.status)));
  if (offer.accepted_by) {
    image.Set("accepted_by", Json::String(core::FormatResourceName("users", *offer.accepted_by)));
  }
  if (offer.payment_id) {
    image.Set("payment", Json::String(core::FormatResourceName("payments", *offer.payment_id)));
  }
  if (offer.honoured_day) {
    image.Set("honoured_date", Json::String(core::FormatDate(*offer.honoured_day)));
  }
  return image;
}

}  // namespace

absl::StatusOr<PaymentMatchPlan> PlanPaymentMatch(WriteScope& write, int64_t customer_id,
                                                  std::optional<int64_t> explicit_statement_id,
                                                  absl::string_view memo,
                                                  core::EpochDay received_day,
                                                  AcceptedOffers accepted_offers,
                                                  std::vector<core::OpenInvoice>& candidates) {
  PaymentMatchPlan plan;
  if (explicit_statement_id) {
    std::optional<std::vector<int64_t>> invoices =
        store::StatementInvoicesOf(write.db, *explicit_statement_id, customer_id);
    if (!invoices) {
      return core::FieldViolation(kPaymentReferenceField,
                                  "no statement of this customer has this payment reference");
    }
    plan.statement_id = explicit_statement_id;
    plan.first_invoices = *std::move(invoices);
  } else if (std::optional<int64_t> found = core::FindPaymentReference(memo)) {
    if (std::optional<std::vector<int64_t>> invoices =
            store::StatementInvoicesOf(write.db, *found, customer_id)) {
      plan.statement_id = found;
      plan.first_invoices = *std::move(invoices);
    }
  }
  if (accepted_offers == AcceptedOffers::kNone) return plan;
  absl::flat_hash_map<int64_t, size_t> row_of;
  for (size_t k = 0; k < candidates.size(); ++k) row_of.emplace(candidates[k].invoice_id, k);
  for (store::DiscountOfferRecord& offer :
       store::LockAcceptedOffers(write.db, customer_id, received_day)) {
    auto row = row_of.find(offer.invoice_id);
    if (row == row_of.end()) continue;
    core::OpenInvoice& candidate = candidates[row->second];
    if (!core::OfferHonourable(offer.status, offer.pay_by_day, offer.open, received_day,
                               candidate.open_amount) ||
        candidate.discount > 0) {
      continue;
    }
    candidate.discount = offer.discount;
    plan.offers.emplace(offer.invoice_id, std::move(offer));
  }
  return plan;
}

absl::Status BookDiscount(WriteScope& write, PaymentMatchPlan& plan, int64_t payment_id,
                          core::EpochDay received_day, store::InvoiceRecord& invoice,
                          core::Fen discount) {
  auto found = plan.offers.find(invoice.id);
  if (found == plan.offers.end() || found->second.discount != discount) {
    return absl::InternalError(absl::StrCat("cash application granted a discount on invoices/",
                                            invoice.id, " that no accepted offer holds"));
  }
  store::DiscountOfferRecord& offer = found->second;
  const store::DiscountOfferRecord before = offer;
  HK_RETURN_IF_ERROR(core::GrantDiscount(invoice.balance, discount,
                                         core::FormatResourceName("invoices", invoice.id)));
  offer.status = core::DiscountOfferStatus::kHonoured;
  offer.payment_id = payment_id;
  offer.honoured_day = received_day;
  offer.update_time = write.now;
  store::UpdateDiscountOffer(write.db, offer);
  write.audit.Record(OfferName(offer.id), OfferImage(before), OfferImage(offer));
  return absl::OkStatus();
}

absl::Status ReturnDiscounts(WriteScope& write, int64_t payment_id) {
  for (store::DiscountOfferRecord& offer : store::LockOffersHonouredBy(write.db, payment_id)) {
    HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                        store::GetInvoice(write.db, offer.invoice_id, store::Lock::kForUpdate));
    const store::InvoiceRecord invoice_before = invoice;
    core::ReturnDiscount(invoice.balance, offer.discount);
    invoice.update_time = write.now;
    store::UpdateInvoiceBalance(write.db, invoice);
    write.audit.Record(core::FormatResourceName("invoices", invoice.id),
                       InvoiceImage(invoice_before), InvoiceImage(invoice));
    const store::DiscountOfferRecord before = offer;
    offer.status = core::DiscountOfferStatus::kAccepted;
    offer.payment_id.reset();
    offer.honoured_day.reset();
    offer.update_time = write.now;
    store::UpdateDiscountOffer(write.db, offer);
    write.audit.Record(OfferName(offer.id), OfferImage(before), OfferImage(offer));
  }
  return absl::OkStatus();
}

void SetPolicyDiscountRate(WriteScope& write, int64_t version, int32_t bp_per_day) {
  store::SetDiscountRate(write.db, version, bp_per_day);
  write.audit.Record(
      core::FormatResourceName("termPolicies", version), core::Json(),
      core::Json::Object().Set("early_discount_bp_per_day", core::Json::Int(bp_per_day)));
}

absl::StatusOr<store::DiscountOfferRecord> ProposeDiscountOffer(WriteScope& write,
                                                                int64_t invoice_id,
                                                                absl::string_view invoice_name,
                                                                core::EpochDay pay_by_day) {
  absl::StatusOr<store::InvoiceRecord> peek =
      store::GetInvoice(write.db, invoice_id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(invoice_name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, peek->customer_id, invoice_name).status());
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      store::GetInvoice(write.db, invoice_id, store::Lock::kForUpdate));
  if (invoice.balance.status != core::InvoiceStatus::kOpen) {
    return core::RuleViolation(
        core::kInvoiceNotOpen, invoice_name,
        absl::StrCat(invoice_name, " is ", core::InvoiceStatusName(invoice.balance.status),
                     ": a discount is offered on an open invoice only"));
  }
  store::DiscountOfferFilter filter;
  filter.invoice_id = invoice_id;
  for (const store::DiscountOfferRecord& other :
       store::ListDiscountOffers(write.db, filter, 0, 100)) {
    if (other.status != core::DiscountOfferStatus::kHonoured &&
        !core::OfferExpired(other.status, other.pay_by_day, write.today)) {
      return core::RuleViolation(
          kOfferExists, invoice_name,
          absl::StrCat(invoice_name, " already has a live offer: ", OfferName(other.id)));
    }
  }
  const store::DiscountRate rate = store::DiscountRateOn(write.db, write.today);
  HK_ASSIGN_OR_RETURN(core::DiscountQuote quote,
                      core::QuoteEarlyDiscount(invoice.balance.open, invoice.due_day, write.today,
                                               pay_by_day, rate.bp_per_day, invoice_name));
  store::DiscountOfferRecord offer;
  offer.invoice_id = invoice.id;
  offer.customer_id = invoice.customer_id;
  offer.invoice_number = invoice.invoice_number;
  offer.open = invoice.balance.open;
  offer.due_day = invoice.due_day;
  offer.pay_by_day = pay_by_day;
  offer.policy_version = rate.policy_version;
  offer.bp_per_day = quote.bp_per_day;
  offer.days_early = quote.days_early;
  offer.discount = quote.discount;
  offer.proposed_by = write.caller.user_id;
  offer.create_time = offer.update_time = write.now;
  store::InsertDiscountOffer(write.db, offer);
  write.audit.Record(OfferName(offer.id), core::Json(), OfferImage(offer));
  return store::GetDiscountOffer(write.db, offer.id, store::Lock::kNone);
}

absl::StatusOr<store::DiscountOfferRecord> AcceptDiscountOffer(WriteScope& write, int64_t id,
                                                               absl::string_view name) {
  absl::StatusOr<store::DiscountOfferRecord> peek =
      store::GetDiscountOffer(write.db, id, store::Lock::kNone);
  if (!peek.ok() || !CanSeeCustomer(write.caller, peek->customer_id, peek->owner_user_id)) {
    return core::NotFoundError(name);
  }
  HK_RETURN_IF_ERROR(LockVisibleCustomer(write.db, write.caller, peek->customer_id, name).status());
  HK_ASSIGN_OR_RETURN(store::DiscountOfferRecord offer,
                      store::GetDiscountOffer(write.db, id, store::Lock::kForUpdate));
  const store::DiscountOfferRecord before = offer;
  HK_RETURN_IF_ERROR(core::AcceptOffer(offer.status, offer.pay_by_day, write.today, name));
  offer.accepted_by = write.caller.user_id;
  offer.accept_time = write.now;
  offer.update_time = write.now;
  store::UpdateDiscountOffer(write.db, offer);
  write.audit.Record(name, OfferImage(before), OfferImage(offer));
  return offer;
}

absl::StatusOr<store::DiscountOfferRecord> GetDiscountOffer(ReadScope& read, int64_t id,
                                                            absl::string_view name) {
  absl::StatusOr<store::DiscountOfferRecord> offer =
      store::GetDiscountOffer(read.db, id, store::Lock::kNone);
  if (!offer.ok() || !CanSeeCustomer(read.caller, offer->customer_id, offer->owner_user_id)) {
    return core::NotFoundError(name);
  }
  return offer;
}

std::vector<store::DiscountOfferRecord> ListDiscountOffers(ReadScope& read,
                                                           std::optional<int64_t> customer_id,
                                                           std::optional<int64_t> invoice_id,
                                                           int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::DiscountOfferFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.invoice_id = invoice_id;
  return store::ListDiscountOffers(read.db, filter, after_id, limit);
}

absl::StatusOr<PaymentInstructions> GetPaymentInstructions(ReadScope& read, int64_t customer_id,
                                                           absl::string_view customer_name) {
  HK_RETURN_IF_ERROR(GetVisibleCustomer(read.db, read.caller, customer_id, customer_name).status());
  PaymentInstructions out;
  store::InvoiceFilter filter;
  filter.customer_id = customer_id;
  filter.status = core::InvoiceStatus::kOpen;
  out.due = store::ListInvoices(read.db, filter, 0, kDueInvoicesShown);
  std::stable_sort(out.due.begin(), out.due.end(),
                   [](const store::InvoiceRecord& a, const store::InvoiceRecord& b) {
                     return a.due_day < b.due_day;
                   });
  for (const store::StatementToPayRow& row :
       store::LatestStatementsToPay(read.db, customer_id, kStatementsShown)) {
    out.statements.push_back(StatementToPay{row.id, row.month, row.version,
                                            core::FormatPaymentReference(row.id), row.closing,
                                            row.open_now, row.next_due_day});
  }
  return out;
}

}  // namespace huikuan::ops
