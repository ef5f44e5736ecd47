// The collection ladder run as of a day, department worklists and the outbox through a real
// channel against the test MariaDB (issue 9, R-DUN-1, R-DUN-2): the seed ladders' steps on their
// days for the right departments, one item per customer and step, the ledger as of the day,
// idempotent days, exclusions and a customer's own ladder, worklist views and row scope,
// outcomes recorded as contacts, reassigning, snoozing, escalation, letters dispatched by people
// and email delivered over SMTP to a real sink (python3-aiosmtpd), including refused recipients.
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/customer_service.grpc.pb.h"
#include "huikuan/v1/dunning_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/worklist_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/core/status_macros.h"
#include "server/mail/outbox_sender.h"
#include "server/mail/smtp_transport.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/ops/dunning.h"
#include "server/ops/scopes.h"
#include "server/ops/work_items.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"
#include "tests/service/smtp_sink.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

// Each test works in its own window of days, far enough apart that one test's run of a day never
// reaches another test's invoices (a ladder spans 38 days).
core::EpochDay WindowDueDay(int window) { return ops::SystemClock().Today() - 100 - 60 * window; }
// Overrides apply from the day they are made (a replayed past day keeps its items), so the tests of
// overrides run today, on invoices due a week from now.
core::EpochDay DueInAWeek() { return ops::SystemClock().Today() + 7; }

struct ContactDetails {
  std::string email;
  std::string phone;
  std::string address;
  std::string language = "zh-CN";
};

class WorklistTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::WorklistService::Stub> worklist = v1::WorklistService::NewStub(env.channel());
  std::unique_ptr<v1::DunningService::Stub> dunning = v1::DunningService::NewStub(env.channel());
  std::unique_ptr<v1::LedgerService::Stub> ledger = v1::LedgerService::NewStub(env.channel());
  ops::CollectionSettings settings{"苏州华恒机械有限公司", "招商银行苏州分行 6225 8800 1234 5678"};

  // A customer of the sales_staff user (tier general, never assessed: grade D).
  int64_t NewCustomer(const ContactDetails& contact = {}) {
    static std::atomic<int> counter{0};
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Worklist Co ", counter++);
          customer.owner_user_id = env.user_id("sales_staff");
          customer.contact_name = "王经理";
          customer.contact_email = contact.email;
          customer.contact_phone = contact.phone;
          customer.contact_address = contact.address;
          customer.preferred_language = contact.language;
          customer.create_time = customer.update_time = absl::Now();
          return store::InsertCustomer(db, customer).id;
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  int64_t NewInvoice(int64_t customer_id, int64_t amount, core::EpochDay due_day) {
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          return InsertTestInvoice(db, customer_id, amount, due_day - 30, 30, "WL");
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  // The daily run of `day`, as the job runs it.
  ops::DunningDay RunDay(core::EpochDay day) {
    static const ops::Caller caller = ops::Caller::System("dunning");
    std::optional<ops::DunningDay> result;
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
          return ops::RunWriteAsOf(db, caller, "job/dunning", NewRequestId(), absl::Now(), day,
                                   [&](ops::WriteScope& write) -> absl::Status {
                                     HK_ASSIGN_OR_RETURN(ops::DunningDay run,
                                                         ops::RunDunningDay(write, day, settings));
                                     result = std::move(run);
                                     return absl::OkStatus();
                                   });
        });
    EXPECT_TRUE(status.ok()) << status;
    return result.value_or(ops::DunningDay());
  }

  void RunDays(core::EpochDay from, core::EpochDay to) {
    for (core::EpochDay day = from; day <= to; ++day) RunDay(day);
  }

  std::vector<v1::WorkItem> CustomerItems(int64_t customer_id, const std::string& role = "admin",
                                          v1::WorkItemStatus status = v1::WORK_ITEM_STATUS_OPEN) {
    v1::ListWorkItemsRequest request;
    request.set_view(v1::ListWorkItemsRequest::VIEW_CUSTOMER);
    request.set_customer(absl::StrCat("customers/", customer_id));
    request.set_status(status);
    request.set_page_size(1000);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ListWorkItemsResponse response;
    grpc::Status rpc = worklist->ListWorkItems(&context, request, &response);
    EXPECT_TRUE(rpc.ok()) << rpc.error_message();
    std::vector<v1::WorkItem> items(response.work_items().begin(), response.work_items().end());
    std::sort(items.begin(), items.end(), [](const v1::WorkItem& a, const v1::WorkItem& b) {
      return a.create_date() < b.create_date();
    });
    return items;
  }

  // The only open item of the customer for `step`.
  v1::WorkItem ItemOfStep(int64_t customer_id, const std::string& step) {
    for (const v1::WorkItem& item : CustomerItems(customer_id)) {
      if (item.step() == step) return item;
    }
    ADD_FAILURE() << "no open " << step << " item for customers/" << customer_id;
    return v1::WorkItem();
  }

  grpc::Status Complete(const std::string& role, const v1::WorkItem& item,
                        v1::ContactOutcome outcome, const std::string& note,
                        v1::WorkItem* out = nullptr, const std::string& etag = "") {
    v1::CompleteWorkItemRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(item.name());
    request.set_outcome(outcome);
    request.set_note(note);
    request.set_etag(etag);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::CompleteWorkItemResponse response;
    grpc::Status status = worklist->CompleteWorkItem(&context, request, &response);
    if (out != nullptr) *out = response.work_item();
    return status;
  }

  void SetOwnLadder(int64_t customer_id, const v1::DunningLadder* ladder,
                    const std::string& reason) {
    v1::SetDunningOverrideRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer_id));
    if (ladder != nullptr) *request.mutable_ladder() = *ladder;
    request.set_reason(reason);
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::SetDunningOverrideResponse response;
    grpc::Status status = dunning->SetDunningOverride(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Seed 002's ladder as the API spells it.
  static v1::DunningLadder Seed002() {
    v1::DunningLadder ladder;
    ladder.set_name("seed_002");
    auto add = [&](int offset, const char* action, const char* department, const char* channel) {
      v1::DunningStep* step = ladder.add_steps();
      step->set_offset_days(offset);
      step->set_action(action);
      step->set_department(department);
      step->set_channel(channel);
    };
    add(-7, "friendly_email", "finance", "email");
    add(-3, "formal_email", "finance", "email");
    add(0, "sms_reminder", "finance", "sms");
    add(3, "sales_phone_call", "sales", "phone");
    add(15, "collection_notice", "finance", "notice");
    return ladder;
  }
};

