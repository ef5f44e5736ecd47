// The HTTP side end to end: a second huikuan server with its HTTP listener on an ephemeral port,
// over the service test database, called with a real HTTP client (httplib) and compared with
// the same calls over gRPC.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "huikuan/v1/session_service.grpc.pb.h"
#include "server/ops/token_secret.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

constexpr char kJson[] = "application/json";

// A Connect error body, read with protobuf's own JSON parser.
struct ConnectError {
  std::string code;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;  // type, base64 value
};

ConnectError ParseConnectError(const std::string& body) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &parsed).ok()) << body;
  ConnectError error;
  const auto& fields = parsed.fields();
  if (fields.contains("code")) error.code = fields.at("code").string_value();
  if (fields.contains("message")) error.message = fields.at("message").string_value();
  if (fields.contains("details")) {
    for (const auto& detail : fields.at("details").list_value().values()) {
      const auto& d = detail.struct_value().fields();
      error.details.emplace_back(d.at("type").string_value(), d.at("value").string_value());
    }
  }
  return error;
}

class HttpGatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServiceTestEnv& env = ServiceTestEnv::Get();
    web_root_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                          absl::StrCat("hk_web_", getpid()));
    std::filesystem::create_directories(*web_root_ / "assets");
    std::ofstream(*web_root_ / "index.html") << "<!doctype html><title>huikuan</title>";
    std::string script = "console.log('huikuan');\n";
    for (int i = 0; i < 200; ++i) script += "export const line" + std::to_string(i) + " = 1;\n";
    std::ofstream(*web_root_ / "assets" / "index-3f2a9c.js") << script;

    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.db = env.db_config();
    options.log_rpcs = false;
    options.http.listen_address = "127.0.0.1:0";
    options.http.web_root = web_root_->string();
    options.http.max_request_bytes = 1024 * 1024;
    options.http.log_requests = false;
    auto server = HuikuanServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }

  static void TearDownTestSuite() {
    server_->Shutdown();
    delete server_;
    std::filesystem::remove_all(*web_root_);
    delete web_root_;
  }

  static httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_->http_port());
    client.set_read_timeout(30, 0);
    return client;
  }

  static httplib::Headers Bearer(const std::string& role) {
    return {{"Authorization", "Bearer " + ServiceTestEnv::Get().token(role)}};
  }

  // Sets `password` for the role's test user through the HTTP side, as an admin.
  static void SetPassword(const std::string& role, const std::string& password) {
    ServiceTestEnv& env = ServiceTestEnv::Get();
    auto client = Client();
    auto result =
        client.Post("/huikuan.v1.SessionService/SetPassword", Bearer("admin"),
                    absl::StrCat(R"({"requestId":")", NewRequestId(), R"(","user":")",
                                 env.user_name(role), R"(","newPassword":")", password, R"("})"),
                    kJson);
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
  }

  static httplib::Result Login(const std::string& username, const std::string& password,
                               const char* address_header = nullptr) {
    auto client = Client();
    httplib::Headers headers = {{"Connect-Protocol-Version", "1"}};
    return client.Post(
        "/huikuan.v1.SessionService/Login", headers,
        absl::StrCat(R"({"username":")", username, R"(","password":")", password, R"("})"), kJson);
  }

  // "hk_session=...; ..." -> "hk_session=..."
  static std::string CookiePair(const httplib::Result& result) {
    std::string set_cookie = result->get_header_value("Set-Cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }

  static httplib::Result WhoAmIWithCookie(const std::string& cookie) {
    auto client = Client();
    return client.Post("/huikuan.v1.IdentityService/WhoAmI",
                       {{"Cookie", cookie}, {"Connect-Protocol-Version", "1"}}, "{}", kJson);
  }

  static HuikuanServer* server_;
  static std::filesystem::path* web_root_;
};

HuikuanServer* HttpGatewayTest::server_ = nullptr;
std::filesystem::path* HttpGatewayTest::web_root_ = nullptr;

TEST_F(HttpGatewayTest, JsonCallGivesTheGrpcAnswer) {
  auto client = Client();
  auto result =
      client.Post("/huikuan.v1.IdentityService/WhoAmI", Bearer("finance_head"), "{}", kJson);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), kJson);
  EXPECT_TRUE(absl::StrContains(result->body, R"("role":"finance_head")")) << result->body;
  EXPECT_TRUE(absl::StrContains(result->body, "\"username\":\"t.finance_head\"")) << result->body;
  EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");
}

