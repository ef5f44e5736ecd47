// Audit images (audit_images.h's format: fen as integers, dates "YYYY-MM-DD", enums by their core
// names, resources by name) of issue 9's arrangements with customers: disputes, promises to pay,
// payment plans, goods-for-debt settlements, legal cases and limitation events.
#ifndef HUIKUAN_SERVER_OPS_ARRANGEMENT_IMAGES_H_
#define HUIKUAN_SERVER_OPS_ARRANGEMENT_IMAGES_H_

#include "server/core/json.h"
#include "server/store/dispute_store.h"
#include "server/store/legal_store.h"
#include "server/store/limitation_store.h"
#include "server/store/payment_plan_store.h"
#include "server/store/promise_store.h"
#include "server/store/settlement_store.h"

namespace huikuan::ops {

core::Json DisputeImage(const store::DisputeRecord& dispute);
core::Json PromiseImage(const store::PromiseRecord& promise);
core::Json PaymentPlanImage(const store::PaymentPlanRecord& plan);
core::Json SettlementImage(const store::SettlementRecord& settlement);
core::Json LegalCaseImage(const store::LegalCaseRecord& legal_case);
core::Json LimitationEventImage(const store::LimitationEventRecord& event);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_ARRANGEMENT_IMAGES_H_
