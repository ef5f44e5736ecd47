// Contact compliance through a real channel against the test MariaDB (issue 14, seed 002 合规红线,
// R-DUN-2): the weekly cap and the quiet hours holding automatic emails back from a real SMTP
// sink (and sending them once allowed), a contact refused while a dispute is open but the reply to
// it allowed, a manual contact outside the limits needing a reason and listed in the meeting pack,
// a template change unused until a legal head approves it, the settings RPC (heads only, audited,
// idempotent), and the evidence PDF read back with pdftotext.
#include "server/ops/compliance.h"

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/arrangement_service.grpc.pb.h"
#include "huikuan/v1/compliance_service.grpc.pb.h"
#include "huikuan/v1/dunning_service.grpc.pb.h"
#include "huikuan/v1/report_service.grpc.pb.h"
#include "huikuan/v1/worklist_service.grpc.pb.h"
#include "server/core/contact_compliance.h"
#include "server/core/dunning_message.h"
#include "server/core/status_macros.h"
#include "server/mail/outbox_sender.h"
#include "server/mail/smtp_transport.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/ops/dunning.h"
#include "server/ops/scopes.h"
#include "server/store/customer_store.h"
#include "server/store/transaction.h"
#include "tests/service/case_fixtures.h"
#include "tests/service/service_test_env.h"
#include "tests/service/smtp_sink.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// The text of PDF bytes, through pdftotext.
std::string PdfText(const std::string& bytes, const std::string& name) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path, std::ios::binary) << bytes;
  return Shell(absl::StrCat("pdftotext -layout ", path, " - 2>&1"));
}

// An instant on a company day at a clock time (Asia/Shanghai).
absl::Time CompanyTime(core::EpochDay day, int hour, int minute) {
  return ops::StartOfCompanyDay(day) + absl::Hours(hour) + absl::Minutes(minute);
}

class ComplianceTest : public ::testing::Test {
 protected:
  // The company's sender, delivering to the test's SMTP sink.
  static mail::SmtpSettings SinkSettings(const SmtpSink& sink) {
    mail::SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = sink.port();
    smtp.from = "ar@huaheng.example.cn";
    smtp.timeout = absl::Seconds(10);
    return smtp;
  }

  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::ComplianceService::Stub> compliance =
      v1::ComplianceService::NewStub(env.channel());
  std::unique_ptr<v1::WorklistService::Stub> worklist = v1::WorklistService::NewStub(env.channel());
  std::unique_ptr<v1::DunningService::Stub> dunning = v1::DunningService::NewStub(env.channel());
  std::unique_ptr<v1::ArrangementService::Stub> arrangements =
      v1::ArrangementService::NewStub(env.channel());
  std::unique_ptr<v1::ReportService::Stub> reports = v1::ReportService::NewStub(env.channel());
  ops::CollectionSettings settings{"苏州华恒机械有限公司", "招商银行苏州分行 6225 8800 1234 5678"};

