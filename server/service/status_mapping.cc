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
constexpr absl::string_view kBadRequestUrl = "type.googleapis.com/google.rpc.BadRequest";
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

google::rpc::BadRequest ReadBadRequest(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (auto payload = status.GetPayload(kBadRequestUrl)) {
    bad_request.ParseFromString(std::string(*payload));
  }
  return bad_request;
}

std::string ReasonFor(absl::StatusCode code) {
  std::string reason = absl::StatusCodeToString(code);
  absl::AsciiStrToUpper(&reason);
  for (char& c : reason) {
    if (c == ' ') c = '_';
  }
  return reason;
}

}  // namespace

absl::Status FieldViolation(absl::string_view field, absl::string_view description) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  AddFieldViolation(status, field, description);
  return status;
}

void AddFieldViolation(absl::Status& status, absl::string_view field,
                       absl::string_view description) {
  google::rpc::BadRequest bad_request = ReadBadRequest(status);
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
  status.SetPayload(kBadRequestUrl, absl::Cord(bad_request.SerializeAsString()));
}

void FieldViolations::Add(const std::string& field, absl::string_view description) {
  if (count_ == 0) first_ = absl::StrCat(field, ": ", description);
  if (count_ < kMaxReported) list_.emplace_back(field, std::string(description));
  ++count_;
}

absl::Status FieldViolations::ToStatus() const {
  absl::Status status = absl::InvalidArgumentError(
      count_ == 1 ? first_ : absl::StrCat(first_, " (and ", count_ - 1, " more)"));
  for (const auto& [field, description] : list_) AddFieldViolation(status, field, description);
  return status;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));

  google::rpc::ErrorInfo info;
  info.set_reason(ReasonFor(status.code()));
  info.set_domain(std::string(kErrorDomain));
  rpc_status.add_details()->PackFrom(info);

  bool has_bad_request = false;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, kTypePrefix)) return;
    if (type_url == kBadRequestUrl) has_bad_request = true;
    auto* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  if (status.code() == absl::StatusCode::kInvalidArgument && !has_bad_request) {
    absl::string_view message = status.message();
    size_t colon = message.find(": ");
    if (colon != absl::string_view::npos && LooksLikeFieldPath(message.substr(0, colon))) {
      google::rpc::BadRequest bad_request;
      auto* violation = bad_request.add_field_violations();
      violation->set_field(std::string(message.substr(0, colon)));
      violation->set_description(std::string(message.substr(colon + 2)));
      rpc_status.add_details()->PackFrom(bad_request);
    }
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      rpc_status.SerializeAsString());
}

}  // namespace huikuan::service
