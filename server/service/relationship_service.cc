#include "server/service/relationship_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/cadence.h"
#include "server/core/enum_names.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/cadence.h"
#include "server/ops/promotions.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

v1::CadenceSettings SettingsToProto(const store::CadenceSettingsRecord& record) {
  v1::CadenceSettings proto;
  for (int i = 0; i < 4; ++i) {
    const core::TierCadence& cadence = record.tiers[i];
    v1::TierCadence* tier = proto.add_tiers();
    tier->set_tier(std::string(core::TierName(static_cast<core::Tier>(i))));
    tier->set_monthly_day(cadence.monthly_day);
    tier->set_quarterly_month(cadence.quarterly_month);
    tier->set_quarterly_day(cadence.quarterly_day);
    tier->set_annual_month(cadence.annual_month);
    tier->set_annual_day(cadence.annual_day);
    tier->set_upcoming_note(cadence.upcoming_note);
  }
  proto.set_etag(FormatEtag(record.version));
  if (record.updated_by) {
    proto.set_updated_by(core::FormatResourceName("users", *record.updated_by));
  }
  if (record.update_time) *proto.mutable_update_time() = ToProtoTimestamp(*record.update_time);
  return proto;
}

// Exactly one entry per tier, in any order.
absl::StatusOr<core::TierCadences> TiersFromProto(
    const google::protobuf::RepeatedPtrField<v1::TierCadence>& tiers) {
  core::FieldViolations violations;
  core::TierCadences cadences;
  std::array<bool, 4> seen = {false, false, false, false};
  for (int i = 0; i < tiers.size(); ++i) {
    const v1::TierCadence& entry = tiers[i];
    std::optional<core::Tier> tier =
        core::ParseEnumName<core::Tier, 4>(entry.tier(), core::TierName);
    const std::string field = absl::StrCat("tiers[", i, "].tier");
    if (!tier) {
      violations.Add(field, "must be strategic_core, key_partner, general or potential");
      continue;
    }
    if (seen[static_cast<int>(*tier)]) {
      violations.Add(field, absl::StrCat(entry.tier(), " is given twice"));
      continue;
    }
    seen[static_cast<int>(*tier)] = true;
    core::TierCadence& cadence = cadences[static_cast<int>(*tier)];
    cadence.monthly_day = entry.monthly_day();
    cadence.quarterly_month = entry.quarterly_month();
    cadence.quarterly_day = entry.quarterly_day();
    cadence.annual_month = entry.annual_month();
    cadence.annual_day = entry.annual_day();
    cadence.upcoming_note = entry.upcoming_note();
    violations.AddAll(core::ValidateTierCadence(cadence, absl::StrCat("tiers[", i, "]")),
                      absl::StrCat("tiers[", i, "]"));
  }
  for (int t = 0; t < 4; ++t) {
    if (!seen[t]) {
      violations.Add("tiers",
                     absl::StrCat("missing tier ", core::TierName(static_cast<core::Tier>(t))));
    }
  }
  HK_RETURN_IF_ERROR(violations.ToStatus());
  return cadences;
}

v1::PromotionStatus StatusToProto(core::DecisionStatus status) {
  switch (status) {
    case core::DecisionStatus::kRequested:
      return v1::PROMOTION_STATUS_REQUESTED;
    case core::DecisionStatus::kApproved:
      return v1::PROMOTION_STATUS_APPROVED;
    case core::DecisionStatus::kRejected:
      return v1::PROMOTION_STATUS_REJECTED;
  }
  return v1::PROMOTION_STATUS_UNSPECIFIED;
}

v1::Promotion PromotionToProto(const store::PromotionRecord& promotion) {
  v1::Promotion proto;
  proto.set_name(ops::PromotionName(promotion.id));
  proto.set_customer(core::FormatResourceName("customers", promotion.customer_id));
  proto.set_customer_display_name(promotion.customer_display_name);
  proto.set_event(promotion.event);
  proto.set_event_date(core::FormatDate(promotion.event_day));
  proto.set_evidence(promotion.evidence);
  proto.set_status(StatusToProto(promotion.status));
  proto.set_requested_by(core::FormatResourceName("users", promotion.requested_by));
  if (promotion.decided_by) {
    proto.set_decided_by(core::FormatResourceName("users", *promotion.decided_by));
  }
  proto.set_decision_comment(promotion.decision_comment);
  *proto.mutable_create_time() = ToProtoTimestamp(promotion.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(promotion.update_time);
  if (absl::StatusOr<absl::CivilDay> day = core::FromEpochDay(promotion.event_day); day.ok()) {
    proto.set_bonus_month(absl::FormatCivilTime(absl::CivilMonth(*day) + 1));
  }
  return proto;
}

// Approve and Reject: the same call with the decision; a rejection needs a comment.
absl::Status Decide(ops::WriteScope& write, const std::string& name, const std::string& comment,
                    bool approve, v1::Promotion* out) {
  HK_RETURN_IF_ERROR(core::CheckText(
      "comment", comment, approve ? core::Presence::kOptional : core::Presence::kRequired));
  HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField(ops::kPromotions, "name", name));
  HK_ASSIGN_OR_RETURN(store::PromotionRecord promotion,
                      ops::DecidePromotion(write, id, name, approve, comment));
  *out = PromotionToProto(promotion);
  return absl::OkStatus();
}

}  // namespace