  int64_t NewCustomer(const std::string& name, const std::string& email = "",
                      const std::string& phone = "", const std::string& address = "") {
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          store::CustomerRecord customer;
          customer.display_name = name;
          customer.owner_user_id = env.user_id("sales_staff");
          customer.contact_name = "王经理";
          customer.contact_email = email;
          customer.contact_phone = phone;
          customer.contact_address = address;
          customer.preferred_language = "zh-CN";
          customer.create_time = customer.update_time = absl::Now();
          return store::InsertCustomer(db, customer).id;
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  int64_t NewInvoice(int64_t customer_id, int64_t amount, core::EpochDay due_day) {
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          return InsertTestInvoice(db, customer_id, amount, due_day - 30, 30, "CP");
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  void RunDay(core::EpochDay day) {
    static const ops::Caller caller = ops::Caller::System("dunning");
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
          return ops::RunWriteAsOf(db, caller, "job/dunning", NewRequestId(), absl::Now(), day,
                                   [&](ops::WriteScope& write) -> absl::Status {
                                     return ops::RunDunningDay(write, day, settings).status();
                                   });
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  struct Step {
    int offset = 0;
    std::string action;
    std::string channel = "email";
  };
  // The customer's own ladder: the given steps (finance's).
  void OwnLadder(int64_t customer, const std::vector<Step>& steps) {
    v1::SetDunningOverrideRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer));
    request.mutable_ladder()->set_name("messages");
    for (const Step& own : steps) {
      v1::DunningStep* step = request.mutable_ladder()->add_steps();
      step->set_offset_days(own.offset);
      step->set_action(own.action);
      step->set_department("finance");
      step->set_channel(own.channel);
    }
    request.set_reason("test: messages only");
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::SetDunningOverrideResponse response;
    grpc::Status status = dunning->SetDunningOverride(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status UpdateSettings(const std::string& role, int cap, const std::string& start,
                              const std::string& end, v1::ComplianceSettings* out = nullptr,
                              const std::string& request_id = NewRequestId(),
                              const std::string& etag = "") {
    v1::UpdateComplianceSettingsRequest request;
    request.set_request_id(request_id);
    request.mutable_settings()->set_weekly_automatic_cap(cap);
    request.mutable_settings()->set_quiet_start(start);
    request.mutable_settings()->set_quiet_end(end);
    request.mutable_settings()->set_etag(etag);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::UpdateComplianceSettingsResponse response;
    grpc::Status status = compliance->UpdateComplianceSettings(&context, request, &response);
    if (out != nullptr) *out = response.settings();
    return status;
  }

  std::vector<v1::OutboxMessage> Outbox(int64_t customer) {
    v1::ListOutboxMessagesRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::ListOutboxMessagesResponse response;
    EXPECT_TRUE(worklist->ListOutboxMessages(&context, request, &response).ok());
    return {response.outbox_messages().begin(), response.outbox_messages().end()};
  }

  grpc::Status RecordContact(const std::string& role, int64_t customer, const std::string& content,
                             const std::string& reason = "", const std::string& reply_to = "",
                             v1::Contact* out = nullptr) {
    v1::RecordContactRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer));
    request.set_channel("phone");
    request.set_outcome(v1::CONTACT_OUTCOME_REACHED);
    request.set_content(content);
    request.set_compliance_reason(reason);
    request.set_reply_to(reply_to);
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RecordContactResponse response;
    grpc::Status status = worklist->RecordContact(&context, request, &response);
    if (out != nullptr) *out = response.contact();
    return status;
  }

  grpc::Status Dispatch(const std::string& name, const std::string& reason,
                        v1::MarkMessageDispatchedResponse* out = nullptr) {
    v1::MarkMessageDispatchedRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(name);
    request.set_reference(absl::StrCat("EMS-", NewRequestId().substr(0, 12)));
    request.set_compliance_reason(reason);
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::MarkMessageDispatchedResponse response;
    grpc::Status status = worklist->MarkMessageDispatched(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  // The customer's flagged contacts of this month, as the management head lists them.
  v1::ListFlaggedContactsResponse FlaggedThisMonth(int64_t customer) {
    v1::ListFlaggedContactsRequest request;
    request.set_month(core::FormatDate(ops::SystemClock().Today()).substr(0, 7));
    request.set_customer(absl::StrCat("customers/", customer));
    grpc::ClientContext context;
    env.Authorize(context, "management_head");
    v1::ListFlaggedContactsResponse response;
    EXPECT_TRUE(compliance->ListFlaggedContacts(&context, request, &response).ok());
    return response;
  }

  grpc::Status Evidence(const std::string& role, int64_t customer,
                        v1::ExportContactEvidenceResponse* file) {
    v1::ExportContactEvidenceRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    grpc::ClientContext context;
    env.Authorize(context, role);
    return compliance->ExportContactEvidence(&context, request, file);
  }

  grpc::Status RecordPromise(int64_t customer, int64_t invoice, int64_t amount,
                             const std::string& reason, v1::Promise* out = nullptr) {
    v1::RecordPromiseRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer));
    request.add_invoices(absl::StrCat("invoices/", invoice));
    request.set_amount_fen(amount);
    request.set_promised_date(core::FormatDate(ops::SystemClock().Today() + 5));
    request.set_compliance_reason(reason);
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::RecordPromiseResponse response;
    grpc::Status status = arrangements->RecordPromise(&context, request, &response);
    if (out != nullptr) *out = response.promise();
    return status;
  }

  // The customer's newest contact.
  v1::Contact NewestContact(int64_t customer) {
    v1::ListContactsRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    request.set_page_size(1);
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::ListContactsResponse response;
    EXPECT_TRUE(worklist->ListContacts(&context, request, &response).ok());
    return response.contacts_size() > 0 ? response.contacts(0) : v1::Contact();
  }

  // Quiet hours around the present minute (company time), so that a contact now falls in them.
  void QuietNow() {
    const int32_t now = ops::CompanyMinuteOfDay(absl::Now());
    const int32_t start = (now + core::kMinutesPerDay - 60) % core::kMinutesPerDay;
    const int32_t end = (now + 60) % core::kMinutesPerDay;
    ASSERT_TRUE(UpdateSettings("finance_head", 3, core::FormatClockMinute(start),
                               core::FormatClockMinute(end))
                    .ok());
  }
  void NoQuietHours() { ASSERT_TRUE(UpdateSettings("finance_head", 3, "", "").ok()); }
};

TEST_F(ComplianceTest, SeededTemplatesAreTheBuiltInOnesApproved) {
  v1::ListMessageTemplatesRequest request;
  request.set_status(v1::MESSAGE_TEMPLATE_STATUS_APPROVED);
  request.set_page_size(100);
  grpc::ClientContext context;
  env.Authorize(context, "sales_staff");
  v1::ListMessageTemplatesResponse response;
  ASSERT_TRUE(compliance->ListMessageTemplates(&context, request, &response).ok());
  int seeded = 0;
  for (const core::BuiltInTemplate& built_in : core::BuiltInTemplates()) {
    for (const v1::MessageTemplate& row : response.templates()) {
      if (row.action() == built_in.action &&
          row.language() == core::LanguageName(built_in.language) && row.version() == 1) {
        ++seeded;
        EXPECT_EQ(row.subject(), built_in.text.subject);
        EXPECT_EQ(row.opening(), built_in.text.opening);
      }
    }
  }
  EXPECT_EQ(seeded, 20);
}

TEST_F(ComplianceTest, SettingsAreForHeadsValidatedIdempotentAndAudited) {
  EXPECT_EQ(UpdateSettings("finance_staff", 2, "21:00", "08:00").error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ViolatedFields(UpdateSettings("legal_head", 0, "21:00", "08:00")),
            std::vector<std::string>{"settings.weekly_automatic_cap"});
  EXPECT_EQ(ViolatedFields(UpdateSettings("legal_head", 3, "25:00", "08:00")),
            std::vector<std::string>{"settings.quiet_start"});
  EXPECT_EQ(ViolatedFields(UpdateSettings("legal_head", 3, "21:00", "")),
            std::vector<std::string>{"settings.quiet_end"});
  v1::ComplianceSettings first, again;
  const std::string id = NewRequestId();
  ASSERT_TRUE(UpdateSettings("legal_head", 4, "22:00", "07:30", &first, id).ok());
  ASSERT_TRUE(UpdateSettings("legal_head", 4, "22:00", "07:30", &again, id).ok());
  EXPECT_EQ(first.etag(), again.etag()) << "a repeated request id changes nothing";
  EXPECT_EQ(first.quiet_start(), "22:00");
  EXPECT_EQ(first.updated_by(), absl::StrCat("users/", env.user_id("legal_head")));
  EXPECT_EQ(UpdateSettings("legal_head", 5, "22:00", "07:30", nullptr, NewRequestId(), "\"1\"")
                .error_code(),
            StatusCode::ABORTED);
  v1::GetComplianceSettingsRequest get;
  grpc::ClientContext context;
  env.Authorize(context, "sales_staff");
  v1::GetComplianceSettingsResponse read;
  ASSERT_TRUE(compliance->GetComplianceSettings(&context, get, &read).ok());
  EXPECT_EQ(read.settings().weekly_automatic_cap(), 4);
  EXPECT_EQ(read.settings().quiet_end(), "07:30");
  NoQuietHours();
}

TEST_F(ComplianceTest, R_DUN_2_WeeklyCapAndQuietHoursHoldAutomaticEmails) {
  SmtpSink sink;
  ASSERT_TRUE(sink.ready()) << "python3-aiosmtpd did not start";
  ASSERT_TRUE(UpdateSettings("finance_head", 2, "21:00", "08:00").ok());
  const core::EpochDay today = ops::SystemClock().Today();
  const core::EpochDay due = today + 9;
  const int64_t customer = NewCustomer("限额客户", "ap@capped.example.cn");
  NewInvoice(customer, 12'000'00, due);
  // Three emails on three days: -9, -8, -7.
  OwnLadder(customer, {{-9, "friendly_email"}, {-8, "formal_email"}, {-7, "friendly_email"}});
  RunDay(today);
  RunDay(today + 1);
  RunDay(today + 2);
  ASSERT_EQ(Outbox(customer).size(), 3u);

  mail::SmtpTransport transport(SinkSettings(sink));
  // 22:30 two days from now: in the quiet hours, and after every message's creation.
  ops::FixedClock clock(CompanyTime(today + 2, 22, 30));
  mail::OutboxSender sender(env.pool(), transport, clock, mail::SenderOptions{.batch_size = 100});
  absl::StatusOr<mail::SenderRound> quiet = sender.DeliverOnce();
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  EXPECT_EQ(quiet->sent, 0);
  EXPECT_TRUE(sink.Messages().empty()) << "nothing is sent in the quiet hours";
  for (const v1::OutboxMessage& message : Outbox(customer)) {
    EXPECT_EQ(message.status(), v1::OUTBOX_STATUS_PENDING) << "held, not dropped";
    EXPECT_EQ(message.attempts(), 0) << "a held message has not been attempted";
    EXPECT_EQ(message.next_attempt_time().seconds(),
              absl::ToUnixSeconds(CompanyTime(today + 3, 8, 0)));
    EXPECT_TRUE(absl::StrContains(message.last_error(), "quiet hours 21:00-08:00"))
        << message.last_error();
  }

  // 08:00: the quiet hours are over; two go (the week's limit), the third waits a week.
  clock.Set(CompanyTime(today + 3, 8, 0));
  absl::StatusOr<mail::SenderRound> morning = sender.DeliverOnce();
  ASSERT_TRUE(morning.ok()) << morning.status();
  EXPECT_EQ(morning->sent, 2);
  EXPECT_EQ(sink.Messages().size(), 2u);
  int sent = 0, held = 0;
  for (const v1::OutboxMessage& message : Outbox(customer)) {
    if (message.status() == v1::OUTBOX_STATUS_SENT) ++sent;
    if (message.status() == v1::OUTBOX_STATUS_PENDING) {
      ++held;
      EXPECT_TRUE(absl::StrContains(message.last_error(), "the limit is 2"))
          << message.last_error();
      EXPECT_EQ(message.next_attempt_time().seconds(),
                absl::ToUnixSeconds(CompanyTime(today + 10, 8, 0)));
    }
  }
  EXPECT_EQ(sent, 2);
  EXPECT_EQ(held, 1);
  // Still within the week: nothing more.
  clock.Set(CompanyTime(today + 9, 12, 0));
  ASSERT_TRUE(sender.DeliverOnce().ok());
  EXPECT_EQ(sink.Messages().size(), 2u);
  // A week after the first two: the third goes.
  clock.Set(CompanyTime(today + 10, 8, 1));
  absl::StatusOr<mail::SenderRound> week = sender.DeliverOnce();
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(week->sent, 1);
  EXPECT_EQ(sink.Messages().size(), 3u);
  NoQuietHours();
}

TEST_F(ComplianceTest, R_DUN_2_SmsAndLettersCountTowardsTheWeeklyCapAndBindTheirDispatch) {
  SmtpSink sink;
  ASSERT_TRUE(sink.ready()) << "python3-aiosmtpd did not start";
  ASSERT_TRUE(UpdateSettings("finance_head", 2, "", "").ok());
  const core::EpochDay today = ops::SystemClock().Today();
  const int64_t customer = NewCustomer("短信信函客户", "ap@letters.example.cn", "+86 138 0000 0001",
                                       "上海市黄浦区中山东一路 1 号");
  NewInvoice(customer, 20'000'00, today + 9);
  // An SMS, a letter and a formal notice (a letter) on three days, then an email.
  OwnLadder(customer, {{-9, "sms_reminder", "sms"},
                       {-8, "dunning_letter", "letter"},
                       {-7, "collection_notice", "notice"},
                       {-6, "friendly_email", "email"}});
  for (int day = 0; day < 4; ++day) RunDay(today + day);
  std::vector<v1::OutboxMessage> outbox = Outbox(customer);
  ASSERT_EQ(outbox.size(), 4u);
  // Newest first: the email, the notice, the letter, the SMS.
  const v1::OutboxMessage email = outbox[0], notice = outbox[1], letter = outbox[2],
                          sms = outbox[3];
  ASSERT_EQ(sms.channel(), "sms");
  ASSERT_EQ(letter.channel(), "letter");
  ASSERT_EQ(notice.channel(), "letter");
  ASSERT_EQ(email.channel(), "email");

  // Within the cap of 2 a week: the SMS and the letter go as any dispatch, not flagged.
  v1::MarkMessageDispatchedResponse dispatched;
  ASSERT_TRUE(Dispatch(sms.name(), "", &dispatched).ok());
  EXPECT_EQ(dispatched.contact().outbox_message(), sms.name());
  EXPECT_FALSE(dispatched.contact().flagged());
  ASSERT_TRUE(Dispatch(letter.name(), "", &dispatched).ok());
  EXPECT_FALSE(dispatched.contact().flagged());

  // They count: the automatic email waits for the week's window (back to pending, not sent).
  ops::FixedClock clock(absl::Now() + absl::Minutes(1));
  mail::SmtpTransport transport(SinkSettings(sink));
  mail::OutboxSender sender(env.pool(), transport, clock, mail::SenderOptions{.batch_size = 100});
  absl::StatusOr<mail::SenderRound> round = sender.DeliverOnce();
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_TRUE(sink.Messages().empty());
  for (const v1::OutboxMessage& message : Outbox(customer)) {
    if (message.name() != email.name()) continue;
    EXPECT_EQ(message.status(), v1::OUTBOX_STATUS_PENDING);
    EXPECT_EQ(message.attempts(), 0);
    EXPECT_TRUE(absl::StrContains(message.last_error(),
                                  "2 automatic contact(s) in the last 7 days, the limit is 2"))
        << message.last_error();
  }

  // The third message of the week: its dispatch is refused without a reason...
  const grpc::Status refused = Dispatch(notice.name(), "");
  EXPECT_EQ(refused.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(refused), std::vector<std::string>{"compliance_reason"});
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "beyond the weekly cap"))
      << refused.error_message();
  for (const v1::OutboxMessage& message : Outbox(customer)) {
    if (message.name() == notice.name()) {
      EXPECT_EQ(message.status(), v1::OUTBOX_STATUS_AWAITING_DISPATCH) << "nothing was written";
    }
  }
  // ...and with one it goes, flagged for the monthly meeting.
  ASSERT_TRUE(Dispatch(notice.name(), "客户要求书面通知寄到新地址", &dispatched).ok());
  EXPECT_EQ(dispatched.outbox_message().status(), v1::OUTBOX_STATUS_DISPATCHED);
  EXPECT_TRUE(dispatched.contact().flagged());
  EXPECT_EQ(dispatched.contact().broken_limits(), "weekly_cap");
  EXPECT_EQ(dispatched.contact().compliance_reason(), "客户要求书面通知寄到新地址");
  const v1::ListFlaggedContactsResponse flagged = FlaggedThisMonth(customer);
  ASSERT_EQ(flagged.contacts_size(), 1);
  EXPECT_EQ(flagged.contacts(0).channel(), "letter");

  // The evidence file shows each dispatched message's whole trail: the events of its work item
  // (created by the daily run, done when dispatched) and of the outbox message (created, held,
  // dispatched), each with its link and hash in the audit chain.
  v1::ExportContactEvidenceResponse file;
  grpc::Status status = Evidence("legal_head", customer, &file);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(file.contacts(), 3);
  const std::string text = PdfText(file.content(), "trail.pdf");
  const std::string flat = absl::StrReplaceAll(text, {{"\n", ""}, {" ", ""}});
  const std::string notice_item = notice.work_item();
  ASSERT_FALSE(notice_item.empty());
  EXPECT_TRUE(absl::StrContains(flat, "Relatedevents")) << text;
  EXPECT_TRUE(absl::StrContains(flat, absl::StrCat(notice_item, "·"))) << text;
  EXPECT_TRUE(absl::StrContains(flat, "system(system:job/dunning)·created(statusopen)")) << text;
  EXPECT_TRUE(absl::StrContains(flat, absl::StrCat(notice.name(), "·"))) << text;
  EXPECT_TRUE(absl::StrContains(flat, "created(statusawaiting_dispatch)")) << text;
  EXPECT_TRUE(absl::StrContains(flat, "status:awaiting_dispatch->dispatched")) << text;
  EXPECT_TRUE(absl::StrContains(flat, "status:open->done;outcome:none->sent")) << text;
  EXPECT_TRUE(absl::StrContains(flat, "/huikuan.v1.WorklistService/MarkMessageDispatched")) << text;
  // Three contacts, each with its own event and the 4 events of its item and message.
  const std::regex hash("sha256 [0-9a-f]{64}");
  const auto hashes =
      std::distance(std::sregex_iterator(text.begin(), text.end(), hash), std::sregex_iterator());
  EXPECT_EQ(hashes, 3 * (1 + 4)) << text;
  NoQuietHours();
}

