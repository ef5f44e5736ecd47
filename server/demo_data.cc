#include "server/demo_data.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "server/core/civil_date.h"
#include "server/core/enum_names.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/demo/arrangements_loader.h"
#include "server/demo/compliance_loader.h"
#include "server/demo/demo_history.h"
#include "server/demo/history_loader.h"
#include "server/demo/relationship_loader.h"
#include "server/demo/pledges_loader.h"
#include "server/demo/paying_loader.h"
#include "server/ops/audit_images.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/ops/identity.h"
#include "server/ops/password_hash.h"
#include "server/ops/scopes.h"
#include "server/ops/token_secret.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
#include "server/store/json_layouts.h"
#include "server/store/ledger_store.h"
#include "server/store/password_store.h"
#include "server/store/term_policy_store.h"
#include "server/store/transaction.h"

namespace huikuan {
namespace {

constexpr char kSeedMethod[] = "huikuan-server seed-demo";
constexpr char kAdminMethod[] = "huikuan-server token";

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* department;
  const char* level;
  const char* email;  // the demo company's addresses (example.com: never delivered)
};

// One user per role first (these get the demo tokens), then more sales staff to own customers.
constexpr DemoUser kDemoUsers[] = {
    {"admin", "系统管理员", "admin", "staff", ""},
    {"sales01", "销售 王磊", "sales", "staff", "sales01@huikuan-demo.example.com"},
    {"sales.head", "销售总监 李娜", "sales", "head", "sales.head@huikuan-demo.example.com"},
    {"finance01", "财务 张敏", "finance", "staff", "finance01@huikuan-demo.example.com"},
    {"finance.head", "财务总监 刘洋", "finance", "head", "finance.head@huikuan-demo.example.com"},
    {"legal01", "法务 陈静", "legal", "staff", "legal01@huikuan-demo.example.com"},
    {"legal.head", "法务总监 杨帆", "legal", "head", "legal.head@huikuan-demo.example.com"},
    {"invest01", "招商 赵强", "investment", "staff", "invest01@huikuan-demo.example.com"},
    {"invest.head", "招商总监 黄蕾", "investment", "head", "invest.head@huikuan-demo.example.com"},
    {"mgmt01", "总经办 周婷", "management", "staff", "mgmt01@huikuan-demo.example.com"},
    {"gm", "总经理 吴刚", "management", "head", "gm@huikuan-demo.example.com"},
    {"sales02", "销售 孙浩", "sales", "staff", "sales02@huikuan-demo.example.com"},
    {"sales03", "销售 郑丽", "sales", "staff", "sales03@huikuan-demo.example.com"},
    {"sales04", "销售 冯超", "sales", "staff", "sales04@huikuan-demo.example.com"},
    {"sales05", "销售 何佳", "sales", "staff", "sales05@huikuan-demo.example.com"},
    {"sales06", "销售 许伟", "sales", "staff", "sales06@huikuan-demo.example.com"},
};

// The seed acts as the admin user: its trail names the method "huikuan-server seed-demo".
ops::Caller SeedCaller(int64_t admin_id) {
  ops::Caller caller;
  caller.user_id = admin_id;
  caller.username = "admin";
  caller.department = ops::Department::kAdmin;
  return caller;
}

store::UserRecord EnsureUser(store::ConnectionPool::Lease& db, const DemoUser& demo,
                             absl::Time now) {
  if (auto existing = store::FindUserByUsername(db, demo.username)) return *existing;
  store::UserRecord user;
  user.username = demo.username;
  user.display_name = demo.display_name;
  user.email = demo.email;
  user.department = demo.department;
  user.level = demo.level;
  user.create_time = now;
  return store::InsertUser(db, user);
}

// The final credit limits and statuses of the history (the loader ran with no limit), and for
// customers on hold or in litigation the hold's history as PlaceCreditHold would have written it.
absl::Status SetFinalCredit(store::ConnectionPool::Lease& db, const demo::DemoHistory& history,
                            const std::vector<int64_t>& customer_ids, int64_t admin_id,
                            absl::Time now) {
  for (size_t c = 0; c < customer_ids.size(); ++c) {
    const demo::DemoCustomer& customer = history.customers[c];
    std::optional<core::CreditStatus> status = core::ParseCreditStatus(customer.credit_status);
    if (!status) return absl::InternalError("demo customer with an unknown credit status");
    store::SetCustomerCredit(db, customer_ids[c], customer.credit_limit, *status, customer.tier);
    if (*status == core::CreditStatus::kActive) continue;
    store::CreditHoldRecord hold;
    hold.customer_id = customer_ids[c];
    hold.placed = true;
    hold.credit_status = *status;
    hold.reason = customer.hold_reason;
    hold.user_id = admin_id;
    hold.create_time = now;
    store::InsertCreditHold(db, hold);
  }
  return absl::OkStatus();
}

// The demo company's first term policy, in force from the first day of its history: the core's
// default terms and tier matrix (so invoice terms are what they would be without a policy), with
// R-TIER-2 order shares for its many customers instead of the seed's handful (30% / 15% / 5% of
// all orders): strategic core 10 times the average customer's share, key partner twice, general a
// tenth (for 2,000 customers: 0.5%, 0.1%, 0.01%; sizes are skewed, so the median customer has far
// less than the average).
//
// A year ago the company lengthened the general and potential tiers' base terms by 10 days (30 ->
// 40, and 0 -> 10 on what is not prepaid; the strategic core is at the 60-day cap already)
// (version 2, demo_history.h's term change): the history's customers respond to it, and the
// term-policy simulator learns the response from it.
void PublishDemoTermPolicies(ops::WriteScope& write, const demo::DemoHistory& history,
                             int customers) {
  core::TermPolicyRules rules;  // the core's defaults
  const int32_t min_share_bp[] = {std::max(1, 100'000 / customers), std::max(1, 20'000 / customers),
                                  std::max(1, 1'000 / customers)};
  for (int i = 0; i < 3; ++i) rules.min_order_share_bp[i] = std::min(min_share_bp[i], 10'000);
  auto publish = [&](int64_t version, core::EpochDay day, std::string comment) {
    store::TermPolicyRecord policy;
    policy.version = version;
    policy.published_day = policy.effective_day = day;
    policy.rules = rules;
    policy.comment = std::move(comment);
    policy.created_by = write.caller.user_id;
    policy.create_time = write.now;
    store::InsertTermPolicy(write.db, policy);
    write.audit.RecordJson(absl::StrCat("termPolicies/", version), "",
                           store::EncodeTermPolicyRules(rules));
  };
  publish(1, history.first_day,
          absl::StrFormat("演示公司账期政策: %d 家客户的订单占比分层", customers));
  if (!history.term_change_day) return;
  for (int t = 0; t < 4; ++t) {
    if (demo::TermChangeApplies(static_cast<core::Tier>(t))) {
      rules.matrix[t].base_term_days += demo::kTermChangeExtraDays;
    }
  }
  publish(2, *history.term_change_day,
          absl::StrFormat("演示: 一般客户与潜力客户账期各延长 %d 天以争取订单",
                          demo::kTermChangeExtraDays));
}

}  // namespace

absl::StatusOr<DemoDataSummary> LoadDemoDataIfEmpty(store::ConnectionPool& pool,
                                                    const DemoDataOptions& options) {
  return store::RunInTransaction<DemoDataSummary>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<DemoDataSummary> {
        DemoDataSummary summary;
        if (store::CountCustomers(db) > 0) return summary;
        const absl::Time now = absl::Now();
        std::vector<store::UserRecord> users;
        for (const DemoUser& demo : kDemoUsers) users.push_back(EnsureUser(db, demo, now));
        const int64_t admin_id = users.front().id;
        const ops::Caller seed = SeedCaller(admin_id);
        ops::AuditTrail audit(seed, kSeedMethod, "seed-demo", now);
        ops::WriteScope write(db, seed, now, audit);
        for (const auto& user : users) {
          audit.Record(core::FormatResourceName("users", user.id), core::Json(),
                       ops::UserImage(user));
        }
        std::vector<int64_t> sales_staff;
        for (const auto& user : users) {
          if (user.department == "sales" && user.level == "staff") sales_staff.push_back(user.id);
        }
        const core::EpochDay today = options.today.value_or(ops::CompanyDay(now));
        demo::DemoHistoryOptions history_options;
        history_options.seed = options.seed;
        history_options.customers = options.customers;
        history_options.invoices_per_customer = options.invoices_per_customer;
        HK_ASSIGN_OR_RETURN(demo::DemoHistory history,
                            demo::GenerateDemoHistory(history_options, today));
        std::vector<int64_t> customer_ids;
        for (const demo::DemoCustomer& planned : history.customers) {
          store::CustomerRecord customer;
          customer.display_name = planned.display_name;
          customer.industry = planned.industry;
          // Slot 0 is sales01 (the demo sales_staff token); the rest are spread.
          customer.owner_user_id =
              planned.owner_slot == 0
                  ? sales_staff.front()
                  : sales_staff[static_cast<size_t>(planned.owner_slot) % sales_staff.size()];
          // The generator writes the core's names.
          customer.enterprise_size = *core::ParseEnumName<core::EnterpriseSize, 4>(
              planned.enterprise_size, core::EnterpriseSizeName);
          customer.industry_position = *core::ParseEnumName<core::IndustryPosition, 4>(
              planned.industry_position, core::IndustryPositionName);
          HK_ASSIGN_OR_RETURN(customer.founding_day, core::ParseDate(planned.founding_date));
          customer.tax_credit_grade = *core::ParseEnumName<core::TaxCreditGrade, 5>(
              planned.tax_credit_grade, core::TaxCreditGradeName);
          customer.bank_credit_line = planned.bank_credit_line;
          customer.third_party_rating = planned.third_party_rating;
          customer.contact_name = planned.contact_name;
          customer.contact_email = planned.contact_email;
          customer.contact_phone = planned.contact_phone;
          customer.contact_address = planned.contact_address;
          customer.preferred_language = planned.preferred_language;
          customer.create_time = now;
          customer.update_time = now;
          customer = store::InsertCustomer(db, customer);
          customer_ids.push_back(customer.id);
          audit.Record(core::FormatResourceName("customers", customer.id), core::Json(),
                       ops::CustomerImage(customer));
        }
        // A customer-portal user for the first customer.
        store::UserRecord portal;
        portal.username = "customer01";
        portal.display_name = "客户财务 (customers/1 portal)";
        portal.department = "customer";
        portal.level = "staff";
        portal.customer_id = store::ListCustomers(db, {}, 0, 1).front().id;
        portal.create_time = now;
        if (!store::FindUserByUsername(db, portal.username)) {
          portal = store::InsertUser(db, portal);
          audit.Record(core::FormatResourceName("users", portal.id), core::Json(),
                       ops::UserImage(portal));
        }
        PublishDemoTermPolicies(write, history, options.customers);
        HK_ASSIGN_OR_RETURN(demo::HistoryLoadSummary loaded,
                            demo::LoadDemoHistory(write, history, customer_ids));
        HK_RETURN_IF_ERROR(SetFinalCredit(db, history, customer_ids, admin_id, now));
        audit.Flush(db);
        HK_ASSIGN_OR_RETURN(summary.arrangements,
                            demo::LoadDemoArrangements(db, history, customer_ids, now));
        HK_RETURN_IF_ERROR(demo::LoadDemoRelationship(db, history.today, now).status());
        HK_RETURN_IF_ERROR(demo::LoadDemoPledges(db, history, customer_ids, now).status());
        HK_ASSIGN_OR_RETURN(demo::PayingSummary paying,
                            demo::LoadDemoPaying(db, customer_ids, now, today));  // issue 14
        HK_RETURN_IF_ERROR(demo::LoadDemoCompliance(db, customer_ids, now));  // issue 14
        summary.invoices = loaded.invoices;
        summary.payments = loaded.payments + summary.arrangements.payments + paying.payments;
        summary.created = true;
        summary.users = static_cast<int>(users.size()) + 1 + paying.users;
        summary.customers = options.customers;
        return summary;
      });
}

absl::StatusOr<std::map<std::string, std::string>> IssueDemoTokens(store::ConnectionPool& pool) {
  using Tokens = std::map<std::string, std::string>;
  return store::RunInTransaction<Tokens>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<Tokens> {
        Tokens tokens;
        const absl::Time now = absl::Now();
        std::vector<store::UserRecord> users = store::ListUsers(db, 0, 1000, "");
        if (users.empty()) return tokens;
        const ops::Caller seed = SeedCaller(users.front().id);
        ops::AuditTrail audit(seed, kSeedMethod, "seed-demo-tokens", now);
        ops::WriteScope write(db, seed, now, audit);
        for (const auto& user : users) {
          std::optional<ops::Department> department = ops::ParseDepartmentKey(user.department);
          if (!department) continue;
          const std::string role = ops::RoleName(
              *department, ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff));
          if (tokens.contains(role)) continue;
          HK_ASSIGN_OR_RETURN(
              ops::IssuedToken issued,
              ops::IssueToken(write, user.id, absl::Hours(24 * 30), "demo token (make run)"));
          tokens[role] = issued.secret;
        }
        audit.Flush(db);
        return tokens;
      });
}

