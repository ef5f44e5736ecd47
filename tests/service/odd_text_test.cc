// SQL injection and odd text through every string field of every write RPC (issue 13, "Bad input
// and attackers"). The write RPCs and their string fields come from the protobuf descriptors: a
// new write RPC fails EveryWriteRpcHasAValidRequest until write_cases.cc can build a valid request
// for it, and every string field of that request (nested and repeated ones included) is then
// varied, one at a time, through the corpus below. Each call must either
//   - succeed, and the value read back byte-identical (from the response, or from the audit
//     events the write left, which are read from the database), or
//   - fail with INVALID_ARGUMENT whose field violations name the field (or, for a CSV document,
//     its header, rows and columns), or with ALREADY_EXISTS naming the field when it is a unique
//     key (an invoice number) and an earlier call stored the same value; either way leaving every
//     table as it was (no partial write: each distinct refusal is sent again between two
//     CHECKSUM TABLE of every table);
// never INTERNAL, UNKNOWN or any other code. Values with control characters (other than line
// breaks and tabs) and bytes that are not UTF-8 must be refused.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "huikuan/v1/audit_service.grpc.pb.h"
#include "server/core/text_fields.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/write_cases.h"

namespace huikuan::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

struct OddValue {
  const char* label;
  std::string text;
};

std::vector<OddValue> Corpus() {
  return {
      {"quote and SQL", "O'Brien'); DROP TABLE customers; --"},
      {"double quotes", "say \"hi\" \"\" \\\""},
      {"backslashes", "C:\\new\\table\\' \\\\ \\0 \\x00"},
      {"SQL union and comments", "1' OR '1'='1' UNION SELECT secret_hash FROM tokens -- #/*"},
      {"LIKE and format", "100% _wild_ %s %n {0} ${x}"},
      {"HTML", "<script>alert(1)</script>&amp;<b>"},
      {"NUL", std::string("before\0after", 12)},
      {"BEL", "ding\a"},
      {"only spaces", "   "},
      {"line break and tab", "line one\nline two\tend"},
      {"RTL marks", "abc\u202Edcba\u200F\u200E\u2066x\u2069"},
      {"4-byte emoji and CJK", "付款 \U0001F4B0\U0001F9FE \U00020000 e\u0301"},
      {"10 KB", std::string(10 * 1024, 'x')},
      {"invalid UTF-8", "ab\xff\xfe\xc0\xaf"},
  };
}

// Control characters other than line breaks and tabs, or bytes that are not UTF-8: refused by
// every text field (core/text_fields.h).
bool MustBeRefused(const std::string& text) {
  if (!core::IsValidUtf8(text)) return true;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

// One step of a path to a string field: the field and, when repeated, the element.
struct Step {
  const FieldDescriptor* field;
  int index;  // -1 when singular
};
using FieldPath = std::vector<Step>;

std::string PathName(const FieldPath& path) {
  std::string name;
  for (const Step& step : path) {
    if (!name.empty()) name += ".";
    name += step.field->name();
    if (step.index >= 0) absl::StrAppend(&name, "[", step.index, "]");
  }
  return name;
}

// "ladders[general].ladder.steps[1].action" -> {"ladders", "ladder", "steps", "action"}.
std::vector<std::string> BaseSegments(const std::string& path) {
  std::vector<std::string> segments;
  std::string current;
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (depth == 0 && c != '.') current += c;
    if (c == ']') --depth;
    if (depth == 0 && c == '.') {
      segments.push_back(current);
      current.clear();
    }
  }
  segments.push_back(current);
  return segments;
}

// A violation names the field when it starts at the same top-level field and ends at the same
// leaf (handlers may key repeated elements by index or by a key, and skip a wrapper message).
bool NamesField(const std::vector<std::string>& violations, const FieldPath& path) {
  const std::vector<std::string> want = BaseSegments(PathName(path));
  for (const std::string& violation : violations) {
    const std::vector<std::string> got = BaseSegments(violation);
    if (got.front() == want.front() && got.back() == want.back()) return true;
  }
  return false;
}

// The non-empty string fields of `message`, depth first.
void CollectPaths(const Message& message, FieldPath prefix, std::vector<FieldPath>& out) {
  const Descriptor* type = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          FieldPath path = prefix;
          path.push_back({field, k});
          out.push_back(path);
        }
      } else if (!reflection->GetString(message, field).empty()) {
        FieldPath path = prefix;
        path.push_back({field, -1});
        out.push_back(path);
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE &&
               field->message_type()->file()->package() == "huikuan.v1") {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          FieldPath path = prefix;
          path.push_back({field, k});
          CollectPaths(reflection->GetRepeatedMessage(message, field, k), path, out);
        }
      } else if (reflection->HasField(message, field)) {
        FieldPath path = prefix;
        path.push_back({field, -1});
        CollectPaths(reflection->GetMessage(message, field), path, out);
      }
    }
  }
}

