#include "server/service/dunning_convert.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/proto_time.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

v1::DunningLadder LadderToProto(const core::DunningLadder& ladder) {
  v1::DunningLadder proto;
  proto.set_name(ladder.name);
  for (const core::DunningStep& step : ladder.steps) {
    v1::DunningStep* out = proto.add_steps();
    out->set_offset_days(step.offset_days);
    out->set_action(step.action);
    out->set_department(std::string(core::DepartmentName(step.department)));
    out->set_channel(std::string(core::ChannelName(step.channel)));
    out->set_description(step.description);
  }
  return proto;
}

absl::StatusOr<core::DunningLadder> LadderFromProto(absl::string_view field,
                                                    const v1::DunningLadder& ladder) {
  core::DunningLadder result;
  result.name = ladder.name();
  for (int i = 0; i < ladder.steps_size(); ++i) {
    const v1::DunningStep& step = ladder.steps(i);
    const std::string prefix = absl::StrCat(field, ".steps[", i, "]");
    std::optional<core::Department> department = core::ParseDepartment(step.department());
    if (!department) {
      return FieldViolation(absl::StrCat(prefix, ".department"),
                            "must be sales, finance, legal, investment or management");
    }
    std::optional<core::Channel> channel = core::ParseChannel(step.channel());
    if (!channel) {
      return FieldViolation(absl::StrCat(prefix, ".channel"),
                            "must be phone_or_wechat, email, sms, phone, letter, visit, court or "
                            "notice");
    }
    result.steps.push_back(
        {step.offset_days(), step.action(), *department, *channel, step.description()});
  }
  return result;
}

absl::StatusOr<core::TierLadders> TierLaddersFromProto(
    const google::protobuf::RepeatedPtrField<v1::TierLadder>& ladders) {
  core::TierLadders result;
  std::array<bool, 4> seen = {false, false, false, false};
  for (int i = 0; i < ladders.size(); ++i) {
    const std::string field = absl::StrCat("ladders[", i, "]");
    std::optional<core::Tier> tier =
        core::ParseEnumName<core::Tier, 4>(ladders[i].tier(), core::TierName);
    if (!tier) {
      return FieldViolation(absl::StrCat(field, ".tier"),
                            "must be strategic_core, key_partner, general or potential");
    }
    const int index = static_cast<int>(*tier);
    if (seen[index]) return FieldViolation(absl::StrCat(field, ".tier"), "appears twice");
    seen[index] = true;
    HK_ASSIGN_OR_RETURN(result[index],
                        LadderFromProto(absl::StrCat(field, ".ladder"), ladders[i].ladder()));
  }
  for (int t = 0; t < 4; ++t) {
    if (!seen[t]) {
      return FieldViolation("ladders", absl::StrCat("has no ladder for ",
                                                    core::TierName(static_cast<core::Tier>(t))));
    }
  }
  return result;
}

v1::DunningLadderVersion LadderVersionToProto(const store::LadderVersionRecord& version) {
  v1::DunningLadderVersion proto;
  proto.set_name(core::FormatResourceName("dunningLadders", version.version));
  proto.set_version(version.version);
  if (version.version > 0) {
    proto.set_published_date(core::FormatDate(version.published_day));
    proto.set_effective_date(core::FormatDate(version.effective_day));
    if (version.created_by > 0) {
      proto.set_create_user(core::FormatResourceName("users", version.created_by));
    }
    *proto.mutable_create_time() = ToProtoTimestamp(version.create_time);
  }
  for (int t = 0; t < 4; ++t) {
    v1::TierLadder* tier = proto.add_ladders();
    tier->set_tier(std::string(core::TierName(static_cast<core::Tier>(t))));
    *tier->mutable_ladder() = LadderToProto(version.ladders[t]);
  }
  proto.set_comment(version.comment);
  return proto;
}

v1::DunningOverride OverrideToProto(const store::DunningOverrideRecord& record) {
  v1::DunningOverride proto;
  proto.set_customer(core::FormatResourceName("customers", record.customer_id));
  proto.set_excluded(record.excluded);
  if (record.ladder) *proto.mutable_ladder() = LadderToProto(*record.ladder);
  proto.set_reason(record.reason);
  if (record.expires_day) proto.set_expire_date(core::FormatDate(*record.expires_day));
  if (record.created_by > 0) {
    proto.set_create_user(core::FormatResourceName("users", record.created_by));
  }
  *proto.mutable_create_time() = ToProtoTimestamp(record.create_time);
  return proto;
}

}  // namespace huikuan::service