TEST_F(ComplianceTest, R_DUN_2_ARecordedPromisesContactIsTheReplyToItButKeepsTheQuietHours) {
  NoQuietHours();
  const core::EpochDay today = ops::SystemClock().Today();
  const int64_t customer = NewCustomer("承诺回复客户");
  const int64_t disputed = NewInvoice(customer, 8'000'00, today - 10);
  const int64_t first = NewInvoice(customer, 5'000'00, today - 5);
  const int64_t second = NewInvoice(customer, 3'000'00, today - 4);
  ASSERT_FALSE(RaiseDispute(env, disputed, v1::DISPUTE_REASON_QUALITY, "质量问题").empty());
  // A call now would need a reason (the dispute is open); the call in which the customer made a
  // promise is the reply to that promise, which the limits allow.
  EXPECT_EQ(ViolatedFields(RecordContact("finance_staff", customer, "催款电话")),
            std::vector<std::string>{"compliance_reason"});
  v1::Promise promise;
  grpc::Status status = RecordPromise(customer, first, 5'000'00, "", &promise);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Contact contact = NewestContact(customer);
  EXPECT_EQ(contact.outcome(), v1::CONTACT_OUTCOME_PROMISED_TO_PAY);
  EXPECT_EQ(contact.reply_to(), promise.name());
  EXPECT_FALSE(contact.flagged());

  // The quiet hours bind the reply too: a reason, and the contact is flagged.
  QuietNow();
  const grpc::Status refused = RecordPromise(customer, second, 3'000'00, "");
  EXPECT_EQ(ViolatedFields(refused), std::vector<std::string>{"compliance_reason"});
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "quiet hours")) << refused.error_message();
  v1::Promise late;
  ASSERT_TRUE(RecordPromise(customer, second, 3'000'00, "客户晚间来电承诺", &late).ok());
  contact = NewestContact(customer);
  EXPECT_EQ(contact.reply_to(), late.name());
  EXPECT_TRUE(contact.flagged());
  EXPECT_EQ(contact.broken_limits(), "quiet_hours");
  EXPECT_EQ(contact.compliance_reason(), "客户晚间来电承诺");
  NoQuietHours();
}

