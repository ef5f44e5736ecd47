// IdentityService through a real channel: WhoAmI per role, authentication failures, tokens.
#include "server/service/identity_service.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/ops/identity.h"
#include "server/ops/token_secret.h"
#include "server/service/principal.h"
#include "server/store/identity_store.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

grpc::Status WhoAmIWithHeader(const std::string& header, v1::WhoAmIResponse* response) {
  grpc::ClientContext context;
  if (!header.empty()) context.AddMetadata("authorization", header);
  return ServiceTestEnv::Get().identity().WhoAmI(&context, v1::WhoAmIRequest(), response);
}

TEST(IdentityServiceTest, WhoAmIReturnsEveryRole) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  for (const std::string& role : service::AllRoleNames()) {
    v1::WhoAmIResponse response;
    grpc::Status status = WhoAmIWithHeader(absl::StrCat("Bearer ", env.token(role)), &response);
    ASSERT_TRUE(status.ok()) << role << ": " << status.error_message();
    EXPECT_EQ(response.role(), role);
    EXPECT_EQ(response.user().name(), env.user_name(role));
    EXPECT_EQ(response.user().username(), absl::StrCat("t.", role));
    EXPECT_TRUE(response.token_expire_time().seconds() > absl::ToUnixSeconds(absl::Now()));
  }
}

TEST(IdentityServiceTest, CustomerUserCarriesItsCompany) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::WhoAmIResponse response;
  ASSERT_TRUE(WhoAmIWithHeader(absl::StrCat("Bearer ", env.token("customer")), &response).ok());
  EXPECT_EQ(response.user().department(), v1::DEPARTMENT_CUSTOMER);
  EXPECT_EQ(response.user().customer(), absl::StrCat("customers/", env.portal_customer_id()));
}