TEST_F(HttpGatewayTest, BinaryCallGivesTheGrpcAnswer) {
  auto client = Client();
  auto result = client.Post("/huikuan.v1.IdentityService/WhoAmI", Bearer("legal_staff"), "",
                            "application/proto");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/proto");
  v1::WhoAmIResponse response;
  ASSERT_TRUE(response.ParseFromString(result->body));
  EXPECT_EQ(response.role(), "legal_staff");
  EXPECT_EQ(response.user().name(), ServiceTestEnv::Get().user_name("legal_staff"));
}

// The same bad CreateCustomer over gRPC and over HTTP: same code, same message, same details.
TEST_F(HttpGatewayTest, ErrorJsonCarriesTheGrpcCodeAndDetails) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));  // no display_name
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::CreateCustomerResponse ignored;
  grpc::Status grpc_status = env.customers().CreateCustomer(&context, request, &ignored);
  ASSERT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status grpc_details;
  ASSERT_TRUE(grpc_details.ParseFromString(grpc_status.error_details()));
  ASSERT_GT(grpc_details.details_size(), 0);

  request.set_request_id(NewRequestId());
  auto client = Client();
  auto result = client.Post("/huikuan.v1.CustomerService/CreateCustomer", Bearer("admin"),
                            request.SerializeAsString(), "application/proto");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(result->get_header_value("Content-Type"), kJson);
  const ConnectError error = ParseConnectError(result->body);
  EXPECT_EQ(error.code, "invalid_argument");
  EXPECT_EQ(error.message, grpc_status.error_message());
  ASSERT_EQ(static_cast<int>(error.details.size()), grpc_details.details_size());
  for (int i = 0; i < grpc_details.details_size(); ++i) {
    const std::string& type_url = grpc_details.details(i).type_url();
    EXPECT_EQ(error.details[i].first, type_url.substr(type_url.rfind('/') + 1));
    std::string value;
    ASSERT_TRUE(absl::Base64Unescape(error.details[i].second, &value));
    EXPECT_EQ(value, grpc_details.details(i).value());
  }
}

// The field violations of a Connect error (google.rpc.BadRequest details).
std::vector<std::string> ConnectViolatedFields(const ConnectError& error) {
  std::vector<std::string> fields;
  for (const auto& [type, value] : error.details) {
    if (type != "google.rpc.BadRequest") continue;
    std::string bytes;
    google::rpc::BadRequest bad_request;
    if (!absl::Base64Unescape(value, &bytes) || !bad_request.ParseFromString(bytes)) continue;
    for (const auto& violation : bad_request.field_violations())
      fields.push_back(violation.field());
  }
  return fields;
}

// Issue 13: bytes that do not parse, and text that is not UTF-8, in JSON and in binary bodies:
// INVALID_ARGUMENT with a message (and the field when it is known), the answer gRPC gives for
// the same bytes; never INTERNAL with an empty message.
TEST_F(HttpGatewayTest, UndecodableBodiesGiveTheGrpcAnswer) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  auto client = Client();
  const std::string method = "/huikuan.v1.CustomerService/CreateCustomer";

  // A binary body whose nested string is not UTF-8, over HTTP and over gRPC.
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_display_name("ab\xff\xfe");
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  std::string bytes;
  request.SerializePartialToString(&bytes);
  auto binary = client.Post(method, Bearer("admin"), bytes, "application/proto");
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->status, 400);
  const ConnectError binary_error = ParseConnectError(binary->body);
  EXPECT_EQ(binary_error.code, "invalid_argument");
  EXPECT_EQ(ConnectViolatedFields(binary_error), std::vector<std::string>{"customer.display_name"});
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::CreateCustomerResponse ignored;
  grpc::Status over_grpc = env.customers().CreateCustomer(&context, request, &ignored);
  EXPECT_EQ(over_grpc.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(binary_error.message, over_grpc.error_message());
  EXPECT_EQ(ViolatedFields(over_grpc), std::vector<std::string>{"customer.display_name"});

  // The same text in a JSON body (raw bytes: JSON escapes can only spell valid characters).
  auto json = client.Post(method, Bearer("admin"),
                          absl::StrCat(R"({"requestId":")", NewRequestId(),
                                       R"(","customer":{"displayName":"ab)", "\xff\xfe", R"("}})"),
                          kJson);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 400);
  const ConnectError json_error = ParseConnectError(json->body);
  EXPECT_EQ(json_error.code, "invalid_argument");
  EXPECT_EQ(json_error.message, over_grpc.error_message());
  EXPECT_EQ(ConnectViolatedFields(json_error), std::vector<std::string>{"customer.display_name"});

  // Garbage: a truncated field, as binary; not JSON at all, as JSON.
  auto garbage = client.Post(method, Bearer("admin"),
                             std::string("\x0a\x05"
                                         "ab",
                                         4),
                             "application/proto");
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  const ConnectError garbage_error = ParseConnectError(garbage->body);
  EXPECT_EQ(garbage_error.code, "invalid_argument");
  EXPECT_EQ(garbage_error.message,
            "request bytes do not parse as huikuan.v1.CreateCustomerRequest (malformed protobuf "
            "wire format, or a string field that is not UTF-8)");
  auto not_json = client.Post(method, Bearer("admin"), "\x01\x02{{", kJson);
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  const ConnectError not_json_error = ParseConnectError(not_json->body);
  EXPECT_EQ(not_json_error.code, "invalid_argument");
  EXPECT_FALSE(not_json_error.message.empty());
}

