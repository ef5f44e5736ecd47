#include "server/demo_data.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "huikuan/v1/term_policy_service.pb.h"
#include "server/core/civil_date.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/demo/demo_history.h"
#include "server/demo/history_loader.h"
#include "server/service/identity_service.h"
#include "server/service/password_hash.h"
#include "server/service/principal.h"
#include "server/service/token_secret.h"
#include "server/store/audit_store.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
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
};

// One user per role first (these get the demo tokens), then more sales staff to own customers.
constexpr DemoUser kDemoUsers[] = {
    {"admin", "系统管理员", "admin", "staff"},
    {"sales01", "销售 王磊", "sales", "staff"},
    {"sales.head", "销售总监 李娜", "sales", "head"},
    {"finance01", "财务 张敏", "finance", "staff"},
    {"finance.head", "财务总监 刘洋", "finance", "head"},
    {"legal01", "法务 陈静", "legal", "staff"},
    {"legal.head", "法务总监 杨帆", "legal", "head"},
    {"invest01", "招商 赵强", "investment", "staff"},
    {"invest.head", "招商总监 黄蕾", "investment", "head"},
    {"mgmt01", "总经办 周婷", "management", "staff"},
    {"gm", "总经理 吴刚", "management", "head"},
    {"sales02", "销售 孙浩", "sales", "staff"},
    {"sales03", "销售 郑丽", "sales", "staff"},
    {"sales04", "销售 冯超", "sales", "staff"},
    {"sales05", "销售 何佳", "sales", "staff"},
    {"sales06", "销售 许伟", "sales", "staff"},
};

store::AuditRecord SeedAudit(int64_t actor, absl::string_view resource, std::string after_json,
                             absl::Time now) {
  store::AuditRecord event;
  event.event_time = now;
  event.actor_user_id = actor;
  event.actor_role = "admin";
  event.method = kSeedMethod;
  event.resource = std::string(resource);
  event.request_id = "seed-demo";
  event.after_json = std::move(after_json);
  return event;
}

store::UserRecord EnsureUser(store::ConnectionPool::Lease& db, const DemoUser& demo,
                             absl::Time now) {
  if (auto existing = store::FindUserByUsername(db, demo.username)) return *existing;
  store::UserRecord user;
  user.username = demo.username;
  user.display_name = demo.display_name;
  user.department = demo.department;
  user.level = demo.level;
  user.create_time = now;
  return store::InsertUser(db, user);
}

// The final credit limits and statuses of the history (the loader ran with no limit), and for
// customers on hold or in litigation the hold's history as PlaceCreditHold would have written it.
void SetFinalCredit(store::ConnectionPool::Lease& db, const demo::DemoHistory& history,
                    const std::vector<int64_t>& customer_ids, int64_t admin_id, absl::Time now) {
  for (size_t c = 0; c < customer_ids.size(); ++c) {
    const demo::DemoCustomer& customer = history.customers[c];
    store::SetCustomerCredit(db, customer_ids[c], customer.credit_limit, customer.credit_status,
                             std::string(core::TierName(customer.tier)));
    if (customer.credit_status == "active") continue;
    store::CreditHoldRecord hold;
    hold.customer_id = customer_ids[c];
    hold.action = "place";
    hold.credit_status = customer.credit_status;
    hold.reason = customer.hold_reason;
    hold.user_id = admin_id;
    hold.create_time = now;
    store::InsertCreditHold(db, hold);
  }
}

