// The relationship cadence and joint promotions (issue 14; seed 000 客户关系维护, 账期政策设计)
// through a real channel against the test MariaDB: cadence settings read, changed (heads only,
// validated, etag, idempotent, audited); the `cadence` job's items on their days (the monthly
// message with the month's statement for the salesperson, the quarterly review and the annual
// strategy meeting for management and the sales head), nothing on other days and nothing twice;
// the prepared message sent through the outbox; promotions recorded, decided once by a sales
// head, and an approved promotion of month M giving invoices of month M+1 R-TERM-1's +10 days
// (not a rejected one, not in the same month). Its own database: the items it counts are its own.
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "huikuan/v1/job_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/relationship_service.grpc.pb.h"
#include "huikuan/v1/term_policy_service.grpc.pb.h"
#include "huikuan/v1/worklist_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/jobs/cadence_job.h"
#include "server/mail/mail_transport.h"
#include "server/mail/outbox_sender.h"
#include "server/ops/cadence.h"
#include "server/ops/clock.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

core::EpochDay D(const std::string& date) { return core::ParseDate(date).value(); }

// Accepts every message and keeps it, in place of an SMTP server.
class KeptMail : public mail::MailTransport {
 public:
  mail::MailDelivery Send(const mail::MailMessage& message) override {
    sent.push_back(message);
    return {core::DeliveryResult::kDelivered, "250 ok"};
  }
  std::vector<mail::MailMessage> sent;
};

class RelationshipTest : public ::testing::Test {
 protected:
  RelationshipTest()
      : env_(ServiceTestEnv::Get()),
        relationship_(v1::RelationshipService::NewStub(env_.channel())),
        jobs_(v1::JobService::NewStub(env_.channel())),
        ledger_(v1::LedgerService::NewStub(env_.channel())),
        terms_(v1::TermPolicyService::NewStub(env_.channel())),
        worklist_(v1::WorklistService::NewStub(env_.channel())) {}