// A guessed session cookie is refused, the browser told to drop it, and the attempt audited
// (service/refusal_audit.h) under the hash prefix of the guess, never the guess itself.
TEST_F(HttpGatewayTest, GuessedSessionCookieIsRefusedClearedAndAudited) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const std::string guess = absl::StrCat("hk_", absl::ToUnixMicros(absl::Now()), "guessedguessed");
  auto result = WhoAmIWithCookie(absl::StrCat("hk_session=", guess));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_TRUE(absl::StartsWith(result->get_header_value("Set-Cookie"), "hk_session=; Max-Age=0"));
  v1::ListAuditEventsRequest request;
  request.set_resource("tokens/-");
  request.set_page_size(1000);
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(env.audit().ListAuditEvents(&context, request, &events).ok());
  int found = 0;
  for (const auto& event : events.audit_events()) {
    EXPECT_FALSE(absl::StrContains(event.after_json(), guess));
    if (absl::StrContains(event.after_json(), ops::Sha256Hex(guess).substr(0, 12)) &&
        absl::StrContains(event.after_json(), R"("token_state":"unknown")")) {
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
}

TEST_F(HttpGatewayTest, HttpStatusFollowsConnectsMapping) {
  auto client = Client();
  auto unauthenticated = client.Post("/huikuan.v1.IdentityService/WhoAmI",
                                     {{"Connect-Protocol-Version", "1"}}, "{}", kJson);
  ASSERT_TRUE(unauthenticated);
  EXPECT_EQ(unauthenticated->status, 401);
  EXPECT_EQ(ParseConnectError(unauthenticated->body).code, "unauthenticated");
  auto denied =
      client.Post("/huikuan.v1.IdentityService/CreateUser", Bearer("sales_staff"), "{}", kJson);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(ParseConnectError(denied->body).code, "permission_denied");
  auto not_found = client.Post("/huikuan.v1.CustomerService/GetCustomer", Bearer("admin"),
                               R"({"name":"customers/999999999"})", kJson);
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->status, 404);
  EXPECT_EQ(ParseConnectError(not_found->body).code, "not_found");
  auto no_such_rpc =
      client.Post("/huikuan.v1.CustomerService/DeleteEverything", Bearer("admin"), "{}", kJson);
  ASSERT_TRUE(no_such_rpc);
  EXPECT_EQ(no_such_rpc->status, 404);
  EXPECT_EQ(ParseConnectError(no_such_rpc->body).code, "unimplemented");
  auto bad_json =
      client.Post("/huikuan.v1.CustomerService/GetCustomer", Bearer("admin"), "{nope", kJson);
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  EXPECT_EQ(ParseConnectError(bad_json->body).code, "invalid_argument");
}