void SetPath(Message& message, const FieldPath& path, const std::string& value) {
  Message* current = &message;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const auto* reflection = current->GetReflection();
    current = path[i].index >= 0
                  ? reflection->MutableRepeatedMessage(current, path[i].field, path[i].index)
                  : reflection->MutableMessage(current, path[i].field);
  }
  const Step& leaf = path.back();
  if (leaf.index >= 0) {
    current->GetReflection()->SetRepeatedString(current, leaf.field, leaf.index, value);
  } else {
    current->GetReflection()->SetString(current, leaf.field, value);
  }
}

void CollectStrings(const Message& message, std::set<std::string>& out) {
  const Descriptor* type = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          out.insert(reflection->GetRepeatedString(message, field, k));
        }
      } else {
        out.insert(reflection->GetString(message, field));
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          CollectStrings(reflection->GetRepeatedMessage(message, field, k), out);
        }
      } else if (reflection->HasField(message, field)) {
        CollectStrings(reflection->GetMessage(message, field), out);
      }
    }
  }
}

void CollectJsonStrings(const google::protobuf::Value& value, std::set<std::string>& out) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue:
      out.insert(value.string_value());
      break;
    case google::protobuf::Value::kStructValue:
      for (const auto& [key, child] : value.struct_value().fields()) CollectJsonStrings(child, out);
      break;
    case google::protobuf::Value::kListValue:
      for (const auto& child : value.list_value().values()) CollectJsonStrings(child, out);
      break;
    default:
      break;
  }
}

// Every string the audit events of `request_id` (written by `actor`) hold, JSON images decoded.
std::set<std::string> AuditStrings(ServiceTestEnv& env, const std::string& actor,
                                   const std::string& request_id) {
  std::set<std::string> strings;
  v1::ListAuditEventsRequest request;
  request.set_actor(actor);
  request.set_page_size(100);
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::ListAuditEventsResponse response;
  grpc::Status status = env.audit().ListAuditEvents(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const auto& event : response.audit_events()) {
    if (event.request_id() != request_id) continue;
    strings.insert(event.request_id());
    strings.insert(event.resource());
    for (const std::string& json : {event.before_json(), event.after_json()}) {
      if (json.empty()) continue;
      google::protobuf::Value value;
      EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
      CollectJsonStrings(value, strings);
    }
  }
  return strings;
}

// Tables a refused call may still change, and why.
const std::set<std::string>& TablesChangedByAnyCall() {
  static const auto* tables = new std::set<std::string>{};
  return *tables;
}

// CHECKSUM TABLE of every base table of the test database.
std::map<std::string, std::string> TableChecksums(ServiceTestEnv& env) {
  auto sums = store::RunInTransaction<std::map<std::string, std::string>>(
      env.pool(),
      [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::map<std::string, std::string>> {
        static std::string* statement = nullptr;
        if (statement == nullptr) {
          auto rows = store::Query(db.Prepare(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
              "AND table_type = 'BASE TABLE' ORDER BY table_name"));
          std::vector<std::string> names;
          while (rows->next()) {
            std::string name = rows->getString(1);
            if (!TablesChangedByAnyCall().contains(name)) names.push_back("`" + name + "`");
          }
          statement = new std::string("CHECKSUM TABLE " + absl::StrJoin(names, ", "));
        }
        std::map<std::string, std::string> result;
        auto rows = store::Query(db.Prepare(*statement));
        while (rows->next()) result[rows->getString(1)] = rows->getString(2);
        return result;
      });
  EXPECT_TRUE(sums.ok()) << sums.status();
  return sums.value_or(std::map<std::string, std::string>{});
}

// How a call was refused, without the value it quoted: method, field, code and the first
// violation's description (or the message) up to its first quote.
std::string RefusalPath(const std::string& method, const FieldPath& path,
                        const grpc::Status& status) {
  std::string description = status.error_message();
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (any.UnpackTo(&bad_request) && bad_request.field_violations_size() > 0) {
        description = bad_request.field_violations(0).description();
      }
    }
  }
  description = description.substr(0, description.find('"'));
  return absl::StrCat(method, " ", absl::StrJoin(BaseSegments(PathName(path)), "."), " ",
                      status.error_code(), " ", description);
}

std::string Shown(const std::string& text) {
  std::string shown = absl::CHexEscape(text.substr(0, 40));
  if (text.size() > 40) absl::StrAppend(&shown, "...(", text.size(), " bytes)");
  return shown;
}

