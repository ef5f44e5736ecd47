#include "server/http/request_decoding.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/core/text_fields.h"
#include "server/service/request_parse_interceptor.h"
#include "server/service/utf8_parse_errors.h"

namespace huikuan::http {

std::string JsonKeyBefore(absl::string_view json, size_t offset) {
  size_t end = std::min(offset, json.size());
  while (end > 0) {
    const size_t colon = json.rfind(':', end - 1);
    if (colon == absl::string_view::npos) return "";
    size_t close = colon;
    while (close > 0 && absl::ascii_isspace(static_cast<unsigned char>(json[close - 1]))) --close;
    // json[close - 1] would be the key's closing quote, the previous quote its opening one.
    if (close >= 2 && json[close - 1] == '"') {
      const size_t open = json.rfind('"', close - 2);
      if (open != absl::string_view::npos) {
        return std::string(json.substr(open + 1, close - 2 - open));
      }
    }
    end = colon;
  }
  return "";
}

grpc::Status DecodeRequest(const std::string& method_path, Codec codec, absl::string_view body,
                           google::protobuf::Message& message) {
  const google::protobuf::Descriptor* type = message.GetDescriptor();
  if (codec == Codec::kJson) {
    // protobuf's JSON parser refuses text that is not UTF-8 without saying where: name the key.
    const size_t valid = core::ValidUtf8PrefixLength(body);
    if (valid != body.size()) {
      return service::UnparsableRequestStatus(
          method_path, service::FieldPathForJsonKey(type, JsonKeyBefore(body, valid)));
    }
    google::protobuf::util::JsonParseOptions parse;
    parse.ignore_unknown_fields = true;
    absl::string_view trimmed = absl::StripAsciiWhitespace(body);
    auto parsed = google::protobuf::util::JsonStringToMessage(
        trimmed.empty() ? "{}" : std::string(trimmed), &message, parse);
    if (!parsed.ok()) {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("cannot decode the JSON request: ", parsed.message().as_string()));
    }
    return grpc::Status::OK;
  }
  service::InstallUtf8ParseErrorCapture();
  (void)service::TakeInvalidUtf8Field();  // nothing stale from an earlier parse on this thread
  if (!message.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return service::UnparsableRequestStatus(
        method_path, service::FieldPathIn(type, service::TakeInvalidUtf8Field()));
  }
  return grpc::Status::OK;
}

}  // namespace huikuan::http
