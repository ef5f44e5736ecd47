// Every write leaves an audit event in the same transaction; the trail is append-only.
#include <grpcpp/grpcpp.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

std::vector<v1::AuditEvent> EventsFor(const std::string& resource) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  grpc::ClientContext context;
  env.Authorize(context, "legal_head");
  v1::ListAuditEventsRequest request;
  request.set_resource(resource);
  v1::ListAuditEventsResponse response;
  grpc::Status status = env.audit().ListAuditEvents(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.audit_events().begin(), response.audit_events().end()};
}

TEST(AuditServiceTest, EveryWriteLeavesOneEventWithBeforeAndAfter) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  v1::CreateCustomerRequest create;
  const std::string create_id = NewRequestId();
  create.set_request_id(create_id);
  create.mutable_customer()->set_display_name("Audited Co");
  create.mutable_customer()->set_owner(env.user_name("sales_staff"));
  v1::CreateCustomerResponse created;
  for (int attempt = 0; attempt < 2; ++attempt) {  // the replay must not add an event
    grpc::ClientContext context;
    env.Authorize(context, "investment_staff");
    ASSERT_TRUE(env.customers().CreateCustomer(&context, create, &created).ok());
  }
  v1::UpdateCustomerRequest update;
  const std::string update_id = NewRequestId();
  update.set_request_id(update_id);
  *update.mutable_customer() = created.customer();
  update.mutable_customer()->set_display_name("Audited Co Ltd");
  update.mutable_update_mask()->add_paths("display_name");
  v1::UpdateCustomerResponse updated;
  {
    grpc::ClientContext context;
    env.Authorize(context, "sales_staff");
    ASSERT_TRUE(env.customers().UpdateCustomer(&context, update, &updated).ok());
  }
  // A failed write leaves no event.
  {
    grpc::ClientContext context;
    env.Authorize(context, "sales_staff");
    update.set_request_id(NewRequestId());
    ASSERT_FALSE(env.customers().UpdateCustomer(&context, update, &updated).ok());  // stale etag
  }

  std::vector<v1::AuditEvent> events = EventsFor(created.customer().name());
  ASSERT_EQ(events.size(), 2u);
  // Newest first.
  EXPECT_EQ(events[0].method(), "/huikuan.v1.CustomerService/UpdateCustomer");
  EXPECT_EQ(events[0].request_id(), update_id);
  EXPECT_EQ(events[0].actor(), env.user_name("sales_staff"));
  EXPECT_EQ(events[0].actor_role(), "sales_staff");
  EXPECT_TRUE(absl::StrContains(events[0].before_json(), "\"Audited Co\""));
  EXPECT_TRUE(absl::StrContains(events[0].after_json(), "\"Audited Co Ltd\""));
  EXPECT_EQ(events[1].method(), "/huikuan.v1.CustomerService/CreateCustomer");
  EXPECT_EQ(events[1].request_id(), create_id);
  EXPECT_EQ(events[1].actor_role(), "investment_staff");
  EXPECT_EQ(events[1].before_json(), "");
  EXPECT_TRUE(absl::StrContains(events[1].after_json(), "\"Audited Co\""));
}

TEST(AuditServiceTest, EveryIdempotencyKeyHasItsAuditEvents) {
  // Across everything the tests of this binary wrote so far: each stored write (request id)
  // has at least one audit event with that request id.
  ServiceTestEnv& env = ServiceTestEnv::Get();
  auto orphans = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        std::unique_ptr<sql::ResultSet> rows(
            db.Prepare("SELECT COUNT(*) FROM idempotency_keys k WHERE NOT EXISTS "
                       "(SELECT 1 FROM audit_events a WHERE a.request_id = k.request_id)")
                .executeQuery());
        rows->next();
        return rows->getInt64(1);
      });
  ASSERT_TRUE(orphans.ok()) << orphans.status();
  EXPECT_EQ(*orphans, 0);
}

TEST(AuditServiceTest, TheTrailIsAppendOnly) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  for (const char* sql : {"UPDATE audit_events SET actor_role = 'x'", "DELETE FROM audit_events"}) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
          db.Prepare(sql).executeUpdate();
          return absl::OkStatus();
        });
    EXPECT_FALSE(status.ok()) << sql;
  }
}

TEST(AuditServiceTest, FiltersByActorAndTimeAndPages) {
  ServiceTestEnv& env = ServiceTestEnv::Get();
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    env.Authorize(context, "management_head");
    v1::CreateCustomerRequest create;
    create.set_request_id(NewRequestId());
    create.mutable_customer()->set_display_name(absl::StrCat("Paged Co ", i));
    create.mutable_customer()->set_owner(env.user_name("sales_head"));
    v1::CreateCustomerResponse created;
    ASSERT_TRUE(env.customers().CreateCustomer(&context, create, &created).ok());
  }
  v1::ListAuditEventsRequest request;
  request.set_actor(env.user_name("management_head"));
  request.set_page_size(2);
  int total = 0;
  for (int page = 0; page < 10; ++page) {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::ListAuditEventsResponse response;
    ASSERT_TRUE(env.audit().ListAuditEvents(&context, request, &response).ok());
    for (const auto& event : response.audit_events()) {
      EXPECT_EQ(event.actor(), env.user_name("management_head"));
    }
    total += response.audit_events_size();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(total, 3);

  grpc::ClientContext context;
  env.Authorize(context, "admin");
  v1::ListAuditEventsRequest inverted;
  inverted.mutable_start_time()->set_seconds(2000);
  inverted.mutable_end_time()->set_seconds(1000);
  v1::ListAuditEventsResponse response;
  grpc::Status status = env.audit().ListAuditEvents(&context, inverted, &response);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"end_time"});
}

}  // namespace
}  // namespace huikuan::testing