TEST_F(WorklistTest, R_DUN_1_Seed000StepsFallOnTheirDaysForTheirDepartments) {
  const core::EpochDay due = WindowDueDay(0);
  const int64_t customer = NewCustomer({.address = "苏州工业园区星湖街 328 号"});
  NewInvoice(customer, 1'234'567'89, due);
  RunDays(due - 10, due + 35);

  std::vector<v1::WorkItem> items = CustomerItems(customer);
  ASSERT_EQ(items.size(), 5u);
  const std::vector<std::tuple<std::string, int, std::string>> expected = {
      {"pre_reminder", -7, "sales"},
      {"dunning_letter", 3, "finance"},
      {"investment_manager", 7, "investment"},
      {"lawyer_letter", 15, "legal"},
      {"litigation", 31, "legal"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& [step, offset, department] = expected[i];
    EXPECT_EQ(items[i].step(), step);
    EXPECT_EQ(items[i].create_date(), core::FormatDate(due + offset)) << step;
    EXPECT_EQ(items[i].department(), department) << step;
    EXPECT_EQ(items[i].due_date(), core::FormatDate(due + offset + ops::kDaysToAct)) << step;
    EXPECT_EQ(items[i].amount_fen(), 1'234'567'89) << step;
    ASSERT_EQ(items[i].invoices_size(), 1);
    EXPECT_EQ(items[i].kind(), "dunning");
    EXPECT_EQ(items[i].language(), "zh-CN");
  }
  // The owner gets the sales step; the other steps wait in their department's queue.
  EXPECT_EQ(items[0].assignee(), env.user_name("sales_staff"));
  EXPECT_EQ(items[1].assignee(), "");
  // The pre-reminder is courteous; the lawyer letter names the days overdue. Grade D weighs 4:
  // 1,234,567 yuan x (15 + 8) x 4.
  EXPECT_TRUE(absl::StartsWith(items[0].message_subject(), "温馨提示"))
      << items[0].message_subject();
  EXPECT_TRUE(absl::StrContains(items[3].message_body(), "已逾期15天")) << items[3].message_body();
  EXPECT_TRUE(absl::StrContains(items[3].message_body(), "招商银行苏州分行"));
  EXPECT_EQ(items[3].priority(), 1'234'567LL * 23 * 4);
  // No overdue model is stored in this database: no likelihood weight, none shown.
  EXPECT_FALSE(items[3].has_overdue_permille());
}

TEST_F(WorklistTest, R_DUN_1_ADayRunTwiceOrReplayedCreatesNothingNew) {
  const core::EpochDay due = WindowDueDay(1);
  const int64_t customer = NewCustomer();
  NewInvoice(customer, 500'000'00, due);
  ops::DunningDay first = RunDay(due + 7);
  ASSERT_EQ(CustomerItems(customer).size(), 1u);
  EXPECT_GE(first.created.size(), 1u);
  ops::DunningDay again = RunDay(due + 7);
  EXPECT_TRUE(again.created.empty());
  EXPECT_GE(again.already_created, 1);
  EXPECT_EQ(CustomerItems(customer).size(), 1u);
}

TEST_F(WorklistTest, R_DUN_1_OneItemPerCustomerAndStepWithAllItsInvoices) {
  const core::EpochDay due = WindowDueDay(2);
  const int64_t customer = NewCustomer();
  NewInvoice(customer, 100'00, due);
  NewInvoice(customer, 250'00, due);
  NewInvoice(customer, 999'00, due + 1);  // its step falls on the next day
  RunDay(due + 3);
  std::vector<v1::WorkItem> items = CustomerItems(customer);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].invoices_size(), 2);
  EXPECT_EQ(items[0].amount_fen(), 350'00);
}

TEST_F(WorklistTest, R_DUN_1_TheRunSeesTheLedgerAsOfItsDay) {
  const core::EpochDay due = WindowDueDay(3);
  const int64_t customer = NewCustomer();
  const int64_t invoice = NewInvoice(customer, 800'00, due);
  // Paid in full 10 days after due (received then, recorded now).
  v1::RecordPaymentRequest payment;
  payment.set_request_id(NewRequestId());
  payment.mutable_payment()->set_customer(absl::StrCat("customers/", customer));
  payment.mutable_payment()->set_amount_fen(800'00);
  payment.mutable_payment()->set_received_date(core::FormatDate(due + 10));
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::RecordPaymentResponse paid;
  grpc::Status status = ledger->RecordPayment(&context, payment, &paid);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // Replaying +7 (still open then) gives its item; +15 (paid by then) gives none.
  RunDay(due + 7);
  RunDay(due + 15);
  std::vector<v1::WorkItem> items = CustomerItems(customer);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].step(), "investment_manager");
  EXPECT_EQ(items[0].invoices(0).invoice(), absl::StrCat("invoices/", invoice));
}

TEST_F(WorklistTest, R_DUN_1_AnExcludedCustomerIsPausedAndOwnLaddersApply) {
  const core::EpochDay due = DueInAWeek();
  const int64_t excluded = NewCustomer();
  NewInvoice(excluded, 100'00, due);
  SetOwnLadder(excluded, nullptr, "in settlement talks with management");
  const int64_t own = NewCustomer({.email = "ap@own.example.cn"});
  NewInvoice(own, 100'00, due);
  const v1::DunningLadder seed002 = Seed002();
  SetOwnLadder(own, &seed002, "a key account on the gentler ladder");

  ops::DunningDay day = RunDay(due - 7);
  EXPECT_TRUE(CustomerItems(excluded).empty());
  EXPECT_GE(day.paused_excluded, 1);
  std::vector<v1::WorkItem> items = CustomerItems(own);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].step(), "friendly_email");
  EXPECT_EQ(items[0].department(), "finance");

  // A day before the exclusion was made, replayed, still has its item: a replay gives the items
  // the day had.
  const core::EpochDay past_due = WindowDueDay(4);
  NewInvoice(excluded, 200'00, past_due);
  RunDay(past_due + 3);
  std::vector<v1::WorkItem> replayed = CustomerItems(excluded);
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(replayed[0].step(), "dunning_letter");
}

TEST_F(WorklistTest, WorklistsAreScopedByDepartmentAndOwner) {
  const core::EpochDay due = WindowDueDay(5);
  const int64_t customer = NewCustomer();
  NewInvoice(customer, 300'00, due);
  RunDay(due - 7);  // the pre-reminder: sales_staff's own item
  RunDay(due + 3);  // the dunning letter: finance's queue

  // Mine: the owner sees the pre-reminder.
  auto list = [&](const std::string& role, v1::ListWorkItemsRequest request,
                  v1::ListWorkItemsResponse* out) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return worklist->ListWorkItems(&context, request, out);
  };
  v1::ListWorkItemsRequest mine;
  mine.set_view(v1::ListWorkItemsRequest::VIEW_MINE);
  mine.set_step("pre_reminder");
  mine.set_due_from(core::FormatDate(due - 7));
  mine.set_due_to(core::FormatDate(due - 5));
  v1::ListWorkItemsResponse response;
  ASSERT_TRUE(list("sales_staff", mine, &response).ok());
  ASSERT_EQ(response.work_items_size(), 1);
  EXPECT_EQ(response.work_items(0).customer(), absl::StrCat("customers/", customer));
  // Another salesperson sees none of this customer's items.
  EXPECT_TRUE(CustomerItems(customer, ServiceTestEnv::kOtherSales).empty());
  // Finance sees its queue; a finance user may not read sales' list.
  v1::ListWorkItemsRequest department;
  department.set_view(v1::ListWorkItemsRequest::VIEW_DEPARTMENT);
  department.set_step("dunning_letter");
  department.set_due_from(core::FormatDate(due + 3));
  department.set_due_to(core::FormatDate(due + 5));
  response.Clear();
  ASSERT_TRUE(list("finance_staff", department, &response).ok());
  ASSERT_EQ(response.work_items_size(), 1);
  department.set_department("sales");
  grpc::Status denied = list("finance_staff", department, &response);
  EXPECT_EQ(denied.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(denied), std::vector<std::string>{"department"});
  // Management reads any department's list; admin must name one.
  response.Clear();
  EXPECT_TRUE(list("management_head", department, &response).ok());
  department.clear_department();
  EXPECT_EQ(list("admin", department, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  // A customer user sees no worklist at all.
  EXPECT_EQ(list("customer", mine, &response).error_code(), StatusCode::PERMISSION_DENIED);
  // Bad filters name their field.
  v1::ListWorkItemsRequest bad;
  bad.set_due_from("2026-02-30");
  EXPECT_EQ(ViolatedFields(list("sales_staff", bad, &response)),
            std::vector<std::string>{"due_from"});
  bad.Clear();
  bad.set_page_token("garbage");
  EXPECT_EQ(ViolatedFields(list("sales_staff", bad, &response)),
            std::vector<std::string>{"page_token"});
}

TEST_F(WorklistTest, PagesFollowPriorityAcrossTokens) {
  const core::EpochDay due = WindowDueDay(6);
  std::vector<int64_t> customers;
  for (int i = 0; i < 5; ++i) {
    customers.push_back(NewCustomer());
    NewInvoice(customers.back(), (i + 1) * 1'000'00, due);
  }
  RunDay(due + 3);
  v1::ListWorkItemsRequest request;
  request.set_view(v1::ListWorkItemsRequest::VIEW_DEPARTMENT);
  request.set_step("dunning_letter");
  request.set_due_from(core::FormatDate(due + 3));
  request.set_due_to(core::FormatDate(due + 5));
  request.set_page_size(2);
  std::vector<int64_t> priorities;
  for (int page = 0; page < 4; ++page) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::ListWorkItemsResponse response;
    ASSERT_TRUE(worklist->ListWorkItems(&context, request, &response).ok());
    for (const v1::WorkItem& item : response.work_items()) priorities.push_back(item.priority());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(priorities.size(), 5u);
  EXPECT_TRUE(std::is_sorted(priorities.rbegin(), priorities.rend()));
  EXPECT_EQ(priorities.front(), 5'000LL * 11 * 4);
}

TEST_F(WorklistTest, R_DUN_2_OutcomesAreRecordedAsContacts) {
  const core::EpochDay due = WindowDueDay(7);
  const int64_t customer = NewCustomer();
  NewInvoice(customer, 700'00, due);
  RunDay(due - 7);
  const v1::WorkItem item = ItemOfStep(customer, "pre_reminder");

  // "sent" is the system's; a dispute needs a note; a stale etag is refused.
  EXPECT_EQ(ViolatedFields(Complete("sales_staff", item, v1::CONTACT_OUTCOME_SENT, "")),
            std::vector<std::string>{"outcome"});
  EXPECT_EQ(ViolatedFields(Complete("sales_staff", item, v1::CONTACT_OUTCOME_DISPUTED, "")),
            std::vector<std::string>{"note"});
  EXPECT_EQ(Complete("sales_staff", item, v1::CONTACT_OUTCOME_REACHED, "", nullptr, "\"99\"")
                .error_code(),
            StatusCode::ABORTED);
  // Another salesperson cannot touch it.
  EXPECT_EQ(
      Complete(ServiceTestEnv::kOtherSales, item, v1::CONTACT_OUTCOME_REACHED, "").error_code(),
      StatusCode::NOT_FOUND);

  v1::WorkItem done;
  ASSERT_TRUE(Complete("sales_staff", item, v1::CONTACT_OUTCOME_PROMISED_TO_PAY,
                       "will pay on the due date", &done, item.etag())
                  .ok());
  EXPECT_EQ(done.status(), v1::WORK_ITEM_STATUS_DONE);
  EXPECT_EQ(done.outcome(), v1::CONTACT_OUTCOME_PROMISED_TO_PAY);
  EXPECT_EQ(done.done_user(), env.user_name("sales_staff"));
  grpc::Status again = Complete("sales_staff", item, v1::CONTACT_OUTCOME_REACHED, "");
  EXPECT_EQ(again.error_code(), StatusCode::FAILED_PRECONDITION);

  // A visit outside any item is evidence too.
  v1::RecordContactRequest visit;
  visit.set_request_id(NewRequestId());
  visit.set_customer(absl::StrCat("customers/", customer));
  visit.set_channel("visit");
  visit.set_outcome(v1::CONTACT_OUTCOME_REACHED);
  visit.set_content("met the CFO; cash comes from a customer of theirs next week");
  {
    grpc::ClientContext context;
    env.Authorize(context, "investment_staff");
    v1::RecordContactResponse contact;
    ASSERT_TRUE(worklist->RecordContact(&context, visit, &contact).ok());
  }
  v1::ListContactsRequest contacts;
  contacts.set_customer(absl::StrCat("customers/", customer));
  grpc::ClientContext context;
  env.Authorize(context, "legal_staff");
  v1::ListContactsResponse evidence;
  ASSERT_TRUE(worklist->ListContacts(&context, contacts, &evidence).ok());
  ASSERT_EQ(evidence.contacts_size(), 2);
  EXPECT_EQ(evidence.contacts(0).channel(), "visit");
  EXPECT_EQ(evidence.contacts(0).actor_role(), "investment_staff");
  EXPECT_EQ(evidence.contacts(1).work_item(), item.name());
  EXPECT_EQ(evidence.contacts(1).outcome(), v1::CONTACT_OUTCOME_PROMISED_TO_PAY);
  EXPECT_TRUE(absl::StartsWith(evidence.contacts(1).content(), "王经理:"));
}

TEST_F(WorklistTest, ReassignSnoozeAndEscalationToTheHead) {
  const core::EpochDay due = WindowDueDay(8);
  const int64_t customer = NewCustomer();
  NewInvoice(customer, 900'00, due);
  RunDay(due + 3);
  const v1::WorkItem letter = ItemOfStep(customer, "dunning_letter");

  auto reassign = [&](const std::string& role, const std::string& assignee) {
    v1::ReassignWorkItemRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(letter.name());
    request.set_assignee(assignee);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ReassignWorkItemResponse response;
    return worklist->ReassignWorkItem(&context, request, &response);
  };
  EXPECT_EQ(reassign("finance_staff", env.user_name("finance_staff")).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ViolatedFields(reassign("finance_head", env.user_name("sales_staff"))),
            std::vector<std::string>{"assignee"});
  ASSERT_TRUE(reassign("finance_head", env.user_name("finance_staff")).ok());

  // Not done by its due day: on the head's list from the day after.
  static const ops::Caller caller = ops::Caller::System("escalation");
  auto escalate_on = [&](core::EpochDay day) {
    absl::Status status = store::RunInTransaction(env.pool(), [&](auto& db) {
      return ops::RunWriteAsOf(
          db, caller, "job/escalation", NewRequestId(), absl::Now(), day,
          [&](ops::WriteScope& write) { return ops::EscalateOverdueWorkItems(write).status(); });
    });
    ASSERT_TRUE(status.ok()) << status;
  };
  escalate_on(due + 3 + ops::kDaysToAct);
  EXPECT_FALSE(ItemOfStep(customer, "dunning_letter").escalated());
  escalate_on(due + 3 + ops::kDaysToAct + 1);
  const v1::WorkItem escalated = ItemOfStep(customer, "dunning_letter");
  EXPECT_TRUE(escalated.escalated());
  v1::ListWorkItemsRequest head_list;
  head_list.set_view(v1::ListWorkItemsRequest::VIEW_MINE);
  head_list.set_escalated(true);
  head_list.set_page_size(1000);
  grpc::ClientContext context;
  env.Authorize(context, "finance_head");
  v1::ListWorkItemsResponse response;
  ASSERT_TRUE(worklist->ListWorkItems(&context, head_list, &response).ok());
  EXPECT_TRUE(std::any_of(response.work_items().begin(), response.work_items().end(),
                          [&](const v1::WorkItem& i) { return i.name() == letter.name(); }));

  // A snooze takes it off the head's list until the day after the snooze.
  v1::SnoozeWorkItemRequest snooze;
  snooze.set_request_id(NewRequestId());
  snooze.set_name(letter.name());
  snooze.set_until(core::FormatDate(ops::SystemClock().Today() + 3));
  snooze.set_reason("the customer's finance manager is back on Monday");
  grpc::ClientContext snooze_context;
  env.Authorize(snooze_context, "finance_staff");
  v1::SnoozeWorkItemResponse snoozed;
  ASSERT_TRUE(worklist->SnoozeWorkItem(&snooze_context, snooze, &snoozed).ok());
  EXPECT_FALSE(snoozed.work_item().escalated());
  EXPECT_EQ(snoozed.work_item().snoozed_until(), snooze.until());
  snooze.set_request_id(NewRequestId());
  snooze.set_until("2000-01-01");
  grpc::ClientContext past_context;
  env.Authorize(past_context, "finance_staff");
  EXPECT_EQ(ViolatedFields(worklist->SnoozeWorkItem(&past_context, snooze, &snoozed)),
            std::vector<std::string>{"until"});
}

TEST_F(WorklistTest, R_DUN_2_LettersWaitForDispatchAndAreEvidenceOnceSent) {
  const core::EpochDay due = WindowDueDay(9);
  const int64_t with_address = NewCustomer({.address = "上海市浦东新区世纪大道 100 号"});
  const int64_t without = NewCustomer();
  NewInvoice(with_address, 400'00, due);
  NewInvoice(without, 400'00, due);
  ops::DunningDay day = RunDay(due + 3);
  EXPECT_GE(day.no_recipient, 1);

  // No address on file: no message, and the item says so.
  const v1::WorkItem missing = ItemOfStep(without, "dunning_letter");
  EXPECT_TRUE(absl::StrContains(missing.title(), "no postal address on file")) << missing.title();

  const v1::WorkItem item = ItemOfStep(with_address, "dunning_letter");
  v1::ListOutboxMessagesRequest request;
  request.set_work_item(item.name());
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::ListOutboxMessagesResponse outbox;
  ASSERT_TRUE(worklist->ListOutboxMessages(&context, request, &outbox).ok());
  ASSERT_EQ(outbox.outbox_messages_size(), 1);
  const v1::OutboxMessage& letter = outbox.outbox_messages(0);
  EXPECT_EQ(letter.channel(), "letter");
  EXPECT_EQ(letter.status(), v1::OUTBOX_STATUS_AWAITING_DISPATCH);
  EXPECT_TRUE(absl::StrContains(letter.recipient(), "世纪大道")) << letter.recipient();
  EXPECT_EQ(letter.subject(), "催款函");

  auto dispatch = [&](const std::string& role, const std::string& reference) {
    v1::MarkMessageDispatchedRequest mark;
    mark.set_request_id(NewRequestId());
    mark.set_name(letter.name());
    mark.set_reference(reference);
    grpc::ClientContext mark_context;
    env.Authorize(mark_context, role);
    v1::MarkMessageDispatchedResponse response;
    return worklist->MarkMessageDispatched(&mark_context, mark, &response);
  };
  EXPECT_EQ(dispatch("sales_staff", "EMS-1").error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ViolatedFields(dispatch("finance_staff", " ")), std::vector<std::string>{"reference"});
  ASSERT_TRUE(dispatch("finance_staff", "EMS 1190 2233 4455").ok());
  EXPECT_EQ(dispatch("finance_staff", "EMS again").error_code(), StatusCode::FAILED_PRECONDITION);

  std::vector<v1::WorkItem> done = CustomerItems(with_address, "admin", v1::WORK_ITEM_STATUS_DONE);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome(), v1::CONTACT_OUTCOME_SENT);
  EXPECT_EQ(done[0].note(), "dispatched: EMS 1190 2233 4455");
}

TEST_F(WorklistTest, R_DUN_2_EmailIsDeliveredOverSmtpAndRefusalsAreFinal) {
  SmtpSink sink;
  ASSERT_TRUE(sink.ready()) << "python3-aiosmtpd did not start";
  const core::EpochDay due = DueInAWeek();
  const v1::DunningLadder seed002 = Seed002();
  const int64_t delivered = NewCustomer({.email = "ap@delivered.example.cn"});
  const int64_t english = NewCustomer({.email = "payables@english.example.com", .language = "en"});
  const int64_t refused = NewCustomer({.email = "refused@refused.example.cn"});
  const int64_t busy = NewCustomer({.email = "busy@busy.example.cn"});
  for (int64_t customer : {delivered, english, refused, busy}) {
    NewInvoice(customer, 66'000'00, due);
    SetOwnLadder(customer, &seed002, "test: the email ladder");
  }
  RunDay(due - 7);

  mail::SmtpSettings smtp;
  smtp.host = "127.0.0.1";
  smtp.port = sink.port();
  smtp.from = "ar@huaheng.example.cn";
  smtp.from_name = "华恒机械 应收账款";
  smtp.timeout = absl::Seconds(10);
  ASSERT_TRUE(mail::ValidateSmtpSettings(smtp).ok());
  mail::SmtpTransport transport(smtp);
  mail::OutboxSender sender(env.pool(), transport, ops::SystemClock(),
                            mail::SenderOptions{.batch_size = 1000});
  absl::StatusOr<mail::SenderRound> round = sender.DeliverOnce();
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_GE(round->sent, 2);
  EXPECT_GE(round->failed, 1);
  EXPECT_GE(round->retried, 1);

  // The sink has both messages, UTF-8 intact behind the encoded subject and base64 body.
  std::vector<std::string> messages = sink.Messages();
  ASSERT_GE(messages.size(), 2u);
  bool found_chinese = false;
  bool found_english = false;
  for (const std::string& raw : messages) {
    if (absl::StrContains(raw, "To: <ap@delivered.example.cn>")) {
      found_chinese = true;
      EXPECT_TRUE(absl::StartsWith(DecodedSubject(raw), "温馨提示:贵司账款将于"))
          << raw.substr(0, 400);
    }
    if (absl::StrContains(raw, "To: <payables@english.example.com>")) {
      found_english = true;
      EXPECT_TRUE(absl::StrContains(raw, "Subject: Friendly reminder: payment due on "))
          << raw.substr(0, 400);
    }
  }
  EXPECT_TRUE(found_chinese);
  EXPECT_TRUE(found_english);

  auto message_of = [&](int64_t customer) {
    v1::ListOutboxMessagesRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::ListOutboxMessagesResponse response;
    EXPECT_TRUE(worklist->ListOutboxMessages(&context, request, &response).ok());
    EXPECT_EQ(response.outbox_messages_size(), 1);
    return response.outbox_messages_size() > 0 ? response.outbox_messages(0) : v1::OutboxMessage();
  };
  const v1::OutboxMessage sent = message_of(delivered);
  EXPECT_EQ(sent.status(), v1::OUTBOX_STATUS_SENT);
  EXPECT_EQ(sent.attempts(), 1);
  EXPECT_TRUE(CustomerItems(delivered).empty()) << "a delivered email completes its item";

  const v1::OutboxMessage failed = message_of(refused);
  EXPECT_EQ(failed.status(), v1::OUTBOX_STATUS_FAILED);
  EXPECT_TRUE(absl::StrContains(failed.last_error(), "550")) << failed.last_error();
  const v1::WorkItem open = ItemOfStep(refused, "friendly_email");
  EXPECT_TRUE(absl::StrContains(open.note(), "failed after 1 attempt")) << open.note();

  const v1::OutboxMessage retry = message_of(busy);
  EXPECT_EQ(retry.status(), v1::OUTBOX_STATUS_PENDING);
  EXPECT_EQ(retry.attempts(), 1);
  EXPECT_GT(retry.next_attempt_time().seconds(), absl::ToUnixSeconds(absl::Now()) + 30);

  // The delivered email is the customer's contact, with what was sent.
  v1::ListContactsRequest contacts;
  contacts.set_customer(absl::StrCat("customers/", delivered));
  grpc::ClientContext context;
  env.Authorize(context, "finance_head");
  v1::ListContactsResponse evidence;
  ASSERT_TRUE(worklist->ListContacts(&context, contacts, &evidence).ok());
  ASSERT_EQ(evidence.contacts_size(), 1);
  EXPECT_EQ(evidence.contacts(0).outcome(), v1::CONTACT_OUTCOME_SENT);
  EXPECT_EQ(evidence.contacts(0).outbox_message(), sent.name());
  EXPECT_EQ(evidence.contacts(0).actor_role(), "system:job/outbox-sender");
  EXPECT_TRUE(absl::StrContains(evidence.contacts(0).content(), "66,000.00 元"));

  // Nothing is due now: a second round claims nothing (the busy one waits for its backoff).
  absl::StatusOr<mail::SenderRound> idle = sender.DeliverOnce();
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->claimed, 0);
}

TEST_F(WorklistTest, R_DUN_1_LadderVersionsAreValidatedAndNeverRetroactive) {
  auto publish = [&](const std::string& role, const std::string& effective,
                     std::function<void(v1::PublishDunningLaddersRequest&)> edit) {
    v1::PublishDunningLaddersRequest request;
    request.set_request_id(NewRequestId());
    request.set_effective_date(effective);
    for (const char* tier : {"strategic_core", "key_partner", "general", "potential"}) {
      v1::TierLadder* ladder = request.add_ladders();
      ladder->set_tier(tier);
      *ladder->mutable_ladder() = Seed002();
    }
    edit(request);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::PublishDunningLaddersResponse response;
    return dunning->PublishDunningLadders(&context, request, &response);
  };
  const std::string tomorrow = core::FormatDate(ops::SystemClock().Today() + 400);
  EXPECT_EQ(publish("sales_head", tomorrow, [](auto&) {}).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ViolatedFields(publish("finance_head", "2020-01-01", [](auto&) {})),
            std::vector<std::string>{"effective_date"});
  EXPECT_EQ(ViolatedFields(publish("finance_head", tomorrow,
                                   [](auto& r) { r.mutable_ladders()->RemoveLast(); })),
            std::vector<std::string>{"ladders"});
  EXPECT_EQ(
      ViolatedFields(publish("finance_head", tomorrow,
                             [](auto& r) {
                               r.mutable_ladders(2)->mutable_ladder()->mutable_steps(1)->set_action(
                                   "Formal Email");
                             })),
      std::vector<std::string>{"ladders[general].steps[1].action"});
  EXPECT_EQ(ViolatedFields(publish(
                "finance_head", tomorrow,
                [](auto& r) {
                  r.mutable_ladders(0)->mutable_ladder()->mutable_steps(0)->set_channel("pigeon");
                })),
            std::vector<std::string>{"ladders[0].ladder.steps[0].channel"});

  // Until a version is in force, the defaults are the ladders of the day.
  v1::GetDunningLaddersRequest get;
  grpc::ClientContext context;
  env.Authorize(context, "sales_staff");
  v1::GetDunningLaddersResponse in_force;
  ASSERT_TRUE(dunning->GetDunningLadders(&context, get, &in_force).ok());
  EXPECT_EQ(in_force.version().version(), 0);
  ASSERT_EQ(in_force.version().ladders_size(), 4);
  EXPECT_EQ(in_force.version().ladders(2).ladder().name(), "seed_000");
  EXPECT_EQ(in_force.version().ladders(0).ladder().name(), "seed_002");

  ASSERT_TRUE(publish("finance_head", tomorrow, [](auto&) {}).ok());
  get.set_date(tomorrow);
  grpc::ClientContext later;
  env.Authorize(later, "sales_staff");
  ASSERT_TRUE(dunning->GetDunningLadders(&later, get, &in_force).ok());
  EXPECT_EQ(in_force.version().version(), 1);
  EXPECT_EQ(in_force.version().ladders(2).ladder().name(), "seed_002");
}

TEST_F(WorklistTest, CustomerContactDetailsAreValidatedNamingTheField) {
  std::unique_ptr<v1::CustomerService::Stub> customers =
      v1::CustomerService::NewStub(env.channel());
  auto create = [&](std::function<void(v1::Customer&)> edit, v1::CreateCustomerResponse* out) {
    v1::CreateCustomerRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_customer()->set_display_name("Contact Co");
    request.mutable_customer()->set_owner(env.user_name("sales_staff"));
    edit(*request.mutable_customer());
    grpc::ClientContext context;
    env.Authorize(context, "sales_staff");
    return customers->CreateCustomer(&context, request, out);
  };
  v1::CreateCustomerResponse created;
  EXPECT_EQ(ViolatedFields(create([](auto& c) { c.set_contact_email("not an email"); }, &created)),
            std::vector<std::string>{"customer.contact_email"});
  EXPECT_EQ(ViolatedFields(create([](auto& c) { c.set_contact_phone("call me"); }, &created)),
            std::vector<std::string>{"customer.contact_phone"});
  EXPECT_EQ(ViolatedFields(create([](auto& c) { c.set_preferred_language("fr"); }, &created)),
            std::vector<std::string>{"customer.preferred_language"});
  ASSERT_TRUE(create(
                  [](auto& c) {
                    c.set_contact_name("Ms Li");
                    c.set_contact_email("li@contact.example.cn");
                    c.set_contact_phone("+86 512 6688 1234");
                    c.set_contact_address("苏州市姑苏区人民路 1 号");
                    c.set_preferred_language("en");
                  },
                  &created)
                  .ok());
  EXPECT_EQ(created.customer().contact_email(), "li@contact.example.cn");
  EXPECT_EQ(created.customer().preferred_language(), "en");
  EXPECT_EQ(created.customer().contact_address(), "苏州市姑苏区人民路 1 号");
}

}  // namespace
}  // namespace huikuan::testing