TEST(OddTextTest, EveryWriteRpcHasAValidRequest) {
  std::set<std::string> covered;
  for (const WriteCase& c : AllWriteCases()) covered.insert(c.method);
  const std::vector<std::string> methods = AllWriteMethods();
  EXPECT_GT(methods.size(), 50u);
  for (const std::string& method : methods) {
    EXPECT_TRUE(covered.contains(method))
        << method << " has a request_id but no valid request in tests/service/write_cases.cc";
  }
  for (const std::string& method : covered) {
    EXPECT_NE(RequestTypeOf(method), nullptr) << method;
  }
}

TEST(OddTextTest, ValidRequestsSucceedAndFillEveryTopLevelStringField) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  WriteFixture fixture(env);
  for (const WriteCase& c : AllWriteCases()) {
    PreparedWrite write = c.make(fixture);
    const Descriptor* type = write.request->GetDescriptor();
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->type() != FieldDescriptor::TYPE_STRING || field->is_repeated()) continue;
      const bool left_empty =
          std::find(c.left_empty.begin(), c.left_empty.end(), field->name()) != c.left_empty.end();
      EXPECT_TRUE(left_empty ||
                  !write.request->GetReflection()->GetString(*write.request, field).empty())
          << c.method << ": the valid request leaves " << field->name() << " empty";
    }
    RawCall call = CallMethod(env, c.method, write.token, *write.request);
    EXPECT_TRUE(call.status.ok()) << c.method << ": " << call.status.error_code() << " "
                                  << call.status.error_message();
  }
}

// Probed as a new user would (issue 13): names and keys that are blank (ASCII or Unicode spaces)
// or hold a control character are refused naming the field; multi-line text (notes, reasons)
// takes line breaks and tabs.
TEST(OddTextTest, BlankNamesAndControlCharactersAreRefusedNotesTakeLineBreaks) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  WriteFixture fixture(env);
  const std::vector<std::pair<std::string, std::string>> names = {
      {"/huikuan.v1.IdentityService/CreateUser", "user.display_name"},
      {"/huikuan.v1.CustomerService/CreateCustomer", "customer.display_name"},
      {"/huikuan.v1.CustomerService/UpdateCustomer", "customer.display_name"},
      {"/huikuan.v1.LedgerService/CreateInvoice", "invoice.invoice_number"},
      {"/huikuan.v1.LedgerService/CreateInvoice", "invoice.order_number"},
      {"/huikuan.v1.LegalService/OpenLegalCase", "title"},
      {"/huikuan.v1.RiskService/RecordRiskSignal", "signal.source"},
  };
  const std::vector<std::string> bad = {
      "   ",    "\u3000\u3000", " \u00a0\u200b ", std::string("a\0b", 3),
      "bell\a", "x\u0085y",     "esc\x1b[31m"};
  const std::vector<std::pair<std::string, std::string>> notes = {
      {"/huikuan.v1.ArrangementService/RecordPromise", "note"},
      {"/huikuan.v1.WorklistService/CompleteWorkItem", "note"},
      {"/huikuan.v1.CollectionsService/RequestWriteOff", "reason"},
  };
  auto find_case = [](const std::string& method) -> const WriteCase& {
    for (const WriteCase& c : AllWriteCases()) {
      if (c.method == method) return c;
    }
    ADD_FAILURE() << method;
    return AllWriteCases().front();
  };
  auto path_of = [](const Message& request, const std::string& name) {
    std::vector<FieldPath> paths;
    CollectPaths(request, {}, paths);
    for (const FieldPath& path : paths) {
      if (PathName(path) == name) return path;
    }
    ADD_FAILURE() << name << " is not set in the valid request";
    return FieldPath{};
  };
  for (const auto& [method, field] : names) {
    for (const std::string& value : bad) {
      const WriteCase& c = find_case(method);
      PreparedWrite write = c.make(fixture);
      const FieldPath path = path_of(*write.request, field);
      if (path.empty()) continue;
      SetPath(*write.request, path, value);
      RawCall call = CallMethod(env, method, write.token, *write.request);
      EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << method << " " << field << " = \"" << absl::CHexEscape(value) << "\"";
      EXPECT_EQ(ViolatedFields(call.status), std::vector<std::string>{field})
          << method << " " << field << " = \"" << absl::CHexEscape(value)
          << "\": " << call.status.error_message();
    }
  }
  for (const auto& [method, field] : notes) {
    const WriteCase& c = find_case(method);
    PreparedWrite write = c.make(fixture);
    const FieldPath path = path_of(*write.request, field);
    if (path.empty()) continue;
    SetPath(*write.request, path, "第一行\n\t第二行");
    RawCall call = CallMethod(env, method, write.token, *write.request);
    EXPECT_TRUE(call.status.ok()) << method << " " << field << ": " << call.status.error_message();
  }
}

