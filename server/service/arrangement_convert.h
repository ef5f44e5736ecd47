// ArrangementService messages <-> the records of promises, disputes, payment plans, settlements
// and collection holds (ops/promises.h, disputes.h, payment_plans.h, settlements.h,
// dunning_holds.h): the one conversion module for them.
#ifndef HUIKUAN_SERVER_SERVICE_ARRANGEMENT_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_ARRANGEMENT_CONVERT_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "huikuan/v1/arrangement_service.pb.h"
#include "server/core/collection_hold.h"
#include "server/core/decision_state.h"
#include "server/core/dispute.h"
#include "server/core/payment_plan.h"
#include "server/core/promise.h"
#include "server/ops/dunning_holds.h"
#include "server/store/dispute_store.h"
#include "server/store/payment_plan_store.h"
#include "server/store/promise_store.h"
#include "server/store/settlement_store.h"

namespace huikuan::service {

// The enums of ArrangementService list the core's values in the core's order after UNSPECIFIED
// (proto value = core value + 1); arrangement_test checks every name against the core's.
v1::PromiseStatus ToProto(core::PromiseStatus status);
v1::DisputeReason ToProto(core::DisputeReason reason);
v1::DisputeSource ToProto(core::DisputeSource source);
v1::PaymentPlanStatus ToProto(core::PlanStatus status);
v1::SettlementStatus SettlementStatusToProto(core::DecisionStatus status);

// UNSPECIFIED -> nullopt (no filter); an unknown value -> INVALID_ARGUMENT on `field`.
absl::StatusOr<std::optional<core::PromiseStatus>> PromiseStatusFilter(absl::string_view field,
                                                                       v1::PromiseStatus status);
absl::StatusOr<std::optional<core::PlanStatus>> PlanStatusFilter(absl::string_view field,
                                                                 v1::PaymentPlanStatus status);
absl::StatusOr<std::optional<core::DecisionStatus>> SettlementStatusFilter(
    absl::string_view field, v1::SettlementStatus status);
// Required: UNSPECIFIED or unknown -> INVALID_ARGUMENT on `field`.
absl::StatusOr<core::DisputeReason> DisputeReasonFromProto(absl::string_view field,
                                                           v1::DisputeReason reason);

v1::Promise PromiseToProto(const store::PromiseRecord& promise);
// `today`: for the dispute's age while it is open.
v1::Dispute DisputeToProto(const store::DisputeRecord& dispute, core::EpochDay today);
v1::PaymentPlan PaymentPlanToProto(const store::PaymentPlanRecord& plan);
v1::Settlement SettlementToProto(const store::SettlementRecord& settlement);
v1::CollectionHold CollectionHoldToProto(const ops::InvoiceCollectionHold& hold);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_ARRANGEMENT_CONVERT_H_
