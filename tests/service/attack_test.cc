// Authentication under attack (issue 13): wrong, expired, revoked and guessed tokens, a role
// calling what it may not, a customer-portal user reaching for another customer's data. Every
// one is refused, and the audit trail shows the refusal (service/refusal_audit.h), at a bounded
// rate. (Guessed session cookies and login limits over HTTP: tests/http/http_gateway_test.cc.)
#include <google/protobuf/text_format.h>
#include <grpcpp/grpcpp.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/customer_service.grpc.pb.h"
#include "huikuan/v1/identity_service.grpc.pb.h"
#include "server/huikuan_server.h"
#include "server/ops/identity.h"
#include "server/ops/scopes.h"
#include "server/ops/token_secret.h"
#include "server/service/refusal_audit.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"
#include "tests/service/write_cases.h"

namespace huikuan::testing {
namespace {

using grpc::StatusCode;

// The audit events on `resource`, newest first (as admin).
std::vector<v1::AuditEvent> EventsOn(ServiceTestEnv& env, const std::string& resource) {
  v1::ListAuditEventsRequest request;
  request.set_resource(resource);
  request.set_page_size(1000);
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::ListAuditEventsResponse response;
  grpc::Status status = env.audit().ListAuditEvents(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.audit_events().begin(), response.audit_events().end()};
}

// Refusal events on `resource` whose after-image contains every one of `parts`.
int RefusalsOn(ServiceTestEnv& env, const std::string& resource,
               const std::vector<std::string>& parts) {
  int count = 0;
  for (const v1::AuditEvent& event : EventsOn(env, resource)) {
    bool all = absl::StrContains(event.after_json(), R"("outcome":"refused")");
    for (const std::string& part : parts) all = all && absl::StrContains(event.after_json(), part);
    if (all) ++count;
  }
  return count;
}

grpc::Status WhoAmI(ServiceTestEnv& env, const std::string& secret) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", secret));
  v1::WhoAmIResponse response;
  return env.identity().WhoAmI(&context, v1::WhoAmIRequest(), &response);
}

std::string Prefix(const std::string& secret) { return ops::Sha256Hex(secret).substr(0, 12); }

TEST(AttackTest, UnknownTokenIsRefusedAndAuditedByItsHashPrefixNeverItsSecret) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const std::string guess = absl::StrCat("hk_guessed", absl::ToUnixMicros(absl::Now()), "AAAAAAAA");
  EXPECT_EQ(WhoAmI(env, guess).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(RefusalsOn(env, "tokens/-",
                       {R"("token_state":"unknown")", Prefix(guess),
                        R"("method":"/huikuan.v1.IdentityService/WhoAmI")",
                        R"("code":"UNAUTHENTICATED")"}),
            1);
  for (const v1::AuditEvent& event : EventsOn(env, "tokens/-")) {
    EXPECT_FALSE(absl::StrContains(event.after_json(), guess)) << "the secret is in the audit";
  }
}

TEST(AttackTest, ExpiredTokenIsRefusedAndItsTokenShowsTheAttempt) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  auto issued = store::RunInTransaction<ops::IssuedToken>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<ops::IssuedToken> {
        std::optional<ops::IssuedToken> token;
        absl::Status status =
            ops::RunWrite(db, ops::Caller::System("test"), "test", "", absl::Now() - absl::Hours(2),
                          [&](ops::WriteScope& write) -> absl::Status {
                            auto t = ops::IssueToken(write, env.user_id("finance_staff"),
                                                     absl::Seconds(1), "expired in the test");
                            if (!t.ok()) return t.status();
                            token = *t;
                            return absl::OkStatus();
                          });
        if (!status.ok()) return status;
        return *token;
      });
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(WhoAmI(env, issued->secret).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(RefusalsOn(env, absl::StrCat("tokens/", issued->token.id),
                       {R"("token_state":"expired")",
                        absl::StrCat(R"("token_user":"users/)", env.user_id("finance_staff"))}),
            1);
}

TEST(AttackTest, RevokedTokenIsRefusedAndItsTokenShowsTheAttempt) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  WriteFixture f(env);
  auto issued = f.Call(
      "/huikuan.v1.IdentityService/IssueToken", "admin",
      absl::StrCat("user: '", env.user_name("legal_head"), "' description: 'stolen laptop'"));
  const std::string secret = WriteFixture::FieldIn(*issued, "secret");
  const std::string token = WriteFixture::NameIn(*issued);
  ASSERT_TRUE(WhoAmI(env, secret).ok());
  f.Call("/huikuan.v1.IdentityService/RevokeToken", "admin", absl::StrCat("name: '", token, "'"));
  // Someone still holding the stolen secret tries it, twice, on a read and on a write.
  EXPECT_EQ(WhoAmI(env, secret).error_code(), StatusCode::UNAUTHENTICATED);
  PreparedWrite write = f.Prepare("/huikuan.v1.CustomerService/CreateCustomer", "admin",
                                  "customer { display_name: 'Shell Co' }");
  RawCall call =
      CallMethod(env, "/huikuan.v1.CustomerService/CreateCustomer", secret, *write.request);
  EXPECT_EQ(call.status.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(RefusalsOn(env, token, {R"("token_state":"revoked")"}), 2);
  EXPECT_EQ(RefusalsOn(env, token, {R"("method":"/huikuan.v1.CustomerService/CreateCustomer")"}),
            1);
}

// A token revoked through another replica (here: its row changed behind the servers' backs). A
// replica that verified it a moment ago may still let it read for --auth_cache_ttl (a second
// server trusting verified tokens for an hour makes that window visible), but no write goes
// through: the write's claim of its request id checks the token, refuses the call as
// UNAUTHENTICATED with nothing written, audits the refusal, and from then on that replica trusts
// no token it verified before.
TEST(AttackTest, TokenRevokedThroughAnotherReplicaNeverWritesAndIsForgotten) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db = env.db_config();
  options.log_rpcs = false;
  options.auth_cache_ttl = absl::Hours(1);
  absl::StatusOr<std::unique_ptr<HuikuanServer>> replica = HuikuanServer::Start(options);
  ASSERT_TRUE(replica.ok()) << replica.status();
  auto channel = grpc::CreateChannel((*replica)->target(), grpc::InsecureChannelCredentials());
  auto identity = v1::IdentityService::NewStub(channel);
  auto customers = v1::CustomerService::NewStub(channel);
  auto who_am_i = [&](const std::string& secret) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", secret));
    v1::WhoAmIResponse response;
    return identity->WhoAmI(&context, v1::WhoAmIRequest(), &response);
  };

  WriteFixture f(env);
  auto issued = f.Call("/huikuan.v1.IdentityService/IssueToken", "admin",
                       absl::StrCat("user: '", env.user_name("admin"), "' description: 'replica'"));
  const std::string secret = WriteFixture::FieldIn(*issued, "secret");
  const std::string token = WriteFixture::NameIn(*issued);
  ASSERT_TRUE(who_am_i(secret).ok());
  int64_t token_id = 0;
  ASSERT_TRUE(absl::SimpleAtoi(token.substr(token.find('/') + 1), &token_id));
  absl::Status revoked =
      store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
        auto& revoke = db.Prepare(
            "UPDATE api_tokens SET revoke_time = UTC_TIMESTAMP(6) WHERE id = ? AND revoke_time IS "
            "NULL");
        revoke.setInt64(1, token_id);
        if (revoke.executeUpdate() != 1) return absl::NotFoundError("no such valid token");
        return absl::OkStatus();
      });
  ASSERT_TRUE(revoked.ok()) << revoked;
  // Remembered by this replica: reads still pass, within the documented bound.
  EXPECT_TRUE(who_am_i(secret).ok());

  v1::CreateCustomerRequest create;
  create.set_request_id(NewRequestId());
  const std::string display_name = absl::StrCat("Replica Shell Co ", token_id);
  create.mutable_customer()->set_display_name(display_name);
  create.mutable_customer()->set_owner(env.user_name("sales_staff"));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", secret));
  v1::CreateCustomerResponse created;
  EXPECT_EQ(customers->CreateCustomer(&context, create, &created).error_code(),
            StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(QueryInt(env, absl::StrCat("SELECT COUNT(*) FROM customers WHERE display_name = '",
                                       display_name, "'")),
            0);
  EXPECT_EQ(RefusalsOn(env, token,
                       {R"("token_state":"revoked")",
                        R"("method":"/huikuan.v1.CustomerService/CreateCustomer")"}),
            1);
  EXPECT_EQ(who_am_i(secret).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST(AttackTest, MissingAndMalformedCredentialsAreRefusedAndAudited) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const int before = RefusalsOn(env, "tokens/-", {R"("code":"UNAUTHENTICATED")"});
  for (const char* header : {"", "Basic YWRtaW46YWRtaW4=", "Bearer not-a-token"}) {
    grpc::ClientContext context;
    if (*header != '\0') context.AddMetadata("authorization", header);
    v1::ListUsersResponse response;
    EXPECT_EQ(env.identity().ListUsers(&context, v1::ListUsersRequest(), &response).error_code(),
              StatusCode::UNAUTHENTICATED)
        << header;
  }
  EXPECT_EQ(RefusalsOn(env, "tokens/-", {R"("code":"UNAUTHENTICATED")"}) - before, 3);
}

TEST(AttackTest, RoleOutsideThePermissionTableIsRefusedAndAuditedAsThatUser) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  WriteFixture f(env);
  PreparedWrite write = f.Prepare("/huikuan.v1.IdentityService/CreateUser", "sales_staff",
                                  "user { username: 'sneaky.admin' display_name: 'Sneaky' "
                                  "department: DEPARTMENT_ADMIN level: LEVEL_HEAD }");
  RawCall call =
      CallMethod(env, "/huikuan.v1.IdentityService/CreateUser", write.token, *write.request);
  EXPECT_EQ(call.status.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RefusalsOn(env, env.user_name("sales_staff"),
                       {R"("code":"PERMISSION_DENIED")",
                        R"("method":"/huikuan.v1.IdentityService/CreateUser")"}),
            1);
  // Nothing was created.
  EXPECT_EQ(QueryInt(env, "SELECT COUNT(*) FROM users WHERE username = 'sneaky.admin'"), 0);
}

