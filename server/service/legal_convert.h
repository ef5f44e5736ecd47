// LegalService messages <-> legal cases and limitation periods (ops/legal_cases.h,
// ops/limitation.h): the one conversion module for them.
#ifndef HUIKUAN_SERVER_SERVICE_LEGAL_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_LEGAL_CONVERT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "huikuan/v1/legal_service.pb.h"
#include "server/core/civil_date.h"
#include "server/core/legal_case.h"
#include "server/core/limitation.h"
#include "server/ops/limitation.h"
#include "server/store/legal_store.h"

namespace huikuan::service {

// The enums of LegalService list the core's values in the core's order after UNSPECIFIED
// (proto value = core value + 1); legal_test checks every name against the core's.
v1::LegalStage ToProto(core::LegalStage stage);
v1::LimitationEventKind ToProto(core::InterruptionKind kind);
// Required: UNSPECIFIED or unknown -> INVALID_ARGUMENT on `field`.
absl::StatusOr<core::LegalStage> LegalStageFromProto(absl::string_view field, v1::LegalStage stage);
absl::StatusOr<core::InterruptionKind> InterruptionKindFromProto(absl::string_view field,
                                                                 v1::LimitationEventKind kind);

v1::LegalCase LegalCaseToProto(const store::LegalCaseRecord& legal_case);
v1::LimitationPeriod LimitationToProto(const ops::InvoiceLimitation& limitation,
                                       core::EpochDay today);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_LEGAL_CONVERT_H_