TEST_F(HttpGatewayTest, NothingHappensOnGet) {
  auto client = Client();
  auto result = client.Get("/huikuan.v1.SessionService/Logout", Bearer("admin"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "POST");
}

TEST_F(HttpGatewayTest, LoginSetsAnHttpOnlyStrictCookieAndHidesTheSecret) {
  SetPassword("investment_staff", "correct horse battery");
  auto result = Login("t.investment_staff", "correct horse battery");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const std::string set_cookie = result->get_header_value("Set-Cookie");
  EXPECT_TRUE(absl::StartsWith(set_cookie, "hk_session=hk_")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; HttpOnly")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; SameSite=Strict")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; Path=/")) << set_cookie;
  // 12 hours from the session's issue, give or take the seconds this call took on a busy machine.
  int max_age = 0;
  const size_t at = set_cookie.find("; Max-Age=");
  ASSERT_NE(at, std::string::npos) << set_cookie;
  ASSERT_TRUE(absl::SimpleAtoi(set_cookie.substr(at + 10, set_cookie.find(';', at + 1) - at - 10),
                               &max_age));
  EXPECT_LE(max_age, 43200);
  EXPECT_GE(max_age, 43200 - 10);
  EXPECT_FALSE(absl::StrContains(set_cookie, "Secure")) << "no TLS here: " << set_cookie;
  EXPECT_FALSE(absl::StrContains(result->body, "hk_")) << "secret in the body: " << result->body;
  EXPECT_TRUE(absl::StrContains(result->body, R"("role":"investment_staff")")) << result->body;

  auto whoami = WhoAmIWithCookie(CookiePair(result));
  ASSERT_TRUE(whoami);
  EXPECT_EQ(whoami->status, 200) << whoami->body;
  EXPECT_TRUE(absl::StrContains(whoami->body, R"("role":"investment_staff")"));
}

TEST_F(HttpGatewayTest, WrongPasswordIsUnauthenticatedAndAudited) {
  SetPassword("legal_head", "the right password");
  auto wrong = Login("t.legal_head", "not the password");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(ParseConnectError(wrong->body).message, "wrong username or password");
  auto unknown = Login("nobody.at.all", "not the password");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(ParseConnectError(unknown->body).message, "wrong username or password");
  ASSERT_EQ(Login("t.legal_head", "the right password")->status, 200);

  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::ListAuditEventsRequest request;
  request.set_actor(env.user_name("legal_head"));
  request.set_page_size(50);
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(env.audit().ListAuditEvents(&context, request, &events).ok());
  int failures = 0;
  int successes = 0;
  for (const auto& event : events.audit_events()) {
    if (event.method() != "/huikuan.v1.SessionService/Login") continue;
    if (absl::StrContains(event.after_json(), R"("reason":"wrong_password")")) ++failures;
    if (absl::StartsWith(event.resource(), "tokens/")) ++successes;
  }
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(successes, 1);
}

TEST_F(HttpGatewayTest, FailedLoginsAreLimitedPerUser) {
  SetPassword("management_staff", "management password");
  for (int i = 0; i < 5; ++i) {
    auto wrong = Login("t.management_staff", absl::StrCat("guess ", i));
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401) << i;
  }
  // The sixth attempt is refused even with the right password.
  auto blocked = Login("t.management_staff", "management password");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429) << blocked->body;
  const ConnectError error = ParseConnectError(blocked->body);
  EXPECT_EQ(error.code, "resource_exhausted");
  EXPECT_TRUE(absl::StrContains(error.message, "try again in 15 minutes")) << error.message;
  // The blocked attempt is audited too (within the refusal audit's bound).
  {
    ServiceTestEnv& env = ServiceTestEnv::Get();
    v1::ListAuditEventsRequest request;
    request.set_resource("users/-");
    request.set_page_size(1000);
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::ListAuditEventsResponse events;
    ASSERT_TRUE(env.audit().ListAuditEvents(&context, request, &events).ok());
    int throttled = 0;
    for (const auto& event : events.audit_events()) {
      if (absl::StrContains(event.after_json(), R"("reason":"throttled")") &&
          absl::StrContains(event.after_json(), R"("username":"t.management_staff")")) {
        ++throttled;
      }
    }
    EXPECT_EQ(throttled, 1);
  }
  // Another user from the same address is not blocked (the address limit is 20).
  SetPassword("sales_head", "sales head password");
  EXPECT_EQ(Login("t.sales_head", "sales head password")->status, 200);
}

TEST_F(HttpGatewayTest, LogoutRevokesTheSessionAndClearsTheCookie) {
  SetPassword("finance_staff", "finance password");
  auto login = Login("t.finance_staff", "finance password");
  ASSERT_EQ(login->status, 200);
  const std::string cookie = CookiePair(login);
  auto client = Client();
  auto logout = client.Post("/huikuan.v1.SessionService/Logout",
                            {{"Cookie", cookie}, {"Connect-Protocol-Version", "1"}},
                            absl::StrCat(R"({"requestId":")", NewRequestId(), R"("})"), kJson);
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 200) << logout->body;
  EXPECT_TRUE(absl::StartsWith(logout->get_header_value("Set-Cookie"), "hk_session=; Max-Age=0"));
  // The same cookie (kept by an attacker, say) no longer works: the token is revoked.
  auto after = WhoAmIWithCookie(cookie);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  EXPECT_TRUE(absl::StartsWith(after->get_header_value("Set-Cookie"), "hk_session=; Max-Age=0"));
}