// A customer-portal user of one company, with a valid token, reaches for another company's
// customer record, invoice, statement and late fees, by name and through list filters: every
// read is NOT_FOUND or empty (never the data), and each NOT_FOUND is on the portal user's trail.
TEST(AttackTest, PortalUserCannotReadAnotherCustomersData) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  WriteFixture f(env);
  const std::string mine = f.Customer();
  const std::string theirs = f.Customer();
  const std::string their_invoice = f.OverdueInvoice(theirs);
  f.OverdueInvoice(mine);
  const core::EpochDay today = Today();
  NewInvoice(env, f.IdOf(theirs), 70'000, today - 40, today - 10);
  auto statement =
      f.Call("/huikuan.v1.StatementService/GenerateStatement", "finance_staff",
             absl::StrCat("customer: '", theirs, "' month: '", Date(today - 40).substr(0, 7), "'"));
  const std::string their_statement = WriteFixture::NameIn(*statement);
  ASSERT_FALSE(their_statement.empty());
  auto [token, actor] = f.PortalUser(mine);

  auto call = [&](const std::string& method, const std::string& text) {
    const auto* type = RequestTypeOf(method);
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, request.get())) << text;
    return CallMethod(env, method, token, *request);
  };
  struct Probe {
    std::string method;
    std::string text;
  };
  const std::vector<Probe> by_name = {
      {"/huikuan.v1.CustomerService/GetCustomer", absl::StrCat("name: '", theirs, "'")},
      {"/huikuan.v1.LedgerService/GetInvoice", absl::StrCat("name: '", their_invoice, "'")},
      {"/huikuan.v1.StatementService/GetStatement", absl::StrCat("name: '", their_statement, "'")},
  };
  for (const Probe& probe : by_name) {
    RawCall result = call(probe.method, probe.text);
    EXPECT_EQ(result.status.error_code(), StatusCode::NOT_FOUND) << probe.method;
  }
  // Filters naming the other customer give nothing of it.
  const std::vector<Probe> lists = {
      {"/huikuan.v1.LedgerService/ListInvoices", absl::StrCat("customer: '", theirs, "'")},
      {"/huikuan.v1.StatementService/ListStatements", absl::StrCat("customer: '", theirs, "'")},
      {"/huikuan.v1.CollectionsService/ListLateFees", absl::StrCat("customer: '", theirs, "'")},
      {"/huikuan.v1.CustomerService/ListCustomers", ""},
  };
  for (const Probe& probe : lists) {
    RawCall result = call(probe.method, probe.text);
    if (result.status.ok()) {
      std::string text;
      google::protobuf::TextFormat::PrintToString(*result.response, &text);
      EXPECT_FALSE(absl::StrContains(text, theirs)) << probe.method << ": " << text;
      EXPECT_FALSE(absl::StrContains(text, their_invoice)) << probe.method << ": " << text;
    } else {
      EXPECT_EQ(result.status.error_code(), StatusCode::NOT_FOUND) << probe.method;
    }
  }
  // And it cannot write for the other customer either.
  RawCall dispute = call("/huikuan.v1.StatementService/DisputeStatementLines",
                         absl::StrCat("request_id: '", NewRequestId(), "' name: '", their_statement,
                                      "' invoice_numbers: 'X' reason: 'no'"));
  EXPECT_EQ(dispute.status.error_code(), StatusCode::NOT_FOUND);
  // The refusals by name are on the portal user's trail, each naming what it asked for.
  EXPECT_EQ(RefusalsOn(env, actor, {R"("code":"NOT_FOUND")", their_invoice}), 1);
  EXPECT_GE(RefusalsOn(env, actor, {R"("code":"NOT_FOUND")", theirs + " "}), 1);
  EXPECT_EQ(RefusalsOn(env, actor, {R"("code":"NOT_FOUND")", their_statement}), 2);
}

