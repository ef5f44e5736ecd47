#include "tests/service/service_test_env.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/status.pb.h"
#include "server/ops/identity.h"
#include "server/service/identity_service.h"
#include "server/service/principal.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/transaction.h"

namespace huikuan::testing {
namespace {

[[noreturn]] void Die(const absl::Status& status, const char* what) {
  std::fprintf(stderr, "ServiceTestEnv: %s: %s\n", what, status.ToString().c_str());
  std::abort();
}

}  // namespace

ServiceTestEnv& ServiceTestEnv::Get() {
  static ServiceTestEnv* env = [] {
    auto* created = new ServiceTestEnv;
    created->Init();
    return created;
  }();
  return *env;
}

void ServiceTestEnv::Init() {
  auto db = TestDatabase::Create("service");
  if (!db.ok()) Die(db.status(), "test database");
  db_ = *std::move(db);

  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db = db_->config();
  options.log_rpcs = false;
  auto server = HuikuanServer::Start(options);
  if (!server.ok()) Die(server.status(), "server");
  server_ = *std::move(server);

  for (const std::string& role : service::AllRoleNames()) {
    if (role == "customer") continue;
    const v1::Department department = service::ParseDepartmentKey(role.substr(0, role.find('_')));
    const std::string level = role.find("_head") != std::string::npos ? "head" : "staff";
    CreateUserWithToken(absl::StrCat("t.", role), std::string(service::DepartmentKey(department)),
                        level, std::nullopt, role);
  }
  // The customer-portal user belongs to a customer owned by the sales_staff user.
  auto portal = store::RunInTransaction<int64_t>(
      db_->pool(), [&](store::ConnectionPool::Lease& lease) -> absl::StatusOr<int64_t> {
        store::CustomerRecord customer;
        customer.display_name = "Portal Customer Co";
        customer.owner_user_id = user_ids_.at("sales_staff");
        customer.create_time = customer.update_time = absl::Now();
        return store::InsertCustomer(lease, customer).id;
      });
  if (!portal.ok()) Die(portal.status(), "portal customer");
  portal_customer_id_ = *portal;
  CreateUserWithToken("t.customer", "customer", "staff", portal_customer_id_, "customer");
  CreateUserWithToken("t.other.sales", "sales", "staff", std::nullopt, kOtherSales);

  channel_ = grpc::CreateChannel(server_->target(), grpc::InsecureChannelCredentials());
  identity_ = v1::IdentityService::NewStub(channel_);
  customers_ = v1::CustomerService::NewStub(channel_);
  audit_ = v1::AuditService::NewStub(channel_);
}

int64_t ServiceTestEnv::CreateUserWithToken(const std::string& username,
                                            const std::string& department, const std::string& level,
                                            std::optional<int64_t> customer_id,
                                            const std::string& token_key) {
  auto issued = store::RunInTransaction<std::pair<int64_t, std::string>>(
      db_->pool(),
      [&](store::ConnectionPool::Lease& lease) -> absl::StatusOr<std::pair<int64_t, std::string>> {
        store::UserRecord user;
        user.username = username;
        user.display_name = username;
        user.department = department;
        user.level = level;
        user.customer_id = customer_id;
        user.create_time = absl::Now();
        user = store::InsertUser(lease, user);
        std::string secret;
        absl::Status issued =
            ops::RunWrite(lease, ops::Caller::System("test-setup"), "test setup", "", absl::Now(),
                          [&](ops::WriteScope& write) -> absl::Status {
                            absl::StatusOr<ops::IssuedToken> token =
                                ops::IssueToken(write, user.id, absl::Hours(1), "test");
                            if (!token.ok()) return token.status();
                            secret = token->secret;
                            return absl::OkStatus();
                          });
        if (!issued.ok()) return issued;
        return std::make_pair(user.id, secret);
      });
  if (!issued.ok()) Die(issued.status(), "create user");
  user_ids_[token_key] = issued->first;
  tokens_[token_key] = issued->second;
  return issued->first;
}

void ServiceTestEnv::Authorize(grpc::ClientContext& context, const std::string& role) const {
  context.AddMetadata("authorization", absl::StrCat("Bearer ", tokens_.at(role)));
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

std::string ServiceTestEnv::user_name(const std::string& role) const {
  return absl::StrCat("users/", user_ids_.at(role));
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field());
      }
    }
  }
  return fields;
}

std::string NewRequestId() {
  static std::atomic<int> counter{0};
  return absl::StrCat("test-", absl::ToUnixMicros(absl::Now()), "-", counter++);
}

v1::TermPolicyRules StandardTermRules() {
  v1::TermPolicyRules rules;
  rules.set_volume_threshold_fen(100'000'000);
  rules.set_volume_early_payment_bonus_days(15);
  rules.set_max_term_days(60);
  const char* tiers[] = {"strategic_core", "key_partner", "general", "potential"};
  const char* rebates[] = {"quarterly", "monthly", "cash_discount", "none"};
  const int days[] = {60, 45, 30, 0};
  for (int i = 0; i < 4; ++i) {
    v1::TierTermRow* row = rules.add_tier_terms();
    row->set_tier(tiers[i]);
    row->set_base_term_days(days[i]);
    row->set_prepayment_bp(i == 3 ? 3000 : 0);
    row->set_rebate(rebates[i]);
  }
  return rules;
}

absl::StatusOr<int64_t> InsertTestInvoice(store::ConnectionPool::Lease& db, int64_t customer_id,
                                          int64_t amount, core::EpochDay invoice_day,
                                          int32_t credit_days, absl::string_view prefix) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  std::vector<store::InvoiceRecord> invoices(1);
  store::InvoiceRecord& invoice = invoices[0];
  invoice.customer_id = customer_id;
  invoice.order_number = absl::StrCat(prefix, "-", n);
  invoice.invoice_number = absl::StrCat("INV-", prefix, "-", n);
  invoice.amount = amount;
  invoice.balance = {core::InvoiceStatus::kOpen, amount, 0};
  invoice.invoice_day = invoice_day;
  invoice.due_day = invoice_day + credit_days;
  invoice.credit_days = credit_days;
  invoice.create_time = invoice.update_time = absl::Now();
  absl::Status inserted = store::InsertInvoices(db, invoices);
  if (!inserted.ok()) return inserted;
  return invoice.id;
}

}  // namespace huikuan::testing
