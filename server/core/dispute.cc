#include "server/core/dispute.h"

#include <algorithm>

#include "server/core/enum_names.h"

namespace huikuan::core {

absl::string_view DisputeReasonName(DisputeReason reason) {
  switch (reason) {
    case DisputeReason::kPrice:
      return "price";
    case DisputeReason::kQuantity:
      return "quantity";
    case DisputeReason::kQuality:
      return "quality";
    case DisputeReason::kNotReceived:
      return "not_received";
    case DisputeReason::kDuplicate:
      return "duplicate";
    case DisputeReason::kOther:
      return "other";
  }
  return "other";
}

std::optional<DisputeReason> ParseDisputeReason(absl::string_view name) {
  return ParseEnumName<DisputeReason, kDisputeReasonCount>(name, DisputeReasonName);
}

absl::string_view DisputeSourceName(DisputeSource source) {
  switch (source) {
    case DisputeSource::kStaff:
      return "staff";
    case DisputeSource::kStatement:
      return "statement";
    case DisputeSource::kImport:
      return "import";
  }
  return "staff";
}

std::optional<DisputeSource> ParseDisputeSource(absl::string_view name) {
  return ParseEnumName<DisputeSource, kDisputeSourceCount>(name, DisputeSourceName);
}

int32_t DisputeAgeDays(EpochDay raised_day, std::optional<EpochDay> resolved_day, EpochDay as_of) {
  const EpochDay end = resolved_day.value_or(as_of);
  return std::max<int32_t>(0, end - raised_day);
}

}  // namespace huikuan::core