// The demo company's first term policy, in force from the first day of its history: the core's
// default terms and tier matrix (so invoice terms are what they would be without a policy), with
// R-TIER-2 order shares for its many customers instead of the seed's handful (30% / 15% / 5% of
// all orders): strategic core 10 times the average customer's share, key partner twice, general a
// tenth (for 2,000 customers: 0.5%, 0.1%, 0.01%; sizes are skewed, so the median customer has far
// less than the average).
absl::Status PublishDemoTermPolicy(store::ConnectionPool::Lease& db, core::EpochDay first_day,
                                   int customers, int64_t admin_id, absl::Time now) {
  const core::TermsPolicy terms;
  const core::TieringConfig tiering;
  v1::TermPolicyRules rules;
  rules.set_volume_threshold_fen(terms.volume_threshold);
  rules.set_volume_early_payment_bonus_days(terms.volume_early_payment_bonus_days);
  rules.set_joint_promotion_bonus_days(terms.joint_promotion_bonus_days);
  rules.set_max_term_days(terms.max_term_days);
  rules.set_new_customer_ladder(terms.new_customer_ladder);
  for (const core::LadderStep& step : terms.ladder) {
    v1::TermLadderStep* out = rules.add_ladder();
    out->set_prepayment_bp(static_cast<int32_t>(step.prepayment_bp));
    out->set_term_days(step.term_days);
  }
  const int32_t min_share_bp[] = {std::max(1, 100'000 / customers), std::max(1, 20'000 / customers),
                                  std::max(1, 1'000 / customers)};
  for (int i = 0; i < 4; ++i) {
    const core::TierTerms& row = tiering.terms[i];
    v1::TierTermRow* out = rules.add_tier_terms();
    out->set_tier(std::string(core::TierName(static_cast<core::Tier>(i))));
    out->set_base_term_days(row.base_term_days);
    out->set_prepayment_bp(static_cast<int32_t>(row.prepayment_bp));
    out->set_rebate(std::string(core::RebateName(row.rebate)));
    if (i < 3) out->set_min_order_share_bp(std::min(min_share_bp[i], 10'000));
  }
  store::TermPolicyRecord policy;
  policy.version = 1;
  policy.published_date = policy.effective_date = core::FormatDate(first_day);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(rules, &policy.rules_json, options).ok()) {
    return absl::InternalError("cannot encode the demo term policy");
  }
  policy.comment = absl::StrFormat("演示公司账期政策: %d 家客户的订单占比分层", customers);
  policy.created_by = admin_id;
  policy.create_time = now;
  store::InsertTermPolicy(db, policy);
  store::AppendAuditEvent(db, SeedAudit(admin_id, "termPolicies/1", policy.rules_json, now));
  return absl::OkStatus();
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
        for (const auto& user : users) {
          store::AppendAuditEvent(
              db, SeedAudit(admin_id, core::FormatResourceName("users", user.id),
                            absl::StrFormat(R"({"username":"%s"})", user.username), now));
        }
        std::vector<int64_t> sales_staff;
        for (const auto& user : users) {
          if (user.department == "sales" && user.level == "staff") sales_staff.push_back(user.id);
        }
        HK_ASSIGN_OR_RETURN(core::EpochDay today,
                            core::ToEpochDay(absl::ToCivilDay(now, absl::FixedTimeZone(8 * 3600))));
        if (options.today) today = *options.today;
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
          customer.enterprise_size = planned.enterprise_size;
          customer.industry_position = planned.industry_position;
          customer.founding_date = planned.founding_date;
          customer.tax_credit_grade = planned.tax_credit_grade;
          customer.bank_credit_line_fen = planned.bank_credit_line;
          customer.third_party_rating = planned.third_party_rating;
          customer.create_time = now;
          customer.update_time = now;
          customer = store::InsertCustomer(db, customer);
          customer_ids.push_back(customer.id);
          store::AppendAuditEvent(
              db,
              SeedAudit(admin_id, core::FormatResourceName("customers", customer.id),
                        absl::StrFormat(R"({"display_name":"%s"})", customer.display_name), now));
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
          store::AppendAuditEvent(db,
                                  SeedAudit(admin_id, core::FormatResourceName("users", portal.id),
                                            R"({"username":"customer01"})", now));
        }
        HK_RETURN_IF_ERROR(
            PublishDemoTermPolicy(db, history.first_day, options.customers, admin_id, now));
        service::Principal admin;
        admin.user_id = admin_id;
        admin.department = v1::DEPARTMENT_ADMIN;
        admin.level = v1::LEVEL_STAFF;
        HK_ASSIGN_OR_RETURN(
            demo::HistoryLoadSummary loaded,
            demo::LoadDemoHistory(db, history, customer_ids, admin, now,
                                  [&](absl::string_view resource, std::string after_json) {
                                    store::AppendAuditEvent(
                                        db,
                                        SeedAudit(admin_id, resource, std::move(after_json), now));
                                  }));
        SetFinalCredit(db, history, customer_ids, admin_id, now);
        summary.invoices = loaded.invoices;
        summary.payments = loaded.payments;
        summary.created = true;
        summary.users = static_cast<int>(users.size()) + 1;
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
        for (const auto& user : users) {
          const std::string role = service::RoleName(service::ParseDepartmentKey(user.department),
                                                     service::ParseLevelKey(user.level));
          if (tokens.contains(role)) continue;
          HK_ASSIGN_OR_RETURN(service::IssuedToken issued,
                              service::IssueTokenFor(db, user.id, absl::Hours(24 * 30),
                                                     "demo token (make run)", now));
          store::AppendAuditEvent(
              db, SeedAudit(user.id, core::FormatResourceName("tokens", issued.token.id),
                            absl::StrFormat(R"({"user":"users/%d"})", user.id), now));
          tokens[role] = issued.secret;
        }
        return tokens;
      });
}

