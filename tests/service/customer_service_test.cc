// CustomerService through a real channel: row scoping, idempotency, etags, validation, paging.
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/customer_store.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

class CustomerServiceTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();

  grpc::Status Create(const std::string& role, const v1::CreateCustomerRequest& request,
                      v1::CreateCustomerResponse* response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return env.customers().CreateCustomer(&context, request, response);
  }

  v1::Customer MustCreate(const std::string& role, const std::string& owner_role,
                          const std::string& display_name) {
    v1::CreateCustomerRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_customer()->set_display_name(display_name);
    request.mutable_customer()->set_owner(env.user_name(owner_role));
    request.mutable_customer()->set_industry("machinery");
    v1::CreateCustomerResponse response;
    grpc::Status status = Create(role, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.customer();
  }

  grpc::Status Get(const std::string& role, const std::string& name, v1::Customer* customer) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetCustomerRequest request;
    request.set_name(name);
    v1::GetCustomerResponse response;
    grpc::Status status = env.customers().GetCustomer(&context, request, &response);
    *customer = response.customer();
    return status;
  }

  std::vector<std::string> ListAll(const std::string& role, const std::string& owner = "") {
    std::vector<std::string> names;
    v1::ListCustomersRequest request;
    request.set_page_size(7);
    request.set_owner(owner);
    for (int page = 0; page < 1000; ++page) {
      grpc::ClientContext context;
      env.Authorize(context, role);
      v1::ListCustomersResponse response;
      grpc::Status status = env.customers().ListCustomers(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& customer : response.customers()) names.push_back(customer.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  grpc::Status Update(const std::string& role, const v1::UpdateCustomerRequest& request,
                      v1::UpdateCustomerResponse* response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return env.customers().UpdateCustomer(&context, request, response);
  }

  int64_t CountCustomersNamed(const std::string& display_name) {
    auto count = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto& select = db.Prepare("SELECT COUNT(*) FROM customers WHERE display_name = ?");
          select.setString(1, display_name);
          std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
          rows->next();
          return rows->getInt64(1);
        });
    EXPECT_TRUE(count.ok());
    return count.value_or(-1);
  }
};

