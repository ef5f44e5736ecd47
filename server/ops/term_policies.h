// Term policy versions (R-TERM-3) and the effective terms of an order under the version in force
// (R-TERM-1, R-TERM-2, R-TIER-2): the quote GetEffectiveTerms shows is computed exactly as
// invoicing computes it (invoices.h).
#ifndef HUIKUAN_SERVER_OPS_TERM_POLICIES_H_
#define HUIKUAN_SERVER_OPS_TERM_POLICIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/terms.h"
#include "server/ops/scopes.h"
#include "server/store/term_policy_store.h"

namespace huikuan::ops {

// R-TERM-3: a new version takes effect no earlier than 30 days after it is published (today);
// the first version replaces the core's defaults and may take effect at once, never
// retroactively. FAILED_PRECONDITION with rule POLICY_NOTICE otherwise. `rules` are valid (the
// caller checked them with core::ValidateTermPolicyRules).
absl::StatusOr<store::TermPolicyRecord> PublishTermPolicy(WriteScope& write,
                                                          core::EpochDay effective_day,
                                                          const core::TermPolicyRules& rules,
                                                          const std::string& comment);

std::vector<store::TermPolicyRecord> ListTermPolicies(ReadScope& read, int64_t after_version,
                                                      int limit);

struct TermsQuote {
  int64_t policy_version = 0;
  core::Tier tier = core::Tier::kPotential;
  store::OrderTermsFacts last_month;  // and the prior order count
  bool last_month_paid_early = false;
  // R-TERM-1: the customer's first joint promotion approved for last month (0: none), and
  // whether the bonus was assumed by the caller instead (a what-if).
  int64_t joint_promotion_id = 0;
  bool joint_promotion_assumed = false;
  core::EffectiveTerms terms;
};
// The terms an order of `amount` dated `invoice_day` would get now, as invoicing computes them:
// the joint-promotion bonus when an approved promotion of the customer is dated in the month
// before (promotions.h); `assume_joint_promotion` adds it anyway (a what-if for a promotion not
// approved yet). NOT_FOUND naming `customer_name` when the customer is absent or outside the
// caller's scope.
absl::StatusOr<TermsQuote> QuoteTerms(ReadScope& read, int64_t customer_id,
                                      absl::string_view customer_name, core::Fen amount,
                                      core::EpochDay invoice_day, bool assume_joint_promotion);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_TERM_POLICIES_H_
