// DunningService messages <-> ladder versions and overrides (ops/dunning.h).
#ifndef HUIKUAN_SERVER_SERVICE_DUNNING_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_DUNNING_CONVERT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "huikuan/v1/dunning_service.pb.h"
#include "server/core/dunning.h"
#include "server/store/dunning_store.h"

namespace huikuan::service {

v1::DunningLadder LadderToProto(const core::DunningLadder& ladder);
// INVALID_ARGUMENT naming "<field>.steps[i].department" etc. for unknown names; the ladder's own
// rules (core::ValidateLadder) are checked by ops.
absl::StatusOr<core::DunningLadder> LadderFromProto(absl::string_view field,
                                                    const v1::DunningLadder& ladder);
// Exactly one ladder per tier, in any order.
absl::StatusOr<core::TierLadders> TierLaddersFromProto(
    const google::protobuf::RepeatedPtrField<v1::TierLadder>& ladders);

v1::DunningLadderVersion LadderVersionToProto(const store::LadderVersionRecord& version);
v1::DunningOverride OverrideToProto(const store::DunningOverrideRecord& record);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_DUNNING_CONVERT_H_