TEST_F(ComplianceTest, R_DUN_2_AnOpenDisputeRefusesContactsButNotTheReply) {
  NoQuietHours();
  const int64_t customer = NewCustomer("争议客户", "ap@disputed.example.cn");
  const int64_t invoice = NewInvoice(customer, 8'000'00, ops::SystemClock().Today() - 10);
  const std::string dispute =
      RaiseDispute(env, invoice, v1::DISPUTE_REASON_QUANTITY, "到货数量少了 20 件");
  ASSERT_FALSE(dispute.empty());

  const grpc::Status refused = RecordContact("finance_staff", customer, "催款电话");
  EXPECT_EQ(refused.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(refused), std::vector<std::string>{"compliance_reason"});
  EXPECT_TRUE(absl::StrContains(refused.error_message(), dispute)) << refused.error_message();
  EXPECT_EQ(ViolatedFields(RecordContact("finance_staff", customer, "x", "", "disputes/999999")),
            std::vector<std::string>{"reply_to"});

  v1::Contact reply;
  grpc::Status replied = RecordContact("finance_staff", customer,
                                       "回复争议:已核对发货单,少发 20 件属实", "", dispute, &reply);
  ASSERT_TRUE(replied.ok()) << replied.error_message();
  EXPECT_EQ(reply.reply_to(), dispute);
  EXPECT_FALSE(reply.flagged());

  v1::Contact flagged;
  ASSERT_TRUE(RecordContact("finance_staff", customer, "客户要求本周回电确认对账",
                            "客户主动要求回电", "", &flagged)
                  .ok());
  EXPECT_TRUE(flagged.flagged());
  EXPECT_EQ(flagged.broken_limits(), "open_dispute");
  EXPECT_EQ(flagged.compliance_reason(), "客户主动要求回电");

  // The evidence file: every contact with its audit reference, for finance; not for sales staff.
  v1::ExportContactEvidenceResponse file;
  EXPECT_EQ(Evidence("sales_staff", customer, &file).error_code(), StatusCode::PERMISSION_DENIED);
  grpc::Status status = Evidence("legal_staff", customer, &file);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(file.content_type(), "application/pdf");
  EXPECT_EQ(file.contacts(), 2);
  const std::string text = PdfText(file.content(), "evidence.pdf");
  EXPECT_TRUE(absl::StrContains(text, "争议客户")) << text;
  EXPECT_TRUE(absl::StrContains(text, "少发 20 件属实")) << text;
  EXPECT_TRUE(absl::StrContains(text, absl::StrCat("reply to ", dispute))) << text;
  // Long lines wrap in the PDF: compare without line breaks and spaces.
  const std::string flat = absl::StrReplaceAll(text, {{"\n", ""}, {" ", ""}});
  EXPECT_TRUE(absl::StrContains(flat, "reasongiven:客户主动要求回电")) << text;
  EXPECT_TRUE(absl::StrContains(text, "/RecordContact")) << text;
  EXPECT_TRUE(std::regex_search(text, std::regex("sha256 [0-9a-f]{64}"))) << text;
  EXPECT_TRUE(absl::StrContains(text, "(finance_staff, users/")) << text;
  EXPECT_TRUE(absl::StrContains(text, "page 1 / ")) << text;
  EXPECT_FALSE(absl::StrContains(text, "audit event: none found")) << text;
}