grpc::Status RelationshipServiceImpl::GetCadenceSettings(
    grpc::ServerContext* context, const v1::GetCadenceSettingsRequest* /*request*/,
    v1::GetCadenceSettingsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    *response->mutable_settings() = SettingsToProto(ops::GetCadenceSettings(read));
    return absl::OkStatus();
  });
}

grpc::Status RelationshipServiceImpl::UpdateCadenceSettings(
    grpc::ServerContext* context, const v1::UpdateCadenceSettingsRequest* request,
    v1::UpdateCadenceSettingsResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(core::TierCadences tiers,
                                              TiersFromProto(request->tiers()));
                          std::optional<int64_t> version;
                          if (!request->etag().empty()) {
                            HK_ASSIGN_OR_RETURN(version, ParseEtagField("etag", request->etag()));
                          }
                          HK_ASSIGN_OR_RETURN(store::CadenceSettingsRecord settings,
                                              ops::UpdateCadenceSettings(write, tiers, version));
                          *response->mutable_settings() = SettingsToProto(settings);
                          return absl::OkStatus();
                        });
}

grpc::Status RelationshipServiceImpl::SendCadenceMessage(
    grpc::ServerContext* context, const v1::SendCadenceMessageRequest* request,
    v1::SendCadenceMessageResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id,
                            ParseIdField("workItems", "work_item", request->work_item()));
        HK_ASSIGN_OR_RETURN(store::OutboxRecord message,
                            ops::SendCadenceMessage(write, id, request->work_item()));
        response->set_outbox_message(core::FormatResourceName("outboxMessages", message.id));
        response->set_recipient(message.recipient);
        return absl::OkStatus();
      });
}

grpc::Status RelationshipServiceImpl::RecordPromotion(grpc::ServerContext* context,
                                                      const v1::RecordPromotionRequest* request,
                                                      v1::RecordPromotionResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          core::FieldViolations violations;
                          absl::StatusOr<int64_t> customer_id =
                              ParseIdField("customers", "customer", request->customer());
                          violations.AddAll(customer_id.status(), "customer");
                          absl::StatusOr<core::EpochDay> event_day =
                              ParseDateField("event_date", request->event_date());
                          violations.AddAll(event_day.status(), "event_date");
                          HK_RETURN_IF_ERROR(violations.ToStatus());
                          ops::PromotionDraft draft;
                          draft.customer_id = *customer_id;
                          draft.event = request->event();
                          draft.event_day = *event_day;
                          draft.evidence = request->evidence();
                          HK_ASSIGN_OR_RETURN(
                              store::PromotionRecord promotion,
                              ops::RecordPromotion(write, draft, request->customer()));
                          *response->mutable_promotion() = PromotionToProto(promotion);
                          return absl::OkStatus();
                        });
}

grpc::Status RelationshipServiceImpl::ApprovePromotion(grpc::ServerContext* context,
                                                       const v1::ApprovePromotionRequest* request,
                                                       v1::ApprovePromotionResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return Decide(write, request->name(), request->comment(),
                                        /*approve=*/true, response->mutable_promotion());
                        });
}

grpc::Status RelationshipServiceImpl::RejectPromotion(grpc::ServerContext* context,
                                                      const v1::RejectPromotionRequest* request,
                                                      v1::RejectPromotionResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) {
                          return Decide(write, request->name(), request->comment(),
                                        /*approve=*/false, response->mutable_promotion());
                        });
}

grpc::Status RelationshipServiceImpl::ListPromotions(grpc::ServerContext* context,
                                                     const v1::ListPromotionsRequest* request,
                                                     v1::ListPromotionsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    std::optional<core::DecisionStatus> status;
    switch (request->status()) {
      case v1::PROMOTION_STATUS_REQUESTED:
        status = core::DecisionStatus::kRequested;
        break;
      case v1::PROMOTION_STATUS_APPROVED:
        status = core::DecisionStatus::kApproved;
        break;
      case v1::PROMOTION_STATUS_REJECTED:
        status = core::DecisionStatus::kRejected;
        break;
      default:
        break;
    }
    std::vector<store::PromotionRecord> promotions =
        ops::ListPromotions(read, customer_id, status, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(promotions, page, [](const store::PromotionRecord& p) { return p.id; }));
    for (const store::PromotionRecord& promotion : promotions) {
      *response->add_promotions() = PromotionToProto(promotion);
    }
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