// A cross-site form post carries no Connect header and a form content type. Even with the
// session cookie attached (SameSite=Strict already keeps browsers from sending it), it changes
// nothing: the session is still valid afterwards.
TEST_F(HttpGatewayTest, CrossSiteFormPostIsRefused) {
  SetPassword("sales_staff", "sales staff password");
  auto login = Login("t.sales_staff", "sales staff password");
  ASSERT_EQ(login->status, 200);
  const std::string cookie = CookiePair(login);
  auto client = Client();
  auto form = client.Post("/huikuan.v1.SessionService/Logout",
                          {{"Cookie", cookie}, {"Origin", "https://evil.example"}},
                          "requestId=csrf-1", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  auto text_plain = client.Post("/huikuan.v1.SessionService/Logout", {{"Cookie", cookie}},
                                R"({"requestId":"csrf-2"})", "text/plain");
  ASSERT_TRUE(text_plain);
  EXPECT_EQ(text_plain->status, 415);
  // JSON without the protocol header (what a cross-site fetch without CORS could not send
  // anyway) is refused too, and so is a cross-origin one with it.
  auto no_header = client.Post("/huikuan.v1.SessionService/Logout", {{"Cookie", cookie}},
                               R"({"requestId":"csrf-3"})", kJson);
  ASSERT_TRUE(no_header);
  EXPECT_EQ(no_header->status, 400);
  EXPECT_TRUE(absl::StrContains(no_header->body, "Connect-Protocol-Version"));
  auto cross_origin = client.Post(
      "/huikuan.v1.SessionService/Logout",
      {{"Cookie", cookie}, {"Connect-Protocol-Version", "1"}, {"Origin", "https://evil.example"}},
      R"({"requestId":"csrf-4"})", kJson);
  ASSERT_TRUE(cross_origin);
  EXPECT_EQ(cross_origin->status, 403);
  auto still = WhoAmIWithCookie(cookie);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200) << "the session was logged out by a refused request";
}

TEST_F(HttpGatewayTest, SetPasswordRules) {
  SetPassword("investment_head", "first password");
  ServiceTestEnv& env = ServiceTestEnv::Get();
  auto client = Client();
  auto set = [&](const std::string& role, const std::string& user, const std::string& old_pw,
                 const std::string& new_pw) {
    return client.Post(
        "/huikuan.v1.SessionService/SetPassword", Bearer(role),
        absl::StrCat(R"({"requestId":")", NewRequestId(), R"(","user":")", user,
                     R"(","oldPassword":")", old_pw, R"(","newPassword":")", new_pw, R"("})"),
        kJson);
  };
  auto wrong_old = set("investment_head", "", "not it", "second password");
  EXPECT_EQ(wrong_old->status, 401) << wrong_old->body;
  auto too_short = set("investment_head", "", "first password", "short");
  EXPECT_EQ(too_short->status, 400);
  EXPECT_TRUE(absl::StrContains(too_short->body, "new_password")) << too_short->body;
  auto others = set("investment_head", std::string("users/not-a-number"), "x", "another password");
  EXPECT_EQ(others->status, 400) << "a bad user name is INVALID_ARGUMENT: " << others->body;
  auto not_admin = set("investment_head", env.user_name("finance_head"), "", "another password");
  EXPECT_EQ(not_admin->status, 403) << not_admin->body;
  auto own = set("investment_head", "", "first password", "second password");
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(Login("t.investment_head", "first password")->status, 401);
  EXPECT_EQ(Login("t.investment_head", "second password")->status, 200);
}

TEST_F(HttpGatewayTest, OversizedRequestIsRefused) {
  auto client = Client();
  const std::string big(2 * 1024 * 1024, ' ');
  auto result = client.Post("/huikuan.v1.IdentityService/WhoAmI", Bearer("admin"), big, kJson);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
}