TEST_F(ComplianceTest, R_DUN_2_ManualContactInQuietHoursNeedsAReasonAndIsInThePack) {
  const int64_t customer = NewCustomer("夜间联系客户");
  QuietNow();
  const grpc::Status refused = RecordContact("sales_staff", customer, "晚间电话");
  EXPECT_EQ(ViolatedFields(refused), std::vector<std::string>{"compliance_reason"});
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "quiet hours")) << refused.error_message();
  v1::Contact contact;
  grpc::Status reasoned =
      RecordContact("sales_staff", customer, "晚间电话", "客户约定晚间通话核对发票", "", &contact);
  ASSERT_TRUE(reasoned.ok()) << reasoned.error_message();
  EXPECT_TRUE(contact.flagged());
  EXPECT_EQ(contact.broken_limits(), "quiet_hours");
  NoQuietHours();
  // Outside the limits now: no reason needed, not flagged.
  v1::Contact plain;
  ASSERT_TRUE(RecordContact("sales_staff", customer, "日间电话", "", "", &plain).ok());
  EXPECT_FALSE(plain.flagged());

  const std::string month = core::FormatDate(ops::SystemClock().Today()).substr(0, 7);
  const v1::ListFlaggedContactsResponse flagged = FlaggedThisMonth(customer);
  ASSERT_EQ(flagged.contacts_size(), 1);
  EXPECT_EQ(flagged.contacts(0).reason(), "客户约定晚间通话核对发票");
  EXPECT_EQ(flagged.contacts(0).customer_name(), "夜间联系客户");

  // The monthly meeting pack's PDF lists it with its reason.
  v1::ExportMeetingPackRequest pack;
  pack.set_month(month);
  pack.set_format(v1::EXPORT_FORMAT_PDF);
  grpc::ClientContext pack_context;
  env.Authorize(pack_context, "management_head");
  v1::ExportMeetingPackResponse exported;
  grpc::Status status = reports->ExportMeetingPack(&pack_context, pack, &exported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string text = PdfText(exported.content(), "pack.pdf");
  EXPECT_TRUE(absl::StrContains(text, "Contacts outside the contact limits")) << text;
  EXPECT_TRUE(absl::StrContains(text, "客户约定晚间通话核对发票")) << text;
  EXPECT_TRUE(absl::StrContains(text, "夜间联系客户")) << text;
}