TEST(OddTextTest, EveryStringFieldStoresOddTextExactlyOrNamesTheField) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  WriteFixture fixture(env);
  const std::vector<OddValue> corpus = Corpus();
  int calls = 0;
  int accepted = 0;
  int refused = 0;
  int taken = 0;
  int fields = 0;
  absl::Duration checksum_time;
  // Values stored so far: a unique key (an invoice number) given a value an earlier call stored
  // is ALREADY_EXISTS, the right answer.
  std::set<std::string> stored_values;
  std::set<std::string> refusal_paths;
  int checked = 0;
  for (const WriteCase& c : AllWriteCases()) {
    std::vector<FieldPath> paths;
    {
      PreparedWrite sample = c.make(fixture);
      CollectPaths(*sample.request, {}, paths);
    }
    fields += static_cast<int>(paths.size());
    for (const FieldPath& path : paths) {
      const std::string where = absl::StrCat(c.method, " ", PathName(path));
      const bool is_request_id = PathName(path) == "request_id";
      for (const OddValue& odd : corpus) {
        PreparedWrite write = c.make(fixture);
        // A request id is checked before anything else; other fields get a fresh one.
        SetPath(*write.request, path, odd.text);
        const std::string request_id = write.request->GetReflection()->GetString(
            *write.request, write.request->GetDescriptor()->FindFieldByName("request_id"));
        RawCall call = CallMethod(env, c.method, write.token, *write.request);
        ++calls;
        SCOPED_TRACE(absl::StrCat(where, " = ", odd.label, " \"", Shown(odd.text), "\""));
        if (call.status.ok()) {
          ++accepted;
          stored_values.insert(odd.text);
          EXPECT_FALSE(MustBeRefused(odd.text)) << "accepted";
          auto why = c.not_read_back.find(PathName(path));
          if (why != c.not_read_back.end()) continue;
          std::set<std::string> stored;
          CollectStrings(*call.response, stored);
          if (!stored.contains(odd.text)) stored = AuditStrings(env, write.actor, request_id);
          EXPECT_TRUE(stored.contains(odd.text))
              << "accepted, but neither the response nor the audit trail holds the value as sent";
          (void)is_request_id;
          continue;
        }
        // No partial write: each distinct way of refusing (field, code, description without
        // the quoted value) is sent once more with table checksums around it (checksumming
        // around every call took 220 of 250 s).
        if (refusal_paths.insert(RefusalPath(c.method, path, call.status)).second) {
          PreparedWrite again = c.make(fixture);
          SetPath(*again.request, path, odd.text);
          const absl::Time checksum_start = absl::Now();
          const std::map<std::string, std::string> before = TableChecksums(env);
          RawCall repeat = CallMethod(env, c.method, again.token, *again.request);
          const std::map<std::string, std::string> after = TableChecksums(env);
          checksum_time += absl::Now() - checksum_start;
          ++checked;
          EXPECT_EQ(repeat.status.error_code(), call.status.error_code());
          for (const auto& [table, sum] : after) {
            EXPECT_EQ(sum, before.count(table) ? before.at(table) : "")
                << "a refused call changed table " << table;
          }
        }
        EXPECT_FALSE(call.status.error_message().empty());
        if (call.status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
          ++taken;
          EXPECT_TRUE(stored_values.contains(odd.text))
              << "ALREADY_EXISTS for a value never stored: " << call.status.error_message();
          EXPECT_TRUE(absl::StrContains(call.status.error_message(), PathName(path)))
              << call.status.error_message();
          continue;
        }
        ++refused;
        EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << call.status.error_message();
        const std::vector<std::string> violations = ViolatedFields(call.status);
        const bool document = path.size() == 1 && std::find(c.documents.begin(), c.documents.end(),
                                                            PathName(path)) != c.documents.end();
        EXPECT_TRUE(document ? !violations.empty() : NamesField(violations, path))
            << "violations: [" << absl::StrJoin(violations, ", ")
            << "] message: " << call.status.error_message();
      }
    }
  }
  std::printf(
      "odd text: %zu write RPCs, %d string fields, %zu values each: %d calls, "
      "%d accepted and read back, %d refused as INVALID_ARGUMENT, %d ALREADY_EXISTS (a "
      "unique key given a value stored before); %d distinct refusals sent again between table "
      "checksums (%.1f s)\n",
      AllWriteCases().size(), fields, corpus.size(), calls, accepted, refused, taken, checked,
      absl::ToDoubleSeconds(checksum_time));
}

}  // namespace
}  // namespace huikuan::testing