// A flood of refused calls adds a bounded number of audit events; the next event written after
// the flood carries how many were left out. Last in this binary: it spends the server's budget.
TEST(AttackTest, RefusalFloodAddsABoundedNumberOfAuditEvents) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  const std::string marker = absl::StrCat("hk_flood", absl::ToUnixMicros(absl::Now()));
  const int64_t last_id_before = QueryInt(env, "SELECT COALESCE(MAX(id), 0) FROM audit_events");
  const absl::Time start = absl::Now();
  constexpr int kFlood = 300;
  for (int i = 0; i < kFlood; ++i) {
    ASSERT_EQ(WhoAmI(env, absl::StrCat(marker, "_", i)).error_code(), StatusCode::UNAUTHENTICATED);
  }
  const double minutes = absl::ToDoubleMinutes(absl::Now() - start);
  const std::string after_flood = absl::StrCat(" FROM audit_events WHERE id > ", last_id_before);
  const int written = static_cast<int>(QueryInt(env, "SELECT COUNT(*)" + after_flood));
  const service::RefusalBudgetConfig budget;
  std::printf(
      "refusal flood: %d refused calls in %.2f s, %d audit events written (budget %d + "
      "%d a minute)\n",
      kFlood, minutes * 60, written, budget.burst, budget.events_per_minute);
  EXPECT_GE(written, 1);
  EXPECT_LE(written, budget.burst + static_cast<int>(minutes * budget.events_per_minute) + 1);
  // A second's refill admits the next refusal, which reports what was left out since the last
  // event written; over all the events, the counts add up to every refusal not written.
  absl::SleepFor(absl::Milliseconds(1500));
  const std::string last = absl::StrCat(marker, "_last");
  ASSERT_EQ(WhoAmI(env, last).error_code(), StatusCode::UNAUTHENTICATED);
  int reported = 0;
  for (const v1::AuditEvent& event : EventsOn(env, "tokens/-")) {
    if (!absl::StrContains(event.after_json(), Prefix(last))) continue;
    ++reported;
    EXPECT_FALSE(absl::StrContains(event.after_json(), R"("suppressed_before":0)"))
        << event.after_json();
  }
  EXPECT_EQ(reported, 1);
  EXPECT_EQ(QueryInt(env, "SELECT COALESCE(SUM(JSON_VALUE(after_json, '$.suppressed_before')), 0)" +
                              after_flood),
            kFlood - written);
}

TEST(RefusalBudgetTest, BurstThenRateAndTheCountOfWhatWasLeftOut) {
  service::RefusalBudget budget({/*events_per_minute=*/60, /*burst=*/3});
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_EQ(budget.Admit(t0), 0);
  EXPECT_EQ(budget.Admit(t0), 0);
  EXPECT_EQ(budget.Admit(t0), 0);
  EXPECT_EQ(budget.Admit(t0), std::nullopt);
  EXPECT_EQ(budget.Admit(t0 + absl::Milliseconds(500)), std::nullopt);
  // One a second at 60 a minute: the event a second later reports the two left out.
  EXPECT_EQ(budget.Admit(t0 + absl::Seconds(1)), 2);
  EXPECT_EQ(budget.Admit(t0 + absl::Seconds(1)), std::nullopt);
  // A long quiet time refills only up to the burst.
  const absl::Time later = t0 + absl::Hours(1);
  EXPECT_EQ(budget.Admit(later), 1);
  EXPECT_EQ(budget.Admit(later), 0);
  EXPECT_EQ(budget.Admit(later), 0);
  EXPECT_EQ(budget.Admit(later), std::nullopt);
}

}  // namespace
}  // namespace huikuan::testing
