// huikuan.v1 risk messages <-> ops/store types (issue 10). No business logic.
#ifndef HUIKUAN_SERVER_SERVICE_RISK_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_RISK_CONVERT_H_

#include "absl/status/statusor.h"
#include "huikuan/v1/risk_service.pb.h"
#include "server/core/risk_signal.h"
#include "server/store/risk_store.h"

namespace huikuan::service {

v1::WarningLevel ToProto(core::WarningLevel level);
// INVALID_ARGUMENT on `field` for UNSPECIFIED or an unknown value.
absl::StatusOr<core::WarningLevel> WarningLevelFromProto(absl::string_view field, int value);
absl::StatusOr<core::SignalKind> SignalKindFromProto(absl::string_view field, int value);
v1::RiskSignalKind ToProto(core::SignalKind kind);

v1::RiskSignal RiskSignalToProto(const store::RiskSignalRecord& record);
v1::CustomerRisk CustomerRiskToProto(const store::CustomerRiskRecord& record);
v1::RiskChange RiskChangeToProto(const store::RiskChangeRecord& change);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_RISK_CONVERT_H_
