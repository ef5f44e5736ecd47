// Joint market promotions (issue 14; seed 000 账期政策设计:
// "若客户协助企业进行区域市场推广(如举办产品 发布会),额外给予10天账期奖励", R-TERM-1): sales or
// investment staff record one (customer, event, date, evidence), a sales head approves or rejects
// it once (the approvals inbox). An approved promotion dated in month M gives the customer's
// invoices of month M+1 the policy's joint_promotion_bonus_days: invoicing (invoices.cc) and
// GetEffectiveTerms (term_policies.cc) read the approved promotions of the previous month with
// store::ApprovedPromotions.
#ifndef HUIKUAN_SERVER_OPS_PROMOTIONS_H_
#define HUIKUAN_SERVER_OPS_PROMOTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/decision_state.h"
#include "server/ops/scopes.h"
#include "server/store/relationship_store.h"

namespace huikuan::ops {

inline constexpr absl::string_view kPromotions = "promotions";
std::string PromotionName(int64_t id);  // "promotions/7"

inline constexpr size_t kMaxPromotionEventChars = 200;

struct PromotionDraft {
  int64_t customer_id = 0;
  std::string event;
  core::EpochDay event_day = 0;
  std::string evidence;  // what shows it happened: a text, a document or photo reference
};
// Validates (event 1-200 characters, evidence required, up to 2000; the event not after today:
// INVALID_ARGUMENT naming "event", "evidence", "event_date") and stores the request, audited.
// NOT_FOUND naming `customer_name` outside the caller's scope.
absl::StatusOr<store::PromotionRecord> RecordPromotion(WriteScope& write,
                                                       const PromotionDraft& draft,
                                                       absl::string_view customer_name);

// A sales head's decision (FAILED_PRECONDITION NOT_REQUESTED when already decided).
absl::StatusOr<store::PromotionRecord> DecidePromotion(WriteScope& write, int64_t id,
                                                       absl::string_view name, bool approve,
                                                       const std::string& comment);

absl::StatusOr<store::PromotionRecord> GetPromotion(ReadScope& read, int64_t id,
                                                    absl::string_view name);
// The caller's visible promotions, newest first.
std::vector<store::PromotionRecord> ListPromotions(ReadScope& read,
                                                   std::optional<int64_t> customer_id,
                                                   std::optional<core::DecisionStatus> status,
                                                   int64_t before_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PROMOTIONS_H_