  void Exec(const std::string& sql) {
    absl::Status status =
        store::RunInTransaction(env_.pool(), [&](store::ConnectionPool::Lease& db) {
          db.Prepare(sql).executeUpdate();
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  int64_t Customer(const std::string& tier, const std::string& email = "") {
    const int64_t id = NewCustomer(env_, absl::StrCat("Relationship ", tier));
    Exec(absl::StrCat("UPDATE customers SET tier = '", tier, "', contact_email = '", email,
                      "', contact_name = '王总', credit_limit_fen = 100000000000 WHERE id = ", id));
    return id;
  }

  grpc::Status Settings(const std::string& role, v1::GetCadenceSettingsResponse* response) {
    grpc::ClientContext context;
    env_.Authorize(context, role);
    return relationship_->GetCadenceSettings(&context, {}, response);
  }

  grpc::Status Update(const std::string& role, const v1::UpdateCadenceSettingsRequest& request,
                      v1::UpdateCadenceSettingsResponse* response) {
    grpc::ClientContext context;
    env_.Authorize(context, role);
    return relationship_->UpdateCadenceSettings(&context, request, response);
  }

  // The cadence of every tier as stored now, to change one field of.
  v1::UpdateCadenceSettingsRequest CurrentAsUpdate() {
    v1::GetCadenceSettingsResponse current;
    EXPECT_TRUE(Settings("sales_head", &current).ok());
    v1::UpdateCadenceSettingsRequest request;
    request.set_request_id(NewRequestId());
    *request.mutable_tiers() = current.settings().tiers();
    request.set_etag(current.settings().etag());
    return request;
  }

  // JobService.RunJob("cadence", day) as an admin; returns the run's created count.
  int64_t RunCadence(const std::string& day) {
    grpc::ClientContext context;
    env_.Authorize(context, "admin");
    v1::RunJobRequest request;
    request.set_request_id(NewRequestId());
    request.set_job("cadence");
    request.set_as_of_date(day);
    v1::RunJobResponse response;
    grpc::Status status = jobs_->RunJob(&context, request, &response);
    EXPECT_TRUE(status.ok()) << day << ": " << status.error_message();
    return response.run().created_count();
  }

  // "step department customer" of the relationship items created on `day`, in id order.
  std::vector<std::string> ItemsOn(const std::string& day) {
    std::vector<std::string> items;
    absl::Status status =
        store::RunInTransaction(env_.pool(), [&](store::ConnectionPool::Lease& db) {
          auto& select = db.Prepare(
              "SELECT step, department, customer_id FROM work_items WHERE kind = 'relationship' "
              "AND source_key LIKE ? ORDER BY id");
          store::Params(select).String(absl::StrCat("cadence:%:", day));
          auto rows = store::Query(select);
          while (rows->next()) {
            items.push_back(absl::StrCat(std::string(rows->getString(1)), " ",
                                         std::string(rows->getString(2)), " ", rows->getInt64(3)));
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return items;
  }

  std::string Text(const std::string& sql) {
    std::string text;
    absl::Status status =
        store::RunInTransaction(env_.pool(), [&](store::ConnectionPool::Lease& db) {
          auto rows = store::Query(db.Prepare(sql));
          if (rows->next()) text = std::string(rows->getString(1));
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return text;
  }

  ServiceTestEnv& env_;
  std::unique_ptr<v1::RelationshipService::Stub> relationship_;
  std::unique_ptr<v1::JobService::Stub> jobs_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::TermPolicyService::Stub> terms_;
  std::unique_ptr<v1::WorklistService::Stub> worklist_;
};

TEST_F(RelationshipTest, CadenceSettingsHeadsChangeThemValidatedIdempotentAudited) {
  v1::GetCadenceSettingsResponse defaults;
  ASSERT_TRUE(Settings("finance_staff", &defaults).ok());
  ASSERT_EQ(defaults.settings().tiers_size(), 4);
  EXPECT_EQ(defaults.settings().tiers(0).tier(), "strategic_core");
  EXPECT_EQ(defaults.settings().tiers(0).monthly_day(), 3);
  EXPECT_EQ(defaults.settings().tiers(0).annual_month(), 1);
  EXPECT_EQ(defaults.settings().tiers(2).quarterly_month(), 0);

  v1::GetCadenceSettingsResponse refused;
  EXPECT_EQ(Settings("customer", &refused).error_code(), StatusCode::PERMISSION_DENIED);
  v1::UpdateCadenceSettingsRequest request = CurrentAsUpdate();
  v1::UpdateCadenceSettingsResponse response;
  for (const char* role : {"sales_staff", "finance_head", "investment_head", "customer"}) {
    EXPECT_EQ(Update(role, request, &response).error_code(), StatusCode::PERMISSION_DENIED) << role;
  }

  v1::UpdateCadenceSettingsRequest bad = request;
  bad.mutable_tiers(0)->set_monthly_day(32);
  bad.mutable_tiers(1)->set_quarterly_month(4);
  grpc::Status status = Update("sales_head", bad, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"tiers[0].monthly_day", "tiers[1].quarterly_month"}));
  v1::UpdateCadenceSettingsRequest missing = request;
  missing.mutable_tiers()->RemoveLast();
  EXPECT_EQ(ViolatedFields(Update("sales_head", missing, &response)),
            std::vector<std::string>{"tiers"});

  request.mutable_tiers(2)->set_monthly_day(31);
  request.mutable_tiers(2)->set_upcoming_note("下月我们计划推出新品,欢迎您参与品鉴会。");
  ASSERT_TRUE(Update("management_head", request, &response).ok());
  const std::string etag = response.settings().etag();
  EXPECT_NE(etag, defaults.settings().etag());
  EXPECT_EQ(response.settings().tiers(2).monthly_day(), 31);
  EXPECT_EQ(response.settings().updated_by(), env_.user_name("management_head"));
  // The same request id again: the first answer, no new version.
  v1::UpdateCadenceSettingsResponse again;
  ASSERT_TRUE(Update("management_head", request, &again).ok());
  EXPECT_EQ(again.settings().etag(), etag);
  // A stale etag is ABORTED.
  request.set_request_id(NewRequestId());
  EXPECT_EQ(Update("sales_head", request, &again).error_code(), StatusCode::ABORTED);
  EXPECT_EQ(QueryInt(env_, "SELECT COUNT(*) FROM audit_events WHERE resource = 'cadenceSettings'"),
            1);
}

// Seed 000's three levels on their days: 2025-01-03 the monthly messages (strategic core and key
// partner; general moved to the month's last day), 2025-01-10 the quarterly reviews (strategic
// and key, management and sales), 2025-01-15 the strategy meeting (strategic only); nothing on
// the other days, and a day run again creates nothing.
TEST_F(RelationshipTest, CadenceItemsOnTheirDaysOnlyAndOnce) {
  v1::UpdateCadenceSettingsRequest request = CurrentAsUpdate();
  for (int i = 0; i < 4; ++i) {
    v1::TierCadence* tier = request.mutable_tiers(i);
    tier->set_monthly_day(i == 2 ? 31 : (i == 3 ? 0 : 3));
    tier->set_quarterly_month(i < 2 ? 1 : 0);
    tier->set_quarterly_day(10);
    tier->set_annual_month(i == 0 ? 1 : 0);
    tier->set_annual_day(15);
  }
  request.mutable_tiers(0)->set_upcoming_note("下月我们计划推出新品,欢迎您参与品鉴会。");
  request.set_etag("");
  v1::UpdateCadenceSettingsResponse updated;
  ASSERT_TRUE(Update("sales_head", request, &updated).ok());

  const int64_t strategic = Customer("strategic_core", "ap@strategic.example.cn");
  const int64_t key = Customer("key_partner");
  const int64_t general = Customer("general");
  const int64_t potential = Customer("potential");
  // December 2024's purchases, the fourth quarter's volume and a quarter before it.
  const int64_t december =
      NewInvoice(env_, strategic, 12'345'600, D("2024-12-05"), D("2025-02-03"));
  NewInvoice(env_, strategic, 5'000'000, D("2024-08-01"), D("2024-09-30"));
  NewInvoice(env_, key, 3'000'000, D("2024-12-20"), D("2025-02-03"));
  NewInvoice(env_, general, 1'000'000, D("2024-12-20"), D("2025-01-19"));
  NewInvoice(env_, potential, 1'000'000, D("2024-12-20"), D("2024-12-20"));

  const std::string S = absl::StrCat(strategic), K = absl::StrCat(key), G = absl::StrCat(general);
  EXPECT_EQ(RunCadence("2025-01-02"), 0);
  EXPECT_EQ(RunCadence("2025-01-03"), 2);
  EXPECT_EQ(ItemsOn("2025-01-03"), (std::vector<std::string>{"monthly_reconciliation sales " + S,
                                                             "monthly_reconciliation sales " + K}));
  EXPECT_EQ(RunCadence("2025-01-04"), 0);
  EXPECT_EQ(RunCadence("2025-01-10"), 4);
  EXPECT_EQ(ItemsOn("2025-01-10"),
            (std::vector<std::string>{
                "quarterly_review management " + S, "quarterly_review sales " + S,
                "quarterly_review management " + K, "quarterly_review sales " + K}));
  EXPECT_EQ(RunCadence("2025-01-15"), 2);
  EXPECT_EQ(ItemsOn("2025-01-15"), (std::vector<std::string>{"annual_strategy management " + S,
                                                             "annual_strategy sales " + S}));
  EXPECT_EQ(RunCadence("2025-01-31"), 1);
  EXPECT_EQ(ItemsOn("2025-01-31"), std::vector<std::string>{"monthly_reconciliation sales " + G});
  // February has no 31st: the general tier's message comes on its last day.
  EXPECT_EQ(RunCadence("2025-02-27"), 0);
  EXPECT_EQ(RunCadence("2025-02-28"), 1);
  // The second month of the quarter holds no review.
  EXPECT_EQ(RunCadence("2025-02-10"), 0);

  // The monthly message: the salesperson's, with December's statement and seed 000's summary.
  EXPECT_EQ(Text(absl::StrCat("SELECT assignee_user_id FROM work_items WHERE source_key = "
                              "'cadence:",
                              strategic, ":monthly_reconciliation-sales:2025-01-03'")),
            absl::StrCat(env_.user_id("sales_staff")));
  const std::string body = Text(
      absl::StrCat("SELECT message_body FROM work_items WHERE source_key = 'cadence:", strategic,
                   ":monthly_reconciliation-sales:2025-01-03'"));
  EXPECT_TRUE(absl::StrContains(body, "王总,您好!")) << body;
  EXPECT_TRUE(absl::StrContains(body, "2024年12月贵司采购 1 笔,合计 123,456.00 元")) << body;
  EXPECT_TRUE(absl::StrContains(body,
                                "目前未结账款 173,456.00 元,最近一笔将于2025年2月3日到期,其中 "
                                "50,000.00 元已过到期日。"))
      << body;
  EXPECT_TRUE(absl::StrContains(body, "感谢您一直以来的支持!下月我们计划推出新品")) << body;
  EXPECT_TRUE(absl::StrContains(body, absl::StrCat("INV-CASE-", strategic))) << body;
  EXPECT_EQ(QueryInt(env_, absl::StrCat("SELECT COUNT(*) FROM work_item_invoices wi JOIN "
                                        "work_items w ON w.id = wi.work_item_id WHERE "
                                        "w.step = 'monthly_reconciliation' AND wi.invoice_id = ",
                                        december)),
            1);
  // The review's brief: 2024-Q4 volume against Q3, the balance, DSO, terms, warning level.
  const std::string brief = Text(
      absl::StrCat("SELECT message_body FROM work_items WHERE source_key = 'cadence:", strategic,
                   ":quarterly_review-management:2025-01-10'"));
  EXPECT_TRUE(
      absl::StrContains(brief, "本期(2024-Q4)采购额:123,456.00 元(上期 50,000.00 元,+146.9%)"))
      << brief;
  EXPECT_TRUE(absl::StrContains(brief, "账期:60 天")) << brief;
  EXPECT_TRUE(absl::StrContains(brief, "预警:green")) << brief;
  EXPECT_TRUE(absl::StrContains(brief, "DSO:")) << brief;
  EXPECT_EQ(Text(absl::StrCat("SELECT COALESCE(assignee_user_id, 'queue') FROM work_items WHERE "
                              "source_key = 'cadence:",
                              strategic, ":quarterly_review-management:2025-01-10'")),
            "queue");

  // Replays: RunJob of a day that succeeded creates nothing; the job's day run again directly
  // (another replica, a rerun) finds every item taken.
  const int64_t items =
      QueryInt(env_, "SELECT COUNT(*) FROM work_items WHERE kind = 'relationship'");
  EXPECT_EQ(RunCadence("2025-01-10"), 4);  // the first run's record, unchanged
  jobs::CadenceJob job(ops::CollectionSettings{"华恒机械", "招商银行"});
  for (const char* day : {"2025-01-03", "2025-01-10", "2025-01-15", "2025-01-31"}) {
    absl::StatusOr<jobs::JobOutcome> outcome = RunJobDay(env_, job, D(day));
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_EQ(outcome->created, 0) << day;
    EXPECT_GT(outcome->skipped, 0) << day;
  }
  EXPECT_EQ(QueryInt(env_, "SELECT COUNT(*) FROM work_items WHERE kind = 'relationship'"), items);

  // The items are on the department worklists: the monthly message on the salesperson's own.
  grpc::ClientContext context;
  env_.Authorize(context, "sales_staff");
  v1::ListWorkItemsRequest list;
  list.set_view(v1::ListWorkItemsRequest::VIEW_MINE);
  list.set_kind("relationship");
  list.set_status(v1::WORK_ITEM_STATUS_OPEN);
  v1::ListWorkItemsResponse mine;
  ASSERT_TRUE(worklist_->ListWorkItems(&context, list, &mine).ok());
  int monthly = 0;
  for (const v1::WorkItem& item : mine.work_items()) {
    if (item.step() == "monthly_reconciliation") ++monthly;
    EXPECT_FALSE(item.message_body().empty());
  }
  EXPECT_EQ(monthly, 4);  // strategic and key on 01-03, general on 01-31 and 02-28
  grpc::ClientContext management;
  env_.Authorize(management, "management_head");
  list.set_view(v1::ListWorkItemsRequest::VIEW_DEPARTMENT);
  v1::ListWorkItemsResponse reviews;
  ASSERT_TRUE(worklist_->ListWorkItems(&management, list, &reviews).ok());
  EXPECT_EQ(reviews.work_items_size(), 3);  // two reviews and the strategy meeting

  // Sending the prepared message: queued once to the customer's address; not for a review, not
  // without an address.
  auto send = [&](const std::string& role, const std::string& item,
                  v1::SendCadenceMessageResponse* response) {
    grpc::ClientContext send_context;
    env_.Authorize(send_context, role);
    v1::SendCadenceMessageRequest request;
    request.set_request_id(NewRequestId());
    request.set_work_item(item);
    return relationship_->SendCadenceMessage(&send_context, request, response);
  };
  auto item_of = [&](int64_t customer, const std::string& what) {
    return absl::StrCat("workItems/",
                        Text(absl::StrCat("SELECT id FROM work_items WHERE source_key = 'cadence:",
                                          customer, ":", what, "'")));
  };
  v1::SendCadenceMessageResponse sent;
  const std::string monthly_item = item_of(strategic, "monthly_reconciliation-sales:2025-01-03");
  EXPECT_EQ(send("finance_staff", monthly_item, &sent).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(send(ServiceTestEnv::kOtherSales, monthly_item, &sent).error_code(),
            StatusCode::NOT_FOUND);
  ASSERT_TRUE(send("sales_staff", monthly_item, &sent).ok());
  EXPECT_EQ(sent.recipient(), "ap@strategic.example.cn");
  EXPECT_EQ(Text(absl::StrCat("SELECT CONCAT(status, ' ', subject) FROM outbox_messages WHERE "
                              "work_item_id = ",
                              monthly_item.substr(10))),
            "pending huikuan 2024年12月对账单及合作总结");
  grpc::Status twice = send("sales_staff", monthly_item, &sent);
  EXPECT_EQ(twice.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(twice), std::vector<std::string>{"ALREADY_QUEUED"});
  // The outbox's sender delivers it like the ladder's emails: the item is done, a contact kept.
  KeptMail transport;
  mail::OutboxSender sender(env_.pool(), transport, ops::SystemClock());
  ASSERT_TRUE(sender.DeliverOnce().ok());
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].to, "ap@strategic.example.cn");
  EXPECT_TRUE(absl::StrContains(transport.sent[0].body, "感谢您一直以来的支持"))
      << transport.sent[0].body;
  EXPECT_EQ(Text(absl::StrCat("SELECT CONCAT(status, ' ', outcome) FROM work_items WHERE id = ",
                              monthly_item.substr(10))),
            "done sent");
  EXPECT_EQ(QueryInt(env_, absl::StrCat("SELECT COUNT(*) FROM contacts WHERE work_item_id = ",
                                        monthly_item.substr(10))),
            1);
  EXPECT_EQ(PreconditionTypes(send("sales_staff", monthly_item, &sent)),
            std::vector<std::string>{"WORK_ITEM_CLOSED"});
  grpc::Status no_address =
      send("sales_staff", item_of(key, "monthly_reconciliation-sales:2025-01-03"), &sent);
  EXPECT_EQ(PreconditionTypes(no_address), std::vector<std::string>{"NO_RECIPIENT"});
  grpc::Status review =
      send("sales_head", item_of(strategic, "quarterly_review-sales:2025-01-10"), &sent);
  EXPECT_EQ(PreconditionTypes(review), std::vector<std::string>{"NOT_A_MESSAGE"});
}

// A cadence message is an automatic contact like the ladder's emails (issue 14): the sender holds
// it while the customer's dispute is open (and would at the weekly cap or in the quiet hours,
// through the same check), and sends it once the dispute is resolved.
TEST_F(RelationshipTest, R_DUN_2_ACadenceMessageKeepsTheContactLimits) {
  v1::UpdateCadenceSettingsRequest request = CurrentAsUpdate();
  request.mutable_tiers(0)->set_monthly_day(3);
  v1::UpdateCadenceSettingsResponse updated;
  ASSERT_TRUE(Update("sales_head", request, &updated).ok());
  const int64_t customer = Customer("strategic_core", "ap@held.example.cn");
  const int64_t invoice = NewInvoice(env_, customer, 2'000'000, D("2026-02-10"), D("2026-04-11"));
  ASSERT_GE(RunCadence("2026-03-03"), 1);
  const std::string item = absl::StrCat(
      "workItems/", Text(absl::StrCat("SELECT id FROM work_items WHERE source_key = 'cadence:",
                                      customer, ":monthly_reconciliation-sales:2026-03-03'")));

  const std::string dispute =
      RaiseDispute(env_, invoice, v1::DISPUTE_REASON_PRICE, "单价与合同不符");
  ASSERT_FALSE(dispute.empty());

  grpc::ClientContext send_context;
  env_.Authorize(send_context, "sales_staff");
  v1::SendCadenceMessageRequest send;
  send.set_request_id(NewRequestId());
  send.set_work_item(item);
  v1::SendCadenceMessageResponse sent;
  ASSERT_TRUE(relationship_->SendCadenceMessage(&send_context, send, &sent).ok());

  KeptMail transport;
  ops::FixedClock clock(absl::Now() + absl::Minutes(1));
  mail::OutboxSender sender(env_.pool(), transport, clock);
  ASSERT_TRUE(sender.DeliverOnce().ok());
  EXPECT_TRUE(transport.sent.empty()) << "held while the dispute is open";
  const std::string id = item.substr(std::string("workItems/").size());
  EXPECT_EQ(Text(absl::StrCat("SELECT status FROM outbox_messages WHERE work_item_id = ", id)),
            "pending");
  const std::string held =
      Text(absl::StrCat("SELECT last_error FROM outbox_messages WHERE work_item_id = ", id));
  EXPECT_TRUE(absl::StrContains(held, "held by the contact limits")) << held;
  EXPECT_TRUE(absl::StrContains(held, dispute)) << held;

  ASSERT_TRUE(ResolveDispute(env_, invoice, "按合同价重开发票").ok());
  // An hour later the sender looks at it again and sends it.
  clock.Set(absl::Now() + absl::Minutes(62));
  ASSERT_TRUE(sender.DeliverOnce().ok());
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].to, "ap@held.example.cn");
  EXPECT_EQ(
      Text(absl::StrCat("SELECT CONCAT(status, ' ', outcome) FROM work_items WHERE id = ", id)),
      "done sent");
}

class PromotionTest : public RelationshipTest {
 protected:
  // A general-tier customer (30 days) with three earlier orders, so the new-customer ladder is
  // behind it (R-TERM-2) and its next order gets the tier's standard terms.
  int64_t Established() {
    const int64_t id = Customer("general");
    NewInvoice(env_, id, 10'000, Today() - 300, Today() - 270);
    NewInvoice(env_, id, 10'000, Today() - 290, Today() - 260);
    NewInvoice(env_, id, 10'000, Today() - 280, Today() - 250);
    return id;
  }

  grpc::Status Record(const std::string& role, int64_t customer, core::EpochDay day,
                      v1::Promotion* out) {
    grpc::ClientContext context;
    env_.Authorize(context, role);
    v1::RecordPromotionRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(CustomerName(customer));
    request.set_event("区域新品发布会");
    request.set_event_date(Date(day));
    request.set_evidence("发布会照片与签到表 DOC-2026-118");
    v1::RecordPromotionResponse response;
    grpc::Status status = relationship_->RecordPromotion(&context, request, &response);
    *out = response.promotion();
    return status;
  }

  grpc::Status Decide(const std::string& role, const std::string& name, bool approve,
                      const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env_.Authorize(context, role);
    if (approve) {
      v1::ApprovePromotionRequest request;
      request.set_request_id(request_id);
      request.set_name(name);
      v1::ApprovePromotionResponse response;
      return relationship_->ApprovePromotion(&context, request, &response);
    }
    v1::RejectPromotionRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    request.set_comment("no evidence of a joint event");
    v1::RejectPromotionResponse response;
    return relationship_->RejectPromotion(&context, request, &response);
  }

  // CreateInvoice through the channel as finance; returns the credit days it got.
  int32_t Invoice(int64_t customer, core::EpochDay day) {
    grpc::ClientContext context;
    env_.Authorize(context, "finance_staff");
    v1::CreateInvoiceRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_invoice()->set_customer(CustomerName(customer));
    request.mutable_invoice()->set_order_number(absl::StrCat("SO-PROMO-", NewRequestId()));
    request.mutable_invoice()->set_amount_fen(5'000'000);
    request.mutable_invoice()->set_invoice_date(Date(day));
    v1::CreateInvoiceResponse response;
    grpc::Status status = ledger_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().credit_days();
  }

  v1::GetEffectiveTermsResponse Quote(int64_t customer, core::EpochDay day, bool what_if) {
    grpc::ClientContext context;
    env_.Authorize(context, "sales_head");
    v1::GetEffectiveTermsRequest request;
    request.set_customer(CustomerName(customer));
    request.set_order_amount_fen(5'000'000);
    request.set_invoice_date(Date(day));
    request.set_joint_promotion(what_if);
    v1::GetEffectiveTermsResponse response;
    grpc::Status status = terms_->GetEffectiveTerms(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Days in the month before today's and in today's month.
  core::EpochDay LastMonth() {
    const absl::CivilDay today = core::FromEpochDay(Today()).value();
    return core::ToEpochDay(absl::CivilDay(absl::CivilMonth(today) - 1) + 9).value();
  }
  core::EpochDay ThisMonthFirst() {
    const absl::CivilDay today = core::FromEpochDay(Today()).value();
    return core::ToEpochDay(absl::CivilDay(absl::CivilMonth(today))).value();
  }
  core::EpochDay NextMonthFirst() {
    const absl::CivilDay today = core::FromEpochDay(Today()).value();
    return core::ToEpochDay(absl::CivilDay(absl::CivilMonth(today) + 1)).value();
  }
};

TEST_F(PromotionTest, R_TERM_1_AnApprovedPromotionGivesNextMonthsInvoicesTenDays) {
  const int64_t approved = Established();
  const int64_t rejected = Established();
  const int64_t pending = Established();
  const int64_t same_month = Established();
  v1::Promotion promotion;
  ASSERT_TRUE(Record("sales_staff", approved, LastMonth(), &promotion).ok());
  EXPECT_EQ(promotion.status(), v1::PROMOTION_STATUS_REQUESTED);
  EXPECT_EQ(promotion.bonus_month(),
            absl::FormatCivilTime(absl::CivilMonth(core::FromEpochDay(Today()).value())));
  const std::string approved_name = promotion.name();
  // Before the decision: standard terms.
  EXPECT_EQ(Quote(approved, Today(), false).credit_days(), 30);
  const std::string decision = NewRequestId();
  ASSERT_TRUE(Decide("sales_head", approved_name, true, decision).ok());
  EXPECT_TRUE(Decide("sales_head", approved_name, true, decision).ok());  // the same request
  grpc::Status twice = Decide("sales_head", approved_name, false);
  EXPECT_EQ(twice.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(twice), std::vector<std::string>{"NOT_REQUESTED"});

  ASSERT_TRUE(Record("investment_staff", rejected, LastMonth(), &promotion).ok());
  ASSERT_TRUE(Decide("sales_head", promotion.name(), false).ok());
  ASSERT_TRUE(Record("investment_staff", pending, LastMonth(), &promotion).ok());
  ASSERT_TRUE(Record("sales_staff", same_month, ThisMonthFirst(), &promotion).ok());
  ASSERT_TRUE(Decide("sales_head", promotion.name(), true).ok());

  // Invoicing this month: +10 days only after the approved promotion of last month.
  EXPECT_EQ(Invoice(approved, Today()), 40);
  EXPECT_EQ(Invoice(rejected, Today()), 30);
  EXPECT_EQ(Invoice(pending, Today()), 30);
  EXPECT_EQ(Invoice(same_month, Today()), 30);
  // GetEffectiveTerms shows the same, naming the promotion; the month after, the same-month one
  // counts; a what-if assumes one.
  v1::GetEffectiveTermsResponse quote = Quote(approved, Today(), false);
  EXPECT_EQ(quote.credit_days(), 40);
  EXPECT_EQ(quote.joint_promotion(), approved_name);
  EXPECT_FALSE(quote.joint_promotion_assumed());
  bool step = false;
  for (const auto& s : quote.breakdown().steps()) step |= s.step() == "joint_promotion";
  EXPECT_TRUE(step);
  EXPECT_EQ(Quote(same_month, NextMonthFirst(), false).credit_days(), 40);
  v1::GetEffectiveTermsResponse what_if = Quote(rejected, Today(), true);
  EXPECT_EQ(what_if.credit_days(), 40);
  EXPECT_TRUE(what_if.joint_promotion_assumed());
  EXPECT_EQ(what_if.joint_promotion(), "");
}

TEST_F(PromotionTest, RecordingAndDecidingAreRefusedOutsideTheRoles) {
  const int64_t customer = Established();
  v1::Promotion promotion;
  EXPECT_EQ(Record("finance_staff", customer, LastMonth(), &promotion).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Record("customer", customer, LastMonth(), &promotion).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Record(ServiceTestEnv::kOtherSales, customer, LastMonth(), &promotion).error_code(),
            StatusCode::NOT_FOUND);
  grpc::Status future = Record("sales_staff", customer, Today() + 1, &promotion);
  EXPECT_EQ(ViolatedFields(future), std::vector<std::string>{"event_date"});
  ASSERT_TRUE(Record("sales_staff", customer, LastMonth(), &promotion).ok());
  for (const char* role : {"sales_staff", "finance_head", "management_head", "investment_head"}) {
    EXPECT_EQ(Decide(role, promotion.name(), true).error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  // A rejection needs a comment.
  grpc::ClientContext context;
  env_.Authorize(context, "sales_head");
  v1::RejectPromotionRequest reject;
  reject.set_request_id(NewRequestId());
  reject.set_name(promotion.name());
  v1::RejectPromotionResponse rejected;
  EXPECT_EQ(ViolatedFields(relationship_->RejectPromotion(&context, reject, &rejected)),
            std::vector<std::string>{"comment"});
  // The inbox: requested promotions; sales staff see their own customers' only.
  grpc::ClientContext list_context;
  env_.Authorize(list_context, "sales_head");
  v1::ListPromotionsRequest list;
  list.set_status(v1::PROMOTION_STATUS_REQUESTED);
  v1::ListPromotionsResponse inbox;
  ASSERT_TRUE(relationship_->ListPromotions(&list_context, list, &inbox).ok());
  bool found = false;
  for (const v1::Promotion& p : inbox.promotions()) found |= p.name() == promotion.name();
  EXPECT_TRUE(found);
  grpc::ClientContext other_context;
  env_.Authorize(other_context, ServiceTestEnv::kOtherSales);
  v1::ListPromotionsResponse others;
  ASSERT_TRUE(relationship_->ListPromotions(&other_context, list, &others).ok());
  EXPECT_EQ(others.promotions_size(), 0);
  EXPECT_EQ(QueryInt(env_, absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE resource = '",
                                        promotion.name(), "' AND method LIKE '%RecordPromotion'")),
            1);
}

}  // namespace
}  // namespace huikuan::testing