absl::StatusOr<std::map<std::string, DemoLogin>> SetDemoPasswords(store::ConnectionPool& pool) {
  using Logins = std::map<std::string, DemoLogin>;
  using Users = std::map<std::string, store::UserRecord>;
  // The same user per role as IssueDemoTokens: the first of each role in id order.
  HK_ASSIGN_OR_RETURN(
      Users users,
      store::RunInTransaction<Users>(
          pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<Users> {
            Users first;
            for (auto& user : store::ListUsers(db, 0, 1000, "")) {
              std::optional<ops::Department> department = ops::ParseDepartmentKey(user.department);
              if (!department) continue;
              first.try_emplace(
                  ops::RoleName(*department,
                                ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff)),
                  user);
            }
            return first;
          }));
  if (users.empty()) return Logins();
  // Hashing (~0.1 s each) happens before the transaction that stores the hashes.
  Logins logins;
  std::map<std::string, std::string> hashes;
  for (const auto& [role, user] : users) {
    HK_ASSIGN_OR_RETURN(std::string secret, ops::NewTokenSecret());
    // "demo-" and 12 characters of a 256-bit random secret: easy to type, never guessed.
    std::string password = absl::StrCat("demo-", secret.substr(3, 12));
    HK_ASSIGN_OR_RETURN(hashes[role], ops::HashPassword(password));
    logins[role] = DemoLogin{user.username, std::move(password)};
  }
  HK_RETURN_IF_ERROR(store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) {
    const absl::Time now = absl::Now();
    const ops::Caller seed = SeedCaller(users.begin()->second.id);
    ops::AuditTrail audit(seed, kSeedMethod, "seed-demo-passwords", now);
    for (const auto& [role, user] : users) {
      store::SetPasswordHash(db, user.id, hashes[role], now);
      // The hash is never audited: the event says the password was set.
      audit.Record(core::FormatResourceName("users", user.id), ops::UserImage(user),
                   ops::UserImage(user).Set("password", core::Json::String("set by seed-demo")));
    }
    audit.Flush(db);
    return absl::OkStatus();
  }));
  return logins;
}

absl::StatusOr<std::string> IssueAdminToken(store::ConnectionPool& pool, absl::Duration ttl) {
  return store::RunInTransaction<std::string>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
        const absl::Time now = absl::Now();
        store::UserRecord admin = EnsureUser(db, kDemoUsers[0], now);
        const ops::Caller caller = SeedCaller(admin.id);
        ops::AuditTrail audit(caller, kAdminMethod, absl::StrCat("cli-", absl::ToUnixMicros(now)),
                              now);
        ops::WriteScope write(db, caller, now, audit);
        HK_ASSIGN_OR_RETURN(ops::IssuedToken issued,
                            ops::IssueToken(write, admin.id, ttl, "admin token (CLI)"));
        audit.Flush(db);
        return issued.secret;
      });
}

}  // namespace huikuan
