// The database is stopped and started under a running server: calls fail with UNAVAILABLE while
// it is down and succeed again afterwards, with no restart of the server.
#include <grpcpp/grpcpp.h>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

grpc::Status CallWhoAmI() {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::WhoAmIResponse response;
  return env.identity().WhoAmI(&context, v1::WhoAmIRequest(), &response);
}

grpc::Status CallCreateCustomer() {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_display_name("After Restart Co");
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  v1::CreateCustomerResponse response;
  return env.customers().CreateCustomer(&context, request, &response);
}

// Restarts the database even when an assertion fails half-way.
struct RestartGuard {
  ~RestartGuard() {
    if (stopped) (void)StartTestServer();
  }
  bool stopped = false;
};

TEST(DatabaseRestartTest, CallsFailUnavailableWhileDownAndRecoverWithoutServerRestart) {
  ASSERT_TRUE(CallWhoAmI().ok());
  ASSERT_TRUE(CallCreateCustomer().ok());

  RestartGuard guard;
  ASSERT_TRUE(StopTestServer().ok());
  guard.stopped = true;
  for (int i = 0; i < 3; ++i) {
    grpc::Status status = CallWhoAmI();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    EXPECT_EQ(status.error_message().find("SELECT"), std::string::npos);
  }
  ASSERT_TRUE(StartTestServer().ok());
  guard.stopped = false;

  // The very first calls after the restart succeed: broken connections were discarded.
  grpc::Status who = CallWhoAmI();
  EXPECT_TRUE(who.ok()) << who.error_message();
  grpc::Status create = CallCreateCustomer();
  EXPECT_TRUE(create.ok()) << create.error_message();
}

}  // namespace
}  // namespace huikuan::testing
