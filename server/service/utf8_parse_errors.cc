#include "server/service/utf8_parse_errors.h"

#include <google/protobuf/stubs/logging.h>

#include <mutex>
#include <set>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace huikuan::service {
namespace {

thread_local std::string invalid_utf8_field;
google::protobuf::LogHandler* previous_handler = nullptr;

constexpr std::string_view kPrefix = "String field '";
constexpr std::string_view kParsing = "contains invalid UTF-8 data when parsing";

void CapturingLogHandler(google::protobuf::LogLevel level, const char* filename, int line,
                         const std::string& message) {
  const size_t start = message.find(kPrefix);
  if (start != std::string::npos && message.find(kParsing) != std::string::npos) {
    const size_t name_start = start + kPrefix.size();
    const size_t name_end = message.find('\'', name_start);
    if (name_end != std::string::npos) {
      invalid_utf8_field = message.substr(name_start, name_end - name_start);
      return;
    }
  }
  if (previous_handler != nullptr) previous_handler(level, filename, line, message);
}

// Depth-first search for a field `matches`; `seen` stops recursive message types.
template <typename Matches>
bool FindPath(const google::protobuf::Descriptor* type, const Matches& matches,
              std::set<const google::protobuf::Descriptor*>& seen, std::string& path) {
  if (!seen.insert(type).second) return false;
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (matches(*field)) {
      path = field->name();
      return true;
    }
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) continue;
    std::string rest;
    if (FindPath(field->message_type(), matches, seen, rest)) {
      path = absl::StrCat(field->name(), ".", rest);
      return true;
    }
  }
  return false;
}

}  // namespace

void InstallUtf8ParseErrorCapture() {
  static std::once_flag once;
  std::call_once(once,
                 [] { previous_handler = google::protobuf::SetLogHandler(&CapturingLogHandler); });
}

std::string TakeInvalidUtf8Field() {
  std::string field;
  field.swap(invalid_utf8_field);
  return field;
}

std::string FieldPathIn(const google::protobuf::Descriptor* request, const std::string& full_name) {
  if (request == nullptr || full_name.empty()) return "";
  std::set<const google::protobuf::Descriptor*> seen;
  std::string path;
  auto matches = [&](const google::protobuf::FieldDescriptor& f) {
    return f.full_name() == full_name;
  };
  if (!FindPath(request, matches, seen, path)) return "";
  return path;
}

std::string FieldPathForJsonKey(const google::protobuf::Descriptor* request,
                                const std::string& key) {
  if (request == nullptr || key.empty()) return "";
  std::set<const google::protobuf::Descriptor*> seen;
  std::string path;
  auto matches = [&](const google::protobuf::FieldDescriptor& f) {
    return f.json_name() == key || f.name() == key;
  };
  if (!FindPath(request, matches, seen, path)) return "";
  return path;
}

}  // namespace huikuan::service