absl::StatusOr<std::map<std::string, DemoLogin>> SetDemoPasswords(store::ConnectionPool& pool) {
  using Logins = std::map<std::string, DemoLogin>;
  using Users = std::map<std::string, store::UserRecord>;
  // The same user per role as IssueDemoTokens: the first of each role in id order.
  HK_ASSIGN_OR_RETURN(Users users,
                      store::RunInTransaction<Users>(
                          pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<Users> {
                            Users first;
                            for (auto& user : store::ListUsers(db, 0, 1000, "")) {
                              first.try_emplace(
                                  service::RoleName(service::ParseDepartmentKey(user.department),
                                                    service::ParseLevelKey(user.level)),
                                  user);
                            }
                            return first;
                          }));
  // Hashing (~0.1 s each) happens before the transaction that stores the hashes.
  Logins logins;
  std::map<std::string, std::string> hashes;
  for (const auto& [role, user] : users) {
    HK_ASSIGN_OR_RETURN(std::string secret, service::NewTokenSecret());
    // "demo-" and 12 characters of a 256-bit random secret: easy to type, never guessed.
    std::string password = absl::StrCat("demo-", secret.substr(3, 12));
    HK_ASSIGN_OR_RETURN(hashes[role], service::HashPassword(password));
    logins[role] = DemoLogin{user.username, std::move(password)};
  }
  HK_RETURN_IF_ERROR(store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) {
    const absl::Time now = absl::Now();
    for (const auto& [role, user] : users) {
      store::SetPasswordHash(db, user.id, hashes[role], now);
      store::AppendAuditEvent(db, SeedAudit(user.id, core::FormatResourceName("users", user.id),
                                            R"({"password":"set by seed-demo"})", now));
    }
    return absl::OkStatus();
  }));
  return logins;
}

absl::StatusOr<std::string> IssueAdminToken(store::ConnectionPool& pool, absl::Duration ttl) {
  return store::RunInTransaction<std::string>(
      pool, [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
        const absl::Time now = absl::Now();
        store::UserRecord admin = EnsureUser(db, kDemoUsers[0], now);
        HK_ASSIGN_OR_RETURN(service::IssuedToken issued,
                            service::IssueTokenFor(db, admin.id, ttl, "admin token (CLI)", now));
        store::AuditRecord event =
            SeedAudit(admin.id, core::FormatResourceName("tokens", issued.token.id),
                      absl::StrFormat(R"({"user":"users/%d"})", admin.id), now);
        event.method = kAdminMethod;
        event.request_id = absl::StrCat("cli-", absl::ToUnixMicros(now));
        store::AppendAuditEvent(db, event);
        return issued.secret;
      });
}

}  // namespace huikuan
