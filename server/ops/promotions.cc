#include "server/ops/promotions.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

core::Json PromotionImage(const store::PromotionRecord& promotion) {
  core::Json image = core::Json::Object();
  image
      .Set("customer",
           core::Json::String(core::FormatResourceName("customers", promotion.customer_id)))
      .Set("event", core::Json::String(promotion.event))
      .Set("event_date", core::Json::String(core::FormatDate(promotion.event_day)))
      .Set("evidence", core::Json::String(promotion.evidence))
      .Set("status", core::Json::String(core::DecisionStatusName(promotion.status)))
      .Set("requested_by",
           core::Json::String(core::FormatResourceName("users", promotion.requested_by)))
      .Set("decision_comment", core::Json::String(promotion.decision_comment))
      .Set("version", core::Json::Int(promotion.version));
  if (promotion.decided_by) {
    image.Set("decided_by",
              core::Json::String(core::FormatResourceName("users", *promotion.decided_by)));
  }
  return image;
}

}  // namespace

std::string PromotionName(int64_t id) { return core::FormatResourceName(kPromotions, id); }

absl::StatusOr<store::PromotionRecord> RecordPromotion(WriteScope& write,
                                                       const PromotionDraft& draft,
                                                       absl::string_view customer_name) {
  core::FieldViolations violations;
  violations.AddAll(core::CheckName("event", draft.event, kMaxPromotionEventChars), "event");
  violations.AddAll(core::CheckText("evidence", draft.evidence, core::Presence::kRequired),
                    "evidence");
  if (draft.event_day > write.today) {
    violations.Add("event_date", absl::StrCat("is after today (", core::FormatDate(write.today),
                                              "): record a promotion once it has taken place"));
  }
  HK_RETURN_IF_ERROR(violations.ToStatus());
  HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                      GetVisibleCustomer(write.db, write.caller, draft.customer_id, customer_name));
  store::PromotionRecord promotion;
  promotion.customer_id = customer.id;
  promotion.owner_user_id = customer.owner_user_id;
  promotion.event = draft.event;
  promotion.event_day = draft.event_day;
  promotion.evidence = draft.evidence;
  promotion.requested_by = write.caller.user_id;
  promotion.create_time = promotion.update_time = write.now;
  store::InsertPromotion(write.db, promotion);
  write.audit.Record(PromotionName(promotion.id), core::Json(), PromotionImage(promotion));
  return promotion;
}

absl::StatusOr<store::PromotionRecord> DecidePromotion(WriteScope& write, int64_t id,
                                                       absl::string_view name, bool approve,
                                                       const std::string& comment) {
  absl::StatusOr<store::PromotionRecord> promotion =
      store::GetPromotion(write.db, id, store::Lock::kForUpdate);
  if (absl::IsNotFound(promotion.status()) ||
      (promotion.ok() &&
       !CanSeeCustomer(write.caller, promotion->customer_id, promotion->owner_user_id))) {
    return core::NotFoundError(name);
  }
  HK_RETURN_IF_ERROR(promotion.status());
  const core::Json before = PromotionImage(*promotion);
  HK_RETURN_IF_ERROR(core::Decide(promotion->status, approve, name));
  promotion->decided_by = write.caller.user_id;
  promotion->decision_comment = comment;
  promotion->update_time = write.now;
  HK_RETURN_IF_ERROR(store::UpdatePromotionDecision(write.db, *promotion));
  write.audit.Record(PromotionName(promotion->id), before, PromotionImage(*promotion));
  return promotion;
}

absl::StatusOr<store::PromotionRecord> GetPromotion(ReadScope& read, int64_t id,
                                                    absl::string_view name) {
  absl::StatusOr<store::PromotionRecord> promotion =
      store::GetPromotion(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(promotion.status()) ||
      (promotion.ok() &&
       !CanSeeCustomer(read.caller, promotion->customer_id, promotion->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return promotion;
}

std::vector<store::PromotionRecord> ListPromotions(ReadScope& read,
                                                   std::optional<int64_t> customer_id,
                                                   std::optional<core::DecisionStatus> status,
                                                   int64_t before_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::PromotionFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = status;
  return store::ListPromotions(read.db, filter, before_id, limit);
}

}  // namespace huikuan::ops
