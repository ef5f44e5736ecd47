#include "server/core/violations.h"

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace huikuan::core {
namespace {

// Payload type URLs private to huikuan: the edge reads them and never sends them as they are.
constexpr absl::string_view kFieldViolationsUrl = "huikuan.core/FieldViolations";
constexpr absl::string_view kRuleViolationUrl = "huikuan.core/RuleViolation";

// Strings as "<length>:<bytes>", one after the other: any byte may appear in a field or text.
void AppendString(std::string& out, absl::string_view text) {
  absl::StrAppend(&out, text.size(), ":", text);
}

bool ReadString(absl::string_view& in, std::string& out) {
  const size_t colon = in.find(':');
  size_t length = 0;
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(in.substr(0, colon), &length) ||
      in.size() - colon - 1 < length) {
    return false;
  }
  out = std::string(in.substr(colon + 1, length));
  in.remove_prefix(colon + 1 + length);
  return true;
}

std::string EncodeFieldViolations(const std::vector<FieldViolationDetail>& violations) {
  std::string out;
  for (const FieldViolationDetail& violation : violations) {
    AppendString(out, violation.field);
    AppendString(out, violation.description);
  }
  return out;
}

}  // namespace

absl::Status FieldViolation(absl::string_view field, absl::string_view description) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  AddFieldViolation(status, field, description);
  return status;
}

void AddFieldViolation(absl::Status& status, absl::string_view field,
                       absl::string_view description) {
  std::vector<FieldViolationDetail> violations = GetFieldViolations(status);
  violations.push_back({std::string(field), std::string(description)});
  status.SetPayload(kFieldViolationsUrl, absl::Cord(EncodeFieldViolations(violations)));
}

void FieldViolations::Add(const std::string& field, absl::string_view description) {
  if (count_ == 0) first_ = absl::StrCat(field, ": ", description);
  if (count_ < kMaxReported) list_.push_back({field, std::string(description)});
  ++count_;
}

void FieldViolations::AddAll(const absl::Status& status, absl::string_view fallback_field) {
  if (status.ok()) return;
  std::vector<FieldViolationDetail> details = GetFieldViolations(status);
  if (details.empty()) {
    Add(std::string(fallback_field), status.message());
    return;
  }
  for (const FieldViolationDetail& detail : details) Add(detail.field, detail.description);
}

absl::Status FieldViolations::ToStatus() const {
  if (count_ == 0) return absl::OkStatus();
  absl::Status status = absl::InvalidArgumentError(
      count_ == 1 ? first_ : absl::StrCat(first_, " (and ", count_ - 1, " more)"));
  status.SetPayload(kFieldViolationsUrl, absl::Cord(EncodeFieldViolations(list_)));
  return status;
}

std::vector<FieldViolationDetail> GetFieldViolations(const absl::Status& status) {
  std::vector<FieldViolationDetail> violations;
  auto payload = status.GetPayload(kFieldViolationsUrl);
  if (!payload) return violations;
  const std::string bytes(*payload);
  absl::string_view in = bytes;
  while (!in.empty()) {
    FieldViolationDetail violation;
    if (!ReadString(in, violation.field) || !ReadString(in, violation.description)) break;
    violations.push_back(std::move(violation));
  }
  return violations;
}

absl::Status RuleViolation(absl::string_view type, absl::string_view subject,
                           absl::string_view message) {
  absl::Status status = absl::FailedPreconditionError(message);
  std::string payload;
  AppendString(payload, type);
  AppendString(payload, subject);
  status.SetPayload(kRuleViolationUrl, absl::Cord(payload));
  return status;
}

std::optional<RuleViolationDetail> GetRuleViolation(const absl::Status& status) {
  auto payload = status.GetPayload(kRuleViolationUrl);
  if (!payload) return std::nullopt;
  const std::string bytes(*payload);
  absl::string_view in = bytes;
  RuleViolationDetail detail;
  if (!ReadString(in, detail.type) || !ReadString(in, detail.subject)) return std::nullopt;
  detail.description = std::string(status.message());
  return detail;
}

absl::Status NotFoundError(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

absl::Status WithMessagePrefix(const absl::Status& status, absl::string_view prefix) {
  absl::Status prefixed(status.code(), absl::StrCat(prefix, status.message()));
  status.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { prefixed.SetPayload(url, payload); });
  return prefixed;
}

}  // namespace huikuan::core
