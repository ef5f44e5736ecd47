#include "server/demo_data.h"

#include <algorithm>
#include <random>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "server/core/civil_date.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/identity_service.h"
#include "server/service/ledger_service.h"
#include "server/service/principal.h"
#include "server/store/audit_store.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"
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

constexpr const char* kCities[] = {"苏州", "无锡", "常州", "宁波", "杭州", "深圳",
                                   "东莞", "佛山", "青岛", "合肥", "成都", "武汉"};
constexpr const char* kWords[] = {"华", "恒", "鑫", "达", "盛", "泰", "宏", "远",
                                  "嘉", "博", "瑞", "丰", "永", "信", "源", "通"};
constexpr const char* kIndustries[] = {"机械制造", "电子元件", "化工", "纺织服装",   "物流",
                                       "建材",     "食品",     "医药", "汽车零部件", "电商"};

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

// The demo ledger: for every customer a tier and credit limit, 3-8 invoices over the last ~6
// months (through the same code as CreateInvoices, so terms and the new-customer ladder are real)
// and payments through the same code as RecordPayment. Customers behave in three ways: 70% pay
// on time, 20% late (5-60 days after due), 10% badly (a third of their invoices paid very late,
// the rest left open; some of these end on credit hold or in litigation). Dates are relative to
// today (Asia/Shanghai), so overdue lists and aging look current; the same seed gives the same
// ledger relative to the day it is loaded.
absl::Status LoadDemoLedger(store::ConnectionPool::Lease& db, const std::vector<int64_t>& customers,
                            int64_t admin_id, std::mt19937_64& rng, absl::Time now) {
  auto pick = [&](size_t n) { return static_cast<int64_t>(rng() % n); };
  service::Principal admin;
  admin.user_id = admin_id;
  admin.department = v1::DEPARTMENT_ADMIN;
  admin.level = v1::LEVEL_STAFF;
  HK_ASSIGN_OR_RETURN(core::EpochDay today,
                      core::ToEpochDay(absl::ToCivilDay(now, absl::FixedTimeZone(8 * 3600))));
  constexpr const char* kTiers[] = {"strategic_core", "key_partner", "general", "potential"};
  constexpr core::Fen kLimitYuan[] = {5'000'000, 2'000'000, 800'000, 200'000};
  struct Profile {
    int tier = 2;
    int behaviour = 0;  // 0 on time, 1 late, 2 bad
  };
  std::vector<Profile> profiles(customers.size());
  std::vector<v1::Invoice> invoices;
  for (size_t c = 0; c < customers.size(); ++c) {
    const int64_t r = pick(100);
    profiles[c].tier = r < 10 ? 0 : r < 35 ? 1 : r < 85 ? 2 : 3;
    const int64_t b = pick(100);
    profiles[c].behaviour = b < 70 ? 0 : b < 90 ? 1 : 2;
    // No limit while loading: the history is what it is; the real limits are set afterwards.
    store::SetCustomerCredit(db, customers[c], core::kMaxAbsFen, "active",
                             kTiers[profiles[c].tier]);
    const int count = 3 + static_cast<int>(pick(6));
    core::EpochDay day = today - 180 + static_cast<core::EpochDay>(pick(30));
    for (int i = 0; i < count && day <= today; ++i) {
      v1::Invoice invoice;
      invoice.set_customer(core::FormatResourceName("customers", customers[c]));
      invoice.set_order_number(absl::StrFormat("SO-%05d-%02d", customers[c], i + 1));
      invoice.set_amount_fen((5'000 + pick(60) * 5'000) * core::kFenPerYuan + pick(100));
      invoice.set_invoice_date(core::FormatDate(day));
      invoices.push_back(std::move(invoice));
      day += 10 + static_cast<core::EpochDay>(pick(26));
    }
  }
  std::vector<const v1::Invoice*> inputs;
  for (const auto& invoice : invoices) inputs.push_back(&invoice);
  HK_ASSIGN_OR_RETURN(std::vector<v1::Invoice> created,
                      service::CreateInvoicesInTransaction(db, admin, now, inputs));
  store::AppendAuditEvent(db,
                          SeedAudit(admin_id, "invoices:batchCreate",
                                    absl::StrFormat(R"({"invoices":%d})", created.size()), now));

  // One payment per invoice the customer has paid by today, in date order.
  struct PlannedPayment {
    core::EpochDay day;
    size_t row;
    core::Fen amount;
    bool with_reference;
  };
  std::vector<PlannedPayment> planned;
  absl::flat_hash_map<int64_t, size_t> customer_index;
  for (size_t c = 0; c < customers.size(); ++c) customer_index[customers[c]] = c;
  for (size_t row = 0; row < created.size(); ++row) {
    const v1::Invoice& invoice = created[row];
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        core::ParseResourceId("customers", invoice.customer()));
    const Profile& profile = profiles[customer_index.at(customer_id)];
    HK_ASSIGN_OR_RETURN(core::EpochDay due, core::ParseDate(invoice.due_date()));
    core::EpochDay pay_day = due - static_cast<core::EpochDay>(pick(6));
    if (profile.behaviour == 1) pay_day = due + 5 + static_cast<core::EpochDay>(pick(56));
    if (profile.behaviour == 2) {
      if (pick(3) != 0) continue;  // left open
      pay_day = due + 30 + static_cast<core::EpochDay>(pick(90));
    }
    HK_ASSIGN_OR_RETURN(core::EpochDay invoice_day, core::ParseDate(invoice.invoice_date()));
    pay_day = std::max(pay_day, invoice_day);
    if (pay_day > today) continue;
    core::Fen amount = invoice.amount_fen();
    if (pick(100) < 3) amount += pick(50'000) + 1;  // an overpayment: stays unapplied
    planned.push_back({pay_day, row, amount, pick(100) < 95});
  }
  std::stable_sort(planned.begin(), planned.end(),
                   [](const PlannedPayment& a, const PlannedPayment& b) { return a.day < b.day; });
  for (const PlannedPayment& plan : planned) {
    const v1::Invoice& invoice = created[plan.row];
    v1::Payment payment;
    payment.set_customer(invoice.customer());
    payment.set_amount_fen(plan.amount);
    payment.set_reference(plan.with_reference ? absl::StrCat("货款 ", invoice.invoice_number())
                                              : std::string("货款"));
    payment.set_received_date(core::FormatDate(plan.day));
    HK_ASSIGN_OR_RETURN(service::RecordedPayment recorded,
                        service::RecordPaymentInTransaction(db, admin, now, payment));
    store::AppendAuditEvent(db,
                            SeedAudit(admin_id, recorded.payment.name(),
                                      absl::StrFormat(R"({"amount_fen":%d})", plan.amount), now));
  }

  // The real limits and statuses; a few bad payers are on hold or in litigation.
  for (size_t c = 0; c < customers.size(); ++c) {
    std::string status = "active";
    if (profiles[c].behaviour == 2) {
      const int64_t r = pick(100);
      status = r < 30 ? "on_hold" : r < 40 ? "in_litigation" : "active";
    }
    store::SetCustomerCredit(db, customers[c], kLimitYuan[profiles[c].tier] * core::kFenPerYuan,
                             status, kTiers[profiles[c].tier]);
    if (status != "active") {
      // The hold's history, as PlaceCreditHold would have written it.
      store::CreditHoldRecord hold;
      hold.customer_id = customers[c];
      hold.action = "place";
      hold.credit_status = status;
      hold.reason = status == "on_hold" ? "demo: red warning, invoices long overdue"
                                        : "demo: lawsuit filed for long overdue invoices";
      hold.user_id = admin_id;
      hold.create_time = now;
      store::InsertCreditHold(db, hold);
    }
  }
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
        // Raw engine output only: std::*_distribution differs between standard libraries.
        std::mt19937_64 rng(options.seed);
        auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
        std::vector<int64_t> customer_ids;
        for (int i = 0; i < options.customers; ++i) {
          store::CustomerRecord customer;
          const char* industry = kIndustries[pick(std::size(kIndustries))];
          customer.display_name =
              absl::StrCat(kCities[pick(std::size(kCities))], kWords[pick(std::size(kWords))],
                           kWords[pick(std::size(kWords))], industry, "有限公司 #", i + 1);
          customer.industry = industry;
          // sales01 (the demo sales_staff token) owns every 5th customer; the rest are spread.
          customer.owner_user_id =
              i % 5 == 0 ? sales_staff.front() : sales_staff[pick(sales_staff.size())];
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
        HK_RETURN_IF_ERROR(LoadDemoLedger(db, customer_ids, admin_id, rng, now));
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
