#include "server/core/terms.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/status_macros.h"

namespace huikuan::core {
namespace {

std::string Pct(BasisPoints bp) { return absl::StrFormat("%.2f%%", bp / 100.0); }

std::string Describe(int32_t days, BasisPoints prepayment_bp) {
  if (prepayment_bp == kBasisPointsPerUnit) return "100.00% prepaid";
  if (prepayment_bp == 0) return absl::StrCat(days, " days, no prepayment");
  if (days == 0) return absl::StrCat(Pct(prepayment_bp), " prepaid, rest on delivery");
  return absl::StrCat(Pct(prepayment_bp), " prepaid, rest at ", days, " days");
}

// How much credit terms extend per unit ordered: the unpaid share times its days (50% at 45 days:
// 225,000 bp-days; 30% prepaid, rest on delivery: 0). Terms are better for the customer when
// this is larger.
int64_t CreditExtended(BasisPoints prepayment_bp, int32_t days) {
  return (kBasisPointsPerUnit - prepayment_bp) * static_cast<int64_t>(days);
}

// Far beyond any real term; keeps sums of terms and bonuses inside int32.
constexpr int32_t kMaxDays = 100'000;

absl::Status CheckDays(absl::string_view name, int32_t days) {
  if (days < 0 || days > kMaxDays) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": ", days, " days is outside 0..", kMaxDays));
  }
  return absl::OkStatus();
}

