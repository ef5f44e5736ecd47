// A running huikuan server for service tests: a fresh migrated test database, the real server
// on an ephemeral loopback port, one user and bearer token per role, and helpers to call it.
//
//   ServiceTestEnv& env = ServiceTestEnv::Get();   // shared by the tests of one binary
//   grpc::ClientContext ctx; env.Authorize(ctx, "finance_head");
//   auto status = env.identity().WhoAmI(&ctx, request, &response);
#ifndef HUIKUAN_TESTS_SERVICE_SERVICE_TEST_ENV_H_
#define HUIKUAN_TESTS_SERVICE_SERVICE_TEST_ENV_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "huikuan/v1/audit_service.grpc.pb.h"
#include "huikuan/v1/customer_service.grpc.pb.h"
#include "huikuan/v1/identity_service.grpc.pb.h"
#include "huikuan/v1/term_policy_service.pb.h"
#include "server/huikuan_server.h"
#include "server/store/identity_store.h"
#include "tests/support/test_database.h"

namespace huikuan::testing {

class ServiceTestEnv {
 public:
  // Created on first use; aborts the test binary with a message if the harness is missing.
  static ServiceTestEnv& Get();

  // Adds `authorization: Bearer <token of role>`; roles as in AllRoleNames().
  void Authorize(grpc::ClientContext& context, const std::string& role) const;
  const std::string& token(const std::string& role) const { return tokens_.at(role); }
  // users/{id} of the user behind the role's token.
  std::string user_name(const std::string& role) const;
  int64_t user_id(const std::string& role) const { return user_ids_.at(role); }

  // The customer the "customer" role's user belongs to (owned by the sales_staff user).
  int64_t portal_customer_id() const { return portal_customer_id_; }

  // A second sales staff user (for scoping tests) with its own token.
  static constexpr char kOtherSales[] = "other_sales_staff";

  // Creates a user directly in the store with a token; returns its id.
  int64_t CreateUserWithToken(const std::string& username, const std::string& department,
                              const std::string& level, std::optional<int64_t> customer_id,
                              const std::string& token_key);

  v1::IdentityService::Stub& identity() { return *identity_; }
  v1::CustomerService::Stub& customers() { return *customers_; }
  v1::AuditService::Stub& audit() { return *audit_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  store::ConnectionPool& pool() { return db_->pool(); }
  // The test database's connection settings, to start a second server with other options.
  const store::DbConfig& db_config() const { return db_->config(); }
  HuikuanServer& server() { return *server_; }

 private:
  ServiceTestEnv() = default;
  void Init();

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<HuikuanServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::IdentityService::Stub> identity_;
  std::unique_ptr<v1::CustomerService::Stub> customers_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, int64_t> user_ids_;
  int64_t portal_customer_id_ = 0;
};

// The google.rpc.BadRequest field names carried by a failed call (empty when none).
std::vector<std::string> ViolatedFields(const grpc::Status& status);

// A fresh request id.
std::string NewRequestId();

// A term policy's rules to publish: R-TIER-2's matrix (60, 45, 30 days; potential customers 30%
// prepaid) with R-TERM-1's volume bonus (15 days over 1,000,000 yuan) and a 60-day maximum.
v1::TermPolicyRules StandardTermRules();

// An open invoice of `amount` fen, invoiced on `invoice_day` and due `credit_days` later, written
// through the store inside the caller's transaction (the test controls the due date; CreateInvoice
// would apply the new-customer ladder). Numbers are "<prefix>-<n>" and "INV-<prefix>-<n>".
absl::StatusOr<int64_t> InsertTestInvoice(store::ConnectionPool::Lease& db, int64_t customer_id,
                                          int64_t amount, core::EpochDay invoice_day,
                                          int32_t credit_days, absl::string_view prefix);

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_SERVICE_SERVICE_TEST_ENV_H_