TEST_F(HttpGatewayTest, WebAssetsWithCacheHeadersAndGzip) {
  auto client = Client();
  client.set_decompress(false);
  auto script = client.Get("/assets/index-3f2a9c.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script->get_header_value("Content-Encoding"), "gzip");
  ASSERT_GE(script->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(script->body[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(script->body[1]), 0x8b);
  // Compressed once, not twice: a decompressing client gets the file as written.
  auto decompressing = Client();
  auto inflated = decompressing.Get("/assets/index-3f2a9c.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(inflated);
  EXPECT_EQ(inflated->get_header_value("Content-Encoding"), "gzip");
  EXPECT_TRUE(absl::StartsWith(inflated->body, "console.log('huikuan');"))
      << inflated->body.substr(0, 20);
  EXPECT_EQ(inflated->body.size(),
            std::filesystem::file_size(*web_root_ / "assets" / "index-3f2a9c.js"));
  // A browser offering brotli as well still gets the precompressed gzip.
  auto browser = client.Get("/assets/index-3f2a9c.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(browser);
  EXPECT_EQ(browser->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(browser->body, script->body);
  auto plain = client.Get("/assets/index-3f2a9c.js");
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->get_header_value("Content-Encoding").empty());
  EXPECT_TRUE(absl::StartsWith(plain->body, "console.log('huikuan');"));

  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  EXPECT_TRUE(absl::StrContains(index->get_header_value("Content-Type"), "text/html"));
  EXPECT_FALSE(index->get_header_value("Content-Security-Policy").empty());
  // A client-side route gets the app; a missing asset does not.
  auto route = client.Get("/customers/42");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->status, 200);
  EXPECT_EQ(route->body, index->body);
  EXPECT_EQ(client.Get("/assets/missing-0000.js")->status, 404);
  EXPECT_EQ(client.Get("/favicon.ico")->status, 404);
}

// Both listeners over TLS with a self-signed certificate made here by openssl: HTTPS calls,
// the cookie marked Secure, and gRPC with the certificate as its root.
TEST(HttpGatewayTlsTest, BothListenersSpeakTls) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / absl::StrCat("hk_tls_", getpid());
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
      key, " -out ", cert, " 2>/dev/null");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db = env.db_config();
  options.log_rpcs = false;
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  options.http.listen_address = "127.0.0.1:0";
  options.http.tls_cert_file = cert;
  options.http.tls_key_file = key;
  options.http.log_requests = false;
  auto server = HuikuanServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();

  httplib::SSLClient client("127.0.0.1", (*server)->http_port());
  client.set_ca_cert_path(cert.c_str());
  client.enable_server_certificate_verification(true);
  auto whoami = client.Post("/huikuan.v1.IdentityService/WhoAmI",
                            {{"Authorization", "Bearer " + env.token("legal_head")}}, "{}", kJson);
  ASSERT_TRUE(whoami) << httplib::to_string(whoami.error());
  EXPECT_EQ(whoami->status, 200);
  EXPECT_TRUE(absl::StrContains(whoami->body, R"("role":"legal_head")"));

  auto set = client.Post(
      "/huikuan.v1.SessionService/SetPassword", {{"Authorization", "Bearer " + env.token("admin")}},
      absl::StrCat(R"({"requestId":")", NewRequestId(), R"(","user":")",
                   env.user_name("management_head"), R"(","newPassword":"tls password 1"})"),
      kJson);
  ASSERT_EQ(set->status, 200) << set->body;
  auto login =
      client.Post("/huikuan.v1.SessionService/Login", {{"Connect-Protocol-Version", "1"}},
                  R"({"username":"t.management_head","password":"tls password 1"})", kJson);
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_TRUE(absl::StrContains(set_cookie, "; Secure")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; HttpOnly")) << set_cookie;

  // Plain HTTP to the TLS port gets no answer.
  httplib::Client plain("127.0.0.1", (*server)->http_port());
  plain.set_read_timeout(2, 0);
  auto refused = plain.Post("/huikuan.v1.IdentityService/WhoAmI", "{}", kJson);
  EXPECT_TRUE(!refused || refused->status != 200);

  std::ifstream cert_in(cert);
  std::stringstream pem;
  pem << cert_in.rdbuf();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = pem.str();
  auto channel =
      grpc::CreateChannel(absl::StrCat("localhost:", (*server)->port()), grpc::SslCredentials(ssl));
  auto stub = v1::IdentityService::NewStub(channel);
  grpc::ClientContext context;
  env.Authorize(context, "legal_head");
  v1::WhoAmIResponse response;
  grpc::Status status = stub->WhoAmI(&context, v1::WhoAmIRequest(), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.role(), "legal_head");

  (*server)->Shutdown();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace huikuan::testing
