#include "server/ops/term_policies.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"
#include "server/ops/term_rules.h"
#include "server/store/credit_store.h"
#include "server/store/relationship_store.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kNoticeDays = 30;  // R-TERM-3
constexpr absl::string_view kPolicyNotice = "POLICY_NOTICE";

}  // namespace

absl::StatusOr<store::TermPolicyRecord> PublishTermPolicy(WriteScope& write,
                                                          core::EpochDay effective_day,
                                                          const core::TermPolicyRules& rules,
                                                          const std::string& comment) {
  // Locks the last version so concurrent publishers take consecutive numbers.
  const int64_t latest = store::LatestTermPolicyVersion(write.db, true);
  const std::string name = core::FormatResourceName("termPolicies", latest + 1);
  if (latest == 0) {
    if (effective_day < write.today) {
      return core::RuleViolation(
          kPolicyNotice, name,
          absl::StrCat("R-TERM-3: effective_date ", core::FormatDate(effective_day),
                       " is before today ", core::FormatDate(write.today),
                       ": a policy never applies retroactively"));
    }
  } else if (absl::Status notice =
                 core::CheckPolicyNoticePeriod(write.today, effective_day, kNoticeDays);
             !notice.ok()) {
    if (notice.code() != absl::StatusCode::kFailedPrecondition) return notice;
    return core::RuleViolation(
        kPolicyNotice, name,
        absl::StrCat("R-TERM-3: a policy change takes effect no earlier than ", kNoticeDays,
                     " days after it is published: ", notice.message()));
  }
  store::TermPolicyRecord record;
  record.version = latest + 1;
  record.published_day = write.today;
  record.effective_day = effective_day;
  record.rules = rules;
  record.comment = comment;
  record.created_by = write.caller.user_id;
  record.create_time = write.now;
  store::InsertTermPolicy(write.db, record);
  write.audit.Record(name, core::Json(), TermPolicyImage(record));
  return record;
}

std::vector<store::TermPolicyRecord> ListTermPolicies(ReadScope& read, int64_t after_version,
                                                      int limit) {
  return store::ListTermPolicies(read.db, after_version, limit);
}

absl::StatusOr<TermsQuote> QuoteTerms(ReadScope& read, int64_t customer_id,
                                      absl::string_view customer_name, core::Fen amount,
                                      core::EpochDay invoice_day, bool assume_joint_promotion) {
  absl::StatusOr<store::LedgerCustomer> credit =
      store::GetCustomerCredit(read.db, customer_id, store::Lock::kNone);
  if (absl::IsNotFound(credit.status()) ||
      (credit.ok() && !CanSeeCustomer(read.caller, credit->id, credit->owner_user_id))) {
    return core::NotFoundError(customer_name);
  }
  HK_RETURN_IF_ERROR(credit.status());
  const TermRulesInForce in_force = TermPolicies::Load(read.db).InForce(invoice_day);
  // R-TERM-1 inputs: the previous calendar month's orders and how they were paid.
  HK_ASSIGN_OR_RETURN(absl::CivilDay day, core::FromEpochDay(invoice_day));
  const absl::CivilMonth last_month = absl::CivilMonth(day) - 1;
  HK_ASSIGN_OR_RETURN(core::EpochDay month_start, core::ToEpochDay(absl::CivilDay(last_month)));
  HK_ASSIGN_OR_RETURN(core::EpochDay month_end,
                      core::ToEpochDay(absl::CivilDay(last_month + 1) - 1));
  TermsQuote quote;
  quote.policy_version = in_force.version;
  quote.tier = credit->tier;
  quote.last_month = store::LoadOrderTermsFacts(read.db, customer_id, month_start, month_end);
  quote.last_month_paid_early =
      quote.last_month.month_invoices > 0 &&
      quote.last_month.month_paid_early == quote.last_month.month_invoices;
  core::OrderTermsInput input;
  input.tier_terms = in_force.rules.matrix[static_cast<int>(credit->tier)];
  input.prior_orders = quote.last_month.invoice_count;
  input.last_month_orders = quote.last_month.month_orders;
  input.last_month_paid_early = quote.last_month_paid_early;
  const auto promoted = store::ApprovedPromotions(read.db, {customer_id}, month_start, month_end);
  if (auto it = promoted.find(customer_id); it != promoted.end()) {
    quote.joint_promotion_id = it->second;
  } else {
    quote.joint_promotion_assumed = assume_joint_promotion;
  }
  input.joint_promotion = quote.joint_promotion_id != 0 || assume_joint_promotion;
  input.order_amount = amount;
  input.invoice_day = invoice_day;
  HK_ASSIGN_OR_RETURN(quote.terms, core::ComputeEffectiveTerms(input, in_force.rules.terms));
  return quote;
}

}  // namespace huikuan::ops
