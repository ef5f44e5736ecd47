#include "server/service/term_policy_service.h"

#include "server/core/resource_name.h"
#include "server/core/early_discount.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/paying.h"
#include "server/ops/term_policies.h"
#include "server/service/ledger_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"
#include "server/service/term_policy_convert.h"

namespace huikuan::service {

grpc::Status TermPolicyServiceImpl::PublishTermPolicy(grpc::ServerContext* context,
                                                      const v1::PublishTermPolicyRequest* request,
                                                      v1::PublishTermPolicyResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(core::EpochDay effective,
                            ParseDateField("effective_date", request->effective_date()));
        if (!request->has_rules()) return FieldViolation("rules", "is required");
        HK_ASSIGN_OR_RETURN(core::TermPolicyRules rules, RulesFromProto(request->rules()));
        HK_RETURN_IF_ERROR(
            core::CheckText("comment", request->comment(), core::Presence::kOptional));
        int32_t discount_bp = core::kDefaultEarlyDiscountBpPerDay;
        if (request->has_early_discount_bp_per_day()) {
          discount_bp = request->early_discount_bp_per_day();
          if (discount_bp < 0 || discount_bp > core::kMaxEarlyDiscountBpPerDay) {
            return FieldViolation("early_discount_bp_per_day", "must be 0-100");
          }
        }
        HK_ASSIGN_OR_RETURN(store::TermPolicyRecord published,
                            ops::PublishTermPolicy(write, effective, rules, request->comment()));
        published.early_discount_bp_per_day = discount_bp;
        // Issue 14: the version's early-payment discount rate (ops/paying.h).
        ops::SetPolicyDiscountRate(write, published.version, discount_bp);
        *response->mutable_term_policy() = PolicyToProto(published);
        return absl::OkStatus();
      });
}

grpc::Status TermPolicyServiceImpl::ListTermPolicies(grpc::ServerContext* context,
                                                     const v1::ListTermPoliciesRequest* request,
                                                     v1::ListTermPoliciesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    std::vector<store::TermPolicyRecord> policies =
        ops::ListTermPolicies(read, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(policies, page, [](const store::TermPolicyRecord& p) { return p.version; }));
    for (const auto& policy : policies) *response->add_term_policies() = PolicyToProto(policy);
    return absl::OkStatus();
  });
}

grpc::Status TermPolicyServiceImpl::GetEffectiveTerms(grpc::ServerContext* context,
                                                      const v1::GetEffectiveTermsRequest* request,
                                                      v1::GetEffectiveTermsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_RETURN_IF_ERROR(CheckAmountField("order_amount_fen", request->order_amount_fen()));
    HK_ASSIGN_OR_RETURN(core::EpochDay invoice_day,
                        ParseDateField("invoice_date", request->invoice_date()));
    HK_ASSIGN_OR_RETURN(
        ops::TermsQuote quote,
        ops::QuoteTerms(read, customer_id, request->customer(), request->order_amount_fen(),
                        invoice_day, request->joint_promotion()));
    const core::EffectiveTerms& terms = quote.terms;
    response->set_policy_version(quote.policy_version);
    response->set_credit_days(terms.credit_days);
    response->set_prepayment_bp(static_cast<int32_t>(terms.prepayment_bp));
    response->set_prepayment_fen(terms.prepayment);
    response->set_credit_amount_fen(terms.credit_amount);
    if (terms.due_day) response->set_due_date(core::FormatDate(*terms.due_day));
    *response->mutable_breakdown() = ToProto(core::TermsBreakdown{
        quote.tier, quote.last_month.invoice_count, quote.policy_version, terms.steps});
    response->set_last_month_orders_fen(quote.last_month.month_orders);
    response->set_last_month_paid_early(quote.last_month_paid_early);
    if (quote.joint_promotion_id != 0) {
      response->set_joint_promotion(
          core::FormatResourceName("promotions", quote.joint_promotion_id));
    }
    response->set_joint_promotion_assumed(quote.joint_promotion_assumed);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
