// WorklistService messages <-> work items, contacts and outbox messages (ops/work_items.h,
// ops/outbox.h).
#ifndef HUIKUAN_SERVER_SERVICE_WORKLIST_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_WORKLIST_CONVERT_H_

#include <optional>

#include "absl/status/statusor.h"
#include "huikuan/v1/worklist_service.pb.h"
#include "server/core/outbox.h"
#include "server/core/work_item.h"
#include "server/store/outbox_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::service {

v1::WorkItemStatus ToProto(core::WorkItemStatus status);
v1::ContactOutcome ToProto(core::ContactOutcome outcome);
v1::OutboxStatus ToProto(core::OutboxStatus status);
// UNSPECIFIED -> none.
std::optional<core::WorkItemStatus> FromProto(v1::WorkItemStatus status);
std::optional<core::OutboxStatus> FromProto(v1::OutboxStatus status);
// INVALID_ARGUMENT on `field` for UNSPECIFIED or an unknown value.
absl::StatusOr<core::ContactOutcome> OutcomeFromProto(absl::string_view field,
                                                      v1::ContactOutcome outcome);

v1::WorkItem WorkItemToProto(const store::WorkItemRecord& item);
v1::Contact ContactToProto(const store::ContactRecord& contact);
v1::OutboxMessage OutboxToProto(const store::OutboxRecord& message);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_WORKLIST_CONVERT_H_
