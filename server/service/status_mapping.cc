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
  for (const core::FieldViolationDetail& detail : core::GetFieldViolations(status)) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(detail.field);
    violation->set_description(detail.description);
  }
  if (bad_request.field_violations_size() == 0) {
    absl::string_view message = status.message();
    const size_t colon = message.find(": ");
    if (colon != absl::string_view::npos && LooksLikeFieldPath(message.substr(0, colon))) {
      auto* violation = bad_request.add_field_violations();
      violation->set_field(std::string(message.substr(0, colon)));
      violation->set_description(std::string(message.substr(colon + 2)));
    }
  }
  return bad_request;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));

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
    violation->set_description(rule->description);
    rpc_status.add_details()->PackFrom(failure);
  }
  // Details the inside attached as API messages already (none today; kept for extensions).
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, kTypePrefix)) return;
    auto* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      rpc_status.SerializeAsString());
}

}  // namespace huikuan::service
