// The JSON layouts that store owns for structured values kept in one column: an invoice's terms
// breakdown, a customer assessment (customers.assessment_json and a credit application's
// pre-review) and a term policy version's rules. They are defined here, below the API: renaming a
// field of the API changes nothing stored. Every layout carries "v" (its version, 1 today) and is
// read strictly: a missing member or a member of the wrong kind is an error, never a silent zero.
// Migrations 0090-0093 converted the rows written before these layouts existed.
//
// Layout v1 (members in this order; integers are JSON numbers, enums their core names):
//   terms breakdown  {"v":1,"tier":"key_partner"|"","prior_orders":N,"policy_version":N,
//                     "steps":[{"step":S,"days_after":N,"explanation":S}, ...]}
//   assessment       {"v":1,"score":N,"risk":"low","grade":"A","components":[{"name":S,
//                     "points":N,"max_points":N,"reason":S}, ...],"summary":S,"tier":S,
//                     "tier_reasons":[S, ...],"recommendation":{"grade":S,"term_days":N,
//                     "prepayment_bp":N,"credit_limit_fen":N,"reason":S},"cooperation_years":N,
//                     "order_share_bp":N,"paid_invoices":N,"paid_on_time":N,
//                     "monthly_purchases_fen":N}
//   policy rules     {"v":1,"volume_threshold_fen":N,"volume_early_payment_bonus_days":N,
//                     "joint_promotion_bonus_days":N,"max_term_days":N,"new_customer_ladder":B,
//                     "ladder":[{"prepayment_bp":N,"term_days":N}, ...],
//                     "tier_terms":[{"tier":S,"base_term_days":N,"prepayment_bp":N,"rebate":S,
//                     "min_order_share_bp":N (absent for potential)}, x4 in tier order]}
#ifndef HUIKUAN_SERVER_STORE_JSON_LAYOUTS_H_
#define HUIKUAN_SERVER_STORE_JSON_LAYOUTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/assessment.h"
#include "server/core/terms.h"

namespace huikuan::store {

// Written per invoice in bulk inserts: appends text directly, no document is built.
std::string EncodeTermsBreakdown(const core::TermsBreakdown& breakdown);
absl::StatusOr<core::TermsBreakdown> DecodeTermsBreakdown(absl::string_view json);

std::string EncodeAssessment(const core::CustomerAssessment& assessment);
absl::StatusOr<core::CustomerAssessment> DecodeAssessment(absl::string_view json);

std::string EncodeTermPolicyRules(const core::TermPolicyRules& rules);
absl::StatusOr<core::TermPolicyRules> DecodeTermPolicyRules(absl::string_view json);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_JSON_LAYOUTS_H_