TEST(IdentityServiceTest, MissingMalformedAndUnknownTokensAreUnauthenticated) {
  v1::WhoAmIResponse response;
  for (const std::string& header :
       {std::string(), std::string("Bearer"), std::string("Basic abc"),
        std::string("Bearer not-a-token"), absl::StrCat("Bearer hk_", std::string(43, 'A'))}) {
    EXPECT_EQ(WhoAmIWithHeader(header, &response).error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << "header: " << header;
  }
}

TEST(IdentityServiceTest, ExpiredTokenIsUnauthenticated) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  auto secret = store::RunInTransaction<std::string>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
        std::string secret;
        absl::Status issued =
            ops::RunWrite(db, ops::Caller::System("test"), "test", "", absl::Now() - absl::Hours(1),
                          [&](ops::WriteScope& write) -> absl::Status {
                            auto token = ops::IssueToken(write, env.user_id("finance_staff"),
                                                         absl::Seconds(1), "short");
                            if (!token.ok()) return token.status();
                            secret = token->secret;
                            return absl::OkStatus();
                          });
        if (!issued.ok()) return issued;
        return secret;
      });
  ASSERT_TRUE(secret.ok()) << secret.status();
  v1::WhoAmIResponse response;
  EXPECT_EQ(WhoAmIWithHeader(absl::StrCat("Bearer ", *secret), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(IdentityServiceTest, IssuedTokenWorksUntilRevokedAndIsStoredOnlyAsHash) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::IssueTokenRequest issue;
  issue.set_request_id(NewRequestId());
  issue.set_user(env.user_name("legal_staff"));
  issue.set_description("laptop");
  v1::IssueTokenResponse issued;
  {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    grpc::Status status = env.identity().IssueToken(&context, issue, &issued);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_EQ(issued.secret().substr(0, 3), "hk_");
  // Only the hash is in the database.
  auto found = store::RunInTransaction<bool>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<bool> {
        return store::FindTokenBySecretHash(db, ops::Sha256Hex(issued.secret())).has_value() &&
               !store::FindTokenBySecretHash(db, issued.secret()).has_value();
      });
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(*found);

  v1::WhoAmIResponse who;
  ASSERT_TRUE(WhoAmIWithHeader(absl::StrCat("Bearer ", issued.secret()), &who).ok());
  EXPECT_EQ(who.role(), "legal_staff");
  EXPECT_EQ(who.token(), issued.token().name());

  // A replay returns the token without its secret.
  {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::IssueTokenResponse replay;
    ASSERT_TRUE(env.identity().IssueToken(&context, issue, &replay).ok());
    EXPECT_EQ(replay.token().name(), issued.token().name());
    EXPECT_EQ(replay.secret(), "");
  }

  // The owner revokes its own token (log out) with that very token.
  v1::RevokeTokenRequest revoke;
  revoke.set_request_id(NewRequestId());
  revoke.set_name(issued.token().name());
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", issued.secret()));
    v1::RevokeTokenResponse revoked;
    grpc::Status status = env.identity().RevokeToken(&context, revoke, &revoked);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(revoked.token().has_revoke_time());
  }
  EXPECT_EQ(WhoAmIWithHeader(absl::StrCat("Bearer ", issued.secret()), &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Revoking twice under a new request id is a precondition failure.
  {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    revoke.set_request_id(NewRequestId());
    v1::RevokeTokenResponse revoked;
    EXPECT_EQ(env.identity().RevokeToken(&context, revoke, &revoked).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
}

TEST(IdentityServiceTest, NonAdminCannotRevokeSomeoneElsesToken) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::WhoAmIResponse who;
  ASSERT_TRUE(WhoAmIWithHeader(absl::StrCat("Bearer ", env.token("finance_head")), &who).ok());
  grpc::ClientContext context;
  env.Authorize(context, "sales_staff");
  v1::RevokeTokenRequest revoke;
  revoke.set_request_id(NewRequestId());
  revoke.set_name(who.token());
  v1::RevokeTokenResponse response;
  EXPECT_EQ(env.identity().RevokeToken(&context, revoke, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Still valid.
  EXPECT_TRUE(WhoAmIWithHeader(absl::StrCat("Bearer ", env.token("finance_head")), &who).ok());
}

TEST(IdentityServiceTest, CreateUserValidatesEveryFieldAndRejectsTakenUsernames) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::CreateUserRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_user()->set_username("X");
  request.mutable_user()->set_email("new sales@example");
  request.mutable_user()->set_department(v1::DEPARTMENT_SALES);
  v1::CreateUserResponse response;
  {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    grpc::Status status = env.identity().CreateUser(&context, request, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedFields(status),
              (std::vector<std::string>{"user.username", "user.display_name", "user.email",
                                        "user.level"}));
  }
  request.mutable_user()->set_username("new.sales");
  request.mutable_user()->set_display_name("New Sales");
  request.mutable_user()->set_level(v1::LEVEL_STAFF);
  request.mutable_user()->set_email("new.sales@corp.example.com");
  {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    grpc::Status status = env.identity().CreateUser(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.user().username(), "new.sales");
    EXPECT_EQ(response.user().email(), "new.sales@corp.example.com");
  }
  request.set_request_id(NewRequestId());
  {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    EXPECT_EQ(env.identity().CreateUser(&context, request, &response).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
}

TEST(IdentityServiceTest, ListUsersPagesThroughEveryone) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::vector<std::string> names;
  v1::ListUsersRequest request;
  request.set_page_size(5);
  for (int page = 0; page < 100; ++page) {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::ListUsersResponse response;
    ASSERT_TRUE(env.identity().ListUsers(&context, request, &response).ok());
    EXPECT_LE(response.users_size(), 5);
    for (const auto& user : response.users()) names.push_back(user.name());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_GE(names.size(), service::AllRoleNames().size() + 1);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end(), [](const auto& a, const auto& b) {
    return std::stoll(a.substr(6)) < std::stoll(b.substr(6));
  }));
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  request.set_page_token("garbage");
  v1::ListUsersResponse response;
  grpc::Status status = env.identity().ListUsers(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});
}

}  // namespace
}  // namespace huikuan::testing
