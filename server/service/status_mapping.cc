#include "server/service/status_mapping.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace huikuan::service {
namespace {

constexpr absl::string_view kTypePrefix = "type.googleapis.com/";
constexpr absl::string_view kErrorDomain = "huikuan.v1";

// gRPC sends the message and the details in the response's trailing metadata, which a client
// refuses past its size limit (8 KiB by default: "received initial metadata size exceeds limit",
// RESOURCE_EXHAUSTED). A message or violation that quotes a client's 10 KB value, or a batch with
// a hundred violations, must stay well under it.
constexpr size_t kMaxMessageBytes = 1024;
constexpr size_t kMaxFieldBytes = 200;
constexpr size_t kMaxDescriptionBytes = 256;
constexpr size_t kMaxBadRequestBytes = 4096;

// `text` cut to at most `max_bytes` at a character boundary, saying how long it was.
std::string Bounded(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes - 32;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(text.substr(0, cut), "... (", text.size(), " bytes)");
}

bool LooksLikeFieldPath(absl::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '[' &&
        c != ']') {
      return false;
    }
  }
  return true;
}

std::string ReasonFor(absl::StatusCode code) {
  std::string reason = absl::StatusCodeToString(code);
  absl::AsciiStrToUpper(&reason);
  for (char& c : reason) {
    if (c == ' ') c = '_';
  }
  return reason;
}

// The field violations of an INVALID_ARGUMENT status, as the API sends them.
google::rpc::BadRequest BadRequestOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  size_t bytes = 0;
  for (const core::FieldViolationDetail& detail : core::GetFieldViolations(status)) {
    std::string field = Bounded(detail.field, kMaxFieldBytes);
    std::string description = Bounded(detail.description, kMaxDescriptionBytes);
    bytes += field.size() + description.size() + 8;
    if (bytes > kMaxBadRequestBytes && bad_request.field_violations_size() > 0) break;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(std::move(field));
    violation->set_description(std::move(description));
  }
  if (bad_request.field_violations_size() == 0) {
    absl::string_view message = status.message();
    const size_t colon = message.find(": ");
    if (colon != absl::string_view::npos && LooksLikeFieldPath(message.substr(0, colon))) {
      auto* violation = bad_request.add_field_violations();
      violation->set_field(std::string(message.substr(0, colon)));
      violation->set_description(Bounded(message.substr(colon + 2), kMaxDescriptionBytes));
    }
  }
  return bad_request;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string message = Bounded(status.message(), kMaxMessageBytes);
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(message);

  google::rpc::ErrorInfo info;
  info.set_reason(ReasonFor(status.code()));
  info.set_domain(std::string(kErrorDomain));
  rpc_status.add_details()->PackFrom(info);

  if (status.code() == absl::StatusCode::kInvalidArgument) {
    google::rpc::BadRequest bad_request = BadRequestOf(status);
    if (bad_request.field_violations_size() > 0) rpc_status.add_details()->PackFrom(bad_request);
  }
  if (std::optional<core::RuleViolationDetail> rule = core::GetRuleViolation(status)) {
    google::rpc::PreconditionFailure failure;
    auto* violation = failure.add_violations();
    violation->set_type(rule->type);
    violation->set_subject(rule->subject);
    violation->set_description(Bounded(rule->description, kMaxDescriptionBytes));
    rpc_status.add_details()->PackFrom(failure);
  }
  // Details the inside attached as API messages already (none today; kept for extensions).
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, kTypePrefix)) return;
    auto* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      rpc_status.SerializeAsString());
}

}  // namespace huikuan::service