absl::Status CheckTerm(absl::string_view name, int32_t days, BasisPoints prepayment_bp) {
  HK_RETURN_IF_ERROR(CheckDays(absl::StrCat(name, ".days"), days));
  if (prepayment_bp < 0 || prepayment_bp > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": prepayment_bp ", prepayment_bp, " is outside 0..10000"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateTermsPolicy(const TermsPolicy& p) {
  HK_RETURN_IF_ERROR(ValidateAmount(p.volume_threshold, "volume_threshold"));
  HK_RETURN_IF_ERROR(
      CheckDays("volume_early_payment_bonus_days", p.volume_early_payment_bonus_days));
  HK_RETURN_IF_ERROR(CheckDays("joint_promotion_bonus_days", p.joint_promotion_bonus_days));
  HK_RETURN_IF_ERROR(CheckDays("max_term_days", p.max_term_days));
  for (size_t i = 0; i < p.ladder.size(); ++i) {
    HK_RETURN_IF_ERROR(CheckTerm(absl::StrCat("ladder[", i, "]"), p.ladder[i].term_days,
                                 p.ladder[i].prepayment_bp));
  }
  return absl::OkStatus();
}

TieringConfig TermPolicyRules::Tiering() const {
  TieringConfig tiering;
  tiering.terms = matrix;
  tiering.strategic_min_share_bp = min_order_share_bp[0];
  tiering.key_min_share_bp = min_order_share_bp[1];
  tiering.general_min_share_bp = min_order_share_bp[2];
  return tiering;
}

absl::Status ValidateTermPolicyRules(const TermPolicyRules& rules) {
  HK_RETURN_IF_ERROR(ValidateTermsPolicy(rules.terms));
  return ValidateTieringConfig(rules.Tiering());
}

absl::StatusOr<EffectiveTerms> ComputeEffectiveTerms(const OrderTermsInput& in,
                                                     const TermsPolicy& policy) {
  HK_RETURN_IF_ERROR(ValidateTermsPolicy(policy));
  HK_RETURN_IF_ERROR(
      CheckTerm("tier_terms", in.tier_terms.base_term_days, in.tier_terms.prepayment_bp));
  if (in.prior_orders < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("prior_orders: ", in.prior_orders, " is negative"));
  }
  HK_RETURN_IF_ERROR(ValidateAmount(in.last_month_orders, "last_month_orders"));
  HK_RETURN_IF_ERROR(ValidateAmount(in.order_amount, "order_amount"));
  if (in.invoice_day.has_value()) {
    HK_RETURN_IF_ERROR(ValidateEpochDay(*in.invoice_day, "invoice_day"));
  }

  EffectiveTerms t;
  int32_t days = in.tier_terms.base_term_days;
  BasisPoints prepayment = in.tier_terms.prepayment_bp;
  t.steps.push_back(
      {"tier_base", days, absl::StrCat("tier base terms: ", Describe(days, prepayment))});

  bool on_ladder = false;
  const size_t ladder_size = policy.ladder.size();
  if (policy.new_customer_ladder && static_cast<size_t>(in.prior_orders) < ladder_size) {
    on_ladder = true;
    const LadderStep& step = policy.ladder[in.prior_orders];
    days = step.term_days;
    prepayment = step.prepayment_bp;
    t.steps.push_back({"new_customer_ladder", days,
                       absl::StrCat("order ", in.prior_orders + 1,
                                    " of a new customer: ", Describe(days, prepayment),
                                    "; dynamic adjustments do not apply on the ladder")});
  } else if (policy.new_customer_ladder && ladder_size > 0 &&
             static_cast<size_t>(in.prior_orders) == ladder_size) {
    // The ladder's own last step, "standard terms", never goes back: standard terms that extend
    // less credit than the step before would make it worse than the previous order's.
    const LadderStep& last = policy.ladder.back();
    if (CreditExtended(last.prepayment_bp, last.term_days) > CreditExtended(prepayment, days)) {
      t.steps.push_back({"new_customer_ladder", last.term_days,
                         absl::StrCat("order ", in.prior_orders + 1, ": the tier's terms (",
                                      Describe(days, prepayment),
                                      ") extend less credit than the ladder's last "
                                      "step (",
                                      Describe(last.term_days, last.prepayment_bp),
                                      "), which continues: the ladder never goes back")});
      days = last.term_days;
      prepayment = last.prepayment_bp;
    } else {
      t.steps.push_back({"new_customer_ladder", days,
                         absl::StrCat("order ", in.prior_orders + 1,
                                      ": new-customer ladder complete, standard terms apply")});
    }
  }

  if (!on_ladder) {
    if (in.last_month_orders > policy.volume_threshold && in.last_month_paid_early) {
      days += policy.volume_early_payment_bonus_days;
      t.steps.push_back(
          {"volume_early_payment", days,
           absl::StrCat("last month's orders ", FormatYuan(in.last_month_orders), " yuan > ",
                        FormatYuan(policy.volume_threshold), " yuan and paid early: +",
                        policy.volume_early_payment_bonus_days, " days")});
    }
    if (in.joint_promotion) {
      days += policy.joint_promotion_bonus_days;
      t.steps.push_back(
          {"joint_promotion", days,
           absl::StrCat("joint market promotion: +", policy.joint_promotion_bonus_days, " days")});
    }
  }
  if (days > policy.max_term_days) {
    t.steps.push_back({"policy_cap", policy.max_term_days,
                       absl::StrCat(days, " days capped at the policy maximum of ",
                                    policy.max_term_days, " days from the invoice date")});
    days = policy.max_term_days;
  }

  t.credit_days = days;
  t.prepayment_bp = prepayment;
  HK_ASSIGN_OR_RETURN(t.prepayment, ApplyBasisPoints(in.order_amount, prepayment));
  t.credit_amount = in.order_amount - t.prepayment;
  if (in.invoice_day.has_value()) {
    const int64_t due = static_cast<int64_t>(*in.invoice_day) + days;
    if (due > kMaxEpochDay) {
      return absl::InvalidArgumentError(
          absl::StrCat("invoice_day: due day ", due, " is after 2199-12-31"));
    }
    t.due_day = static_cast<EpochDay>(due);
  }
  return t;
}

absl::Status CheckPolicyNoticePeriod(EpochDay published_day, EpochDay effective_day,
                                     int32_t min_notice_days) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(published_day, "published_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(effective_day, "effective_day"));
  if (min_notice_days < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("min_notice_days: ", min_notice_days, " is negative"));
  }
  if (static_cast<int64_t>(effective_day) - published_day < min_notice_days) {
    return absl::FailedPreconditionError(
        absl::StrCat("effective_day ", FormatDate(effective_day), " is less than ", min_notice_days,
                     " days after published_day ", FormatDate(published_day), " (R-TERM-3)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> PolicyVersionInForce(absl::Span<const EpochDay> effective_days,
                                            EpochDay day) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(day, "day"));
  HK_RETURN_IF_ERROR(ValidateEpochDays(effective_days, "effective_days"));
  bool found = false;
  size_t best = 0;
  for (size_t i = 0; i < effective_days.size(); ++i) {
    if (effective_days[i] <= day && (!found || effective_days[i] >= effective_days[best])) {
      best = i;
      found = true;
    }
  }
  if (!found) {
    return absl::NotFoundError(absl::StrCat("no policy version in force on ", FormatDate(day)));
  }
  return best;
}

}  // namespace huikuan::core