TEST_F(CustomerServiceTest, SalesStaffSeeAndChangeOnlyTheirOwnCustomers) {
  v1::Customer mine = MustCreate("sales_staff", "sales_staff", "Mine Co");
  v1::Customer theirs = MustCreate("sales_head", ServiceTestEnv::kOtherSales, "Theirs Co");
  v1::Customer got;
  EXPECT_TRUE(Get("sales_staff", mine.name(), &got).ok());
  EXPECT_EQ(Get("sales_staff", theirs.name(), &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Get(ServiceTestEnv::kOtherSales, theirs.name(), &got).ok());
  EXPECT_TRUE(Get("finance_staff", theirs.name(), &got).ok());

  std::vector<std::string> listed = ListAll("sales_staff");
  EXPECT_NE(std::find(listed.begin(), listed.end(), mine.name()), listed.end());
  EXPECT_EQ(std::find(listed.begin(), listed.end(), theirs.name()), listed.end());
  // Asking for the other owner's list yields nothing, not their customers.
  EXPECT_TRUE(ListAll("sales_staff", env.user_name(ServiceTestEnv::kOtherSales)).empty());
  // Everyone in the list is owned by the caller.
  for (const std::string& name : listed) {
    ASSERT_TRUE(Get("admin", name, &got).ok());
    EXPECT_EQ(got.owner(), env.user_name("sales_staff"));
  }
  // A head sees both.
  std::vector<std::string> head = ListAll("sales_head");
  EXPECT_NE(std::find(head.begin(), head.end(), theirs.name()), head.end());

  v1::UpdateCustomerRequest update;
  update.set_request_id(NewRequestId());
  *update.mutable_customer() = theirs;
  update.mutable_customer()->set_display_name("Stolen");
  update.mutable_update_mask()->add_paths("display_name");
  v1::UpdateCustomerResponse updated;
  EXPECT_EQ(Update("sales_staff", update, &updated).error_code(), grpc::StatusCode::NOT_FOUND);

  // Sales staff may not create customers for someone else, nor hand their own away.
  v1::CreateCustomerRequest create;
  create.set_request_id(NewRequestId());
  create.mutable_customer()->set_display_name("For Someone Else");
  create.mutable_customer()->set_owner(env.user_name(ServiceTestEnv::kOtherSales));
  v1::CreateCustomerResponse created;
  EXPECT_EQ(Create("sales_staff", create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  update.set_request_id(NewRequestId());
  *update.mutable_customer() = mine;
  update.mutable_customer()->set_owner(env.user_name(ServiceTestEnv::kOtherSales));
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("owner");
  EXPECT_EQ(Update("sales_staff", update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Get("admin", mine.name(), &got).ok());
  EXPECT_EQ(got.owner(), env.user_name("sales_staff"));
}

TEST_F(CustomerServiceTest, CustomerUserSeesOnlyItsOwnCompany) {
  MustCreate("admin", "sales_staff", "Another Buyer");
  std::vector<std::string> listed = ListAll("customer");
  EXPECT_EQ(listed, std::vector<std::string>{absl::StrCat("customers/", env.portal_customer_id())});
  v1::Customer got;
  EXPECT_TRUE(Get("customer", listed.front(), &got).ok());
  v1::Customer other = MustCreate("admin", "sales_staff", "Not Yours Co");
  EXPECT_EQ(Get("customer", other.name(), &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CustomerServiceTest, SameRequestIdCreatesOnceAndReturnsTheSameResponse) {
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_display_name("Idempotent Co");
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  v1::CreateCustomerResponse first;
  v1::CreateCustomerResponse second;
  ASSERT_TRUE(Create("sales_head", request, &first).ok());
  ASSERT_TRUE(Create("sales_head", request, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(CountCustomersNamed("Idempotent Co"), 1);

  // The same id with a different request is rejected, naming request_id, and writes nothing.
  request.mutable_customer()->set_display_name("Idempotent Co 2");
  v1::CreateCustomerResponse third;
  grpc::Status status = Create("sales_head", request, &third);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  EXPECT_EQ(CountCustomersNamed("Idempotent Co 2"), 0);
  // ... and so is the same request under the same id from another user.
  request.mutable_customer()->set_display_name("Idempotent Co");
  EXPECT_EQ(Create("admin", request, &third).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CustomerServiceTest, ConcurrentRetriesOfOneRequestIdCreateOneCustomer) {
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_display_name("Raced Co");
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  std::vector<std::thread> threads;
  std::vector<v1::CreateCustomerResponse> responses(8);
  std::vector<grpc::Status> statuses(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] { statuses[i] = Create("sales_head", request, &responses[i]); });
  }
  for (auto& thread : threads) thread.join();
  std::string name;
  for (int i = 0; i < 8; ++i) {
    // A loser of the race may be told to retry (ABORTED); none may create a second customer.
    if (statuses[i].ok()) {
      if (name.empty()) name = responses[i].customer().name();
      EXPECT_EQ(responses[i].customer().name(), name);
    } else {
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::ABORTED) << statuses[i].error_message();
    }
  }
  EXPECT_FALSE(name.empty());
  EXPECT_EQ(CountCustomersNamed("Raced Co"), 1);
}

TEST_F(CustomerServiceTest, StaleEtagIsAbortedAndFreshEtagUpdates) {
  v1::Customer customer = MustCreate("sales_head", "sales_staff", "Etag Co");
  v1::UpdateCustomerRequest update;
  update.set_request_id(NewRequestId());
  *update.mutable_customer() = customer;
  update.mutable_customer()->set_industry("electronics");
  update.mutable_update_mask()->add_paths("industry");
  v1::UpdateCustomerResponse updated;
  grpc::Status status = Update("sales_staff", update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.customer().industry(), "electronics");
  EXPECT_EQ(updated.customer().display_name(), "Etag Co");
  EXPECT_NE(updated.customer().etag(), customer.etag());

  // The old etag is stale now.
  update.set_request_id(NewRequestId());
  update.mutable_customer()->set_industry("textiles");
  EXPECT_EQ(Update("sales_staff", update, &updated).error_code(), grpc::StatusCode::ABORTED);
  v1::Customer got;
  ASSERT_TRUE(Get("admin", customer.name(), &got).ok());
  EXPECT_EQ(got.industry(), "electronics");
}

TEST_F(CustomerServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  v1::CreateCustomerResponse response;
  grpc::Status status = Create("admin", request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"customer.display_name"});

  request.mutable_customer()->set_display_name("Bad Owner Co");
  for (const std::string& owner :
       {std::string("users/abc"), std::string("users/999999"), env.user_name("finance_staff")}) {
    request.mutable_customer()->set_owner(owner);
    status = Create("admin", request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << owner;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"customer.owner"}) << owner;
  }
  EXPECT_EQ(CountCustomersNamed("Bad Owner Co"), 0);

  // The failed request id was not consumed: the corrected request goes through under it.
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  EXPECT_TRUE(Create("admin", request, &response).ok());

  request.set_request_id("");
  status = Create("admin", request, &response);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  request.set_request_id(std::string(65, 'x'));
  EXPECT_EQ(Create("admin", request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::Customer got;
  status = Get("admin", "customers/x", &got);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"name"});

  v1::UpdateCustomerRequest update;
  update.set_request_id(NewRequestId());
  *update.mutable_customer() = response.customer();
  update.mutable_update_mask()->add_paths("create_time");
  v1::UpdateCustomerResponse updated;
  status = Update("admin", update, &updated);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("display_name");
  update.mutable_customer()->set_etag("");
  status = Update("admin", update, &updated);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"customer.etag"});
}

TEST_F(CustomerServiceTest, ErrorsCarryNoSqlText) {
  v1::CreateCustomerRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_customer()->set_display_name("'; DROP TABLE customers; --");
  request.mutable_customer()->set_owner(env.user_name("sales_staff"));
  v1::CreateCustomerResponse response;
  ASSERT_TRUE(Create("admin", request, &response).ok());
  v1::Customer got;
  ASSERT_TRUE(Get("admin", response.customer().name(), &got).ok());
  EXPECT_EQ(got.display_name(), "'; DROP TABLE customers; --");
}

}  // namespace
}  // namespace huikuan::testing