TEST_F(ComplianceTest, R_DUN_2_ATemplateChangeIsUnusedUntilALegalHeadApprovesIt) {
  NoQuietHours();
  auto propose = [&](const std::string& role, const std::string& subject,
                     const std::string& opening, v1::MessageTemplate* out = nullptr) {
    v1::ProposeMessageTemplateRequest request;
    request.set_request_id(NewRequestId());
    request.set_action("dunning_letter");
    request.set_language("zh-CN");
    request.set_subject(subject);
    request.set_opening(opening);
    request.set_note("更温和的措辞");
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ProposeMessageTemplateResponse response;
    grpc::Status status = compliance->ProposeMessageTemplate(&context, request, &response);
    if (out != nullptr) *out = response.template_();
    return status;
  };
  EXPECT_EQ(ViolatedFields(propose("finance_head", "催款函", "请于七日内付款,否则后果自负。")),
            std::vector<std::string>{"opening"});
  EXPECT_EQ(
      propose("sales_staff", "付款提示函", "贵司{count}笔账款合计{total}元已逾期。").error_code(),
      StatusCode::PERMISSION_DENIED);
  v1::MessageTemplate proposal;
  ASSERT_TRUE(propose("finance_head", "付款提示函",
                      "贵司{count}笔账款合计{total}元已逾期{days}天。", &proposal)
                  .ok());
  EXPECT_EQ(proposal.status(), v1::MESSAGE_TEMPLATE_STATUS_PROPOSED);
  EXPECT_EQ(proposal.version(), 2);

  // Before approval the daily run still writes the approved letter.
  const core::EpochDay before_due = ops::SystemClock().Today() - 200;
  const int64_t first = NewCustomer("模板客户甲");
  NewInvoice(first, 5'000'00, before_due);
  RunDay(before_due + 3);  // seed 000's dunning letter, +3
  auto letter_subject = [&](int64_t customer) {
    v1::ListWorkItemsRequest request;
    request.set_view(v1::ListWorkItemsRequest::VIEW_CUSTOMER);
    request.set_customer(absl::StrCat("customers/", customer));
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::ListWorkItemsResponse response;
    EXPECT_TRUE(worklist->ListWorkItems(&context, request, &response).ok());
    for (const v1::WorkItem& item : response.work_items()) {
      if (item.step() == "dunning_letter") return item.message_subject();
    }
    return std::string("(none)");
  };
  EXPECT_EQ(letter_subject(first), "催款函");

  auto decide = [&](const std::string& role) {
    v1::ApproveMessageTemplateRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(proposal.name());
    request.set_note("措辞合规");
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ApproveMessageTemplateResponse response;
    return compliance->ApproveMessageTemplate(&context, request, &response);
  };
  EXPECT_EQ(decide("legal_staff").error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(decide("finance_head").error_code(), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(decide("legal_head").ok());
  EXPECT_EQ(decide("legal_head").error_code(), StatusCode::FAILED_PRECONDITION)
      << "only a proposal is approved";

  const int64_t second = NewCustomer("模板客户乙");
  NewInvoice(second, 5'000'00, before_due + 1);
  RunDay(before_due + 4);
  EXPECT_EQ(letter_subject(second), "付款提示函");
  EXPECT_EQ(letter_subject(first), "催款函") << "an item keeps what it was written with";

  // Every version is kept; version 2 is the one in use.
  v1::ListMessageTemplatesRequest list;
  list.set_action("dunning_letter");
  list.set_language("zh-CN");
  grpc::ClientContext context;
  env.Authorize(context, "legal_head");
  v1::ListMessageTemplatesResponse versions;
  ASSERT_TRUE(compliance->ListMessageTemplates(&context, list, &versions).ok());
  ASSERT_EQ(versions.templates_size(), 2);
  EXPECT_TRUE(versions.templates(0).in_use());
  EXPECT_EQ(versions.templates(0).version(), 2);
  EXPECT_FALSE(versions.templates(1).in_use());
}

}  // namespace
}  // namespace huikuan::testing
