// Issue 14 through a real channel against the test MariaDB: a statement's payment reference
// clears exactly that statement's invoices (before older ones the ordinary rules would take), a
// mistyped reference is refused by its check digit, another customer's is refused, a memo's
// reference is used or ignored; an accepted early-payment discount settles its invoice exactly to
// the fen (and is booked, shown on the statement and in the meeting pack, and given back by a
// reversal), an expired one is not honoured, a portal user cannot accept another company's offer;
// writes replay by request_id and are audited. Every test ends by checking the ledger invariants.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/paying_service.grpc.pb.h"
#include "huikuan/v1/report_service.grpc.pb.h"
#include "huikuan/v1/statement_service.grpc.pb.h"
#include "huikuan/v1/term_policy_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/core/payment_reference.h"
#include "server/ops/clock.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

std::string Day(core::EpochDay day) { return core::FormatDate(day); }
std::string Month(core::EpochDay day) { return core::FormatDate(day).substr(0, 7); }

class PayingServiceTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::LedgerService::Stub> ledger = v1::LedgerService::NewStub(env.channel());
  std::unique_ptr<v1::StatementService::Stub> statements =
      v1::StatementService::NewStub(env.channel());
  std::unique_ptr<v1::PayingService::Stub> paying = v1::PayingService::NewStub(env.channel());
  std::unique_ptr<v1::ReportService::Stub> reports = v1::ReportService::NewStub(env.channel());
  const core::EpochDay today = ops::CompanyDay(absl::Now());

  void TearDown() override {
    auto violations = store::RunInTransaction<std::vector<std::string>>(
        env.pool(),
        [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<std::string>> {
          return store::CheckLedgerInvariants(db);
        });
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << violations->front();
  }

  // A customer with room for credit and its own portal user under token key `portal`.
  int64_t NewCustomer(const std::string& portal) {
    static std::atomic<int> counter{0};
    const int n = counter++;
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Paying Co ", n);
          customer.owner_user_id = env.user_id("sales_staff");
          customer.create_time = customer.update_time = absl::Now();
          customer = store::InsertCustomer(db, customer);
          store::SetCustomerCredit(db, customer.id, 10'000'000'000, core::CreditStatus::kActive,
                                   core::Tier::kGeneral);
          return customer.id;
        });
    EXPECT_TRUE(id.ok()) << id.status();
    env.CreateUserWithToken(absl::StrCat("pay.portal.", n), "customer", "staff", *id, portal);
    return *id;
  }

  std::string Invoice(int64_t customer, int64_t amount, core::EpochDay day, int32_t days,
                      const std::string& prefix) {
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          return InsertTestInvoice(db, customer, amount, day, days, prefix);
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return absl::StrCat("invoices/", *id);
  }

  v1::Invoice GetInvoice(const std::string& name) {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::GetInvoiceRequest request;
    request.set_name(name);
    v1::GetInvoiceResponse response;
    EXPECT_TRUE(ledger->GetInvoice(&context, request, &response).ok());
    return response.invoice();
  }

  v1::Statement Generate(int64_t customer, const std::string& month) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::GenerateStatementRequest request;
    request.set_request_id(NewRequestId());
    request.set_customer(absl::StrCat("customers/", customer));
    request.set_month(month);
    v1::GenerateStatementResponse response;
    grpc::Status status = statements->GenerateStatement(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.statement();
  }

  grpc::Status Pay(int64_t customer, int64_t amount, core::EpochDay day,
                   const std::string& payment_reference, const std::string& memo,
                   v1::Payment* out = nullptr, const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::RecordPaymentRequest request;
    request.set_request_id(request_id);
    request.mutable_payment()->set_customer(absl::StrCat("customers/", customer));
    request.mutable_payment()->set_amount_fen(amount);
    request.mutable_payment()->set_received_date(Day(day));
    request.mutable_payment()->set_payment_reference(payment_reference);
    request.mutable_payment()->set_reference(memo);
    v1::RecordPaymentResponse response;
    grpc::Status status = ledger->RecordPayment(&context, request, &response);
    if (out != nullptr) *out = response.payment();
    return status;
  }

  grpc::Status Propose(const std::string& role, const std::string& invoice, core::EpochDay pay_by,
                       v1::DiscountOffer* out = nullptr,
                       const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ProposeDiscountOfferRequest request;
    request.set_request_id(request_id);
    request.set_invoice(invoice);
    request.set_pay_by_date(Day(pay_by));
    v1::ProposeDiscountOfferResponse response;
    grpc::Status status = paying->ProposeDiscountOffer(&context, request, &response);
    if (out != nullptr) *out = response.offer();
    return status;
  }

  grpc::Status Accept(const std::string& role, const std::string& name,
                      v1::DiscountOffer* out = nullptr,
                      const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::AcceptDiscountOfferRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    v1::AcceptDiscountOfferResponse response;
    grpc::Status status = paying->AcceptDiscountOffer(&context, request, &response);
    if (out != nullptr) *out = response.offer();
    return status;
  }

  v1::GetPaymentInstructionsResponse Instructions(const std::string& role, int64_t customer,
                                                  grpc::Status* status_out = nullptr) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetPaymentInstructionsRequest request;
    request.set_customer(absl::StrCat("customers/", customer));
    v1::GetPaymentInstructionsResponse response;
    grpc::Status status = paying->GetPaymentInstructions(&context, request, &response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return response;
  }

  int AuditCount(const std::string& resource) {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::ListAuditEventsRequest request;
    request.set_resource(resource);
    request.set_page_size(100);
    v1::ListAuditEventsResponse response;
    EXPECT_TRUE(env.audit().ListAuditEvents(&context, request, &response).ok());
    return response.audit_events_size();
  }
};

TEST_F(PayingServiceTest, ReferenceClearsExactlyTheStatementsInvoices) {
  const int64_t customer = NewCustomer("pay-portal-ref");
  // Last month's statement holds A and B.
  const core::EpochDay month_ago = today - 35;
  const std::string a = Invoice(customer, 30'000, month_ago, 60, "REFA");
  const std::string b = Invoice(customer, 45'000, month_ago + 1, 60, "REFB");
  const v1::Statement statement = Generate(customer, Month(month_ago));
  ASSERT_EQ(statement.lines_size(), 2);
  const std::string reference = statement.payment_reference();
  ASSERT_TRUE(absl::StartsWith(reference, "HK-")) << reference;
  int64_t statement_id = 0;
  ASSERT_TRUE(absl::SimpleAtoi(statement.name().substr(11), &statement_id));
  EXPECT_EQ(reference, core::FormatPaymentReference(statement_id));
  // An older invoice, not on the statement (booked later, back-dated): oldest-first would pay it.
  const std::string older = Invoice(customer, 20'000, month_ago - 60, 30, "REFOLD");

  // The portal shows the reference, the bank account and what is due.
  const v1::GetPaymentInstructionsResponse shown = Instructions("pay-portal-ref", customer);
  ASSERT_GE(shown.statements_size(), 1);
  EXPECT_EQ(shown.statements(0).payment_reference(), reference);
  EXPECT_EQ(shown.statements(0).open_fen(), 75'000);
  EXPECT_EQ(shown.due_invoices_size(), 3);
  EXPECT_EQ(shown.due_invoices(0).name(), older);  // earliest due first
  // Another company's portal user cannot see it.
  grpc::Status other_status;
  NewCustomer("pay-portal-ref-other");
  Instructions("pay-portal-ref-other", customer, &other_status);
  EXPECT_EQ(other_status.error_code(), StatusCode::NOT_FOUND);

  // A typo in the reference: refused by the check digit, nothing written.
  std::string typo = reference;
  typo[5] = typo[5] == '9' ? '8' : static_cast<char>(typo[5] + 1);
  grpc::Status status = Pay(customer, 75'000, today, typo, "");
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"payment.payment_reference"});
  EXPECT_NE(status.error_message().find("check digit"), std::string::npos);
  EXPECT_EQ(GetInvoice(a).open_fen(), 30'000);

  // The payment with the reference clears exactly A and B; the older invoice stays open.
  v1::Payment payment;
  const std::string request_id = NewRequestId();
  status = Pay(customer, 75'000, today, reference, "march goods", &payment, request_id);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(payment.allocations_size(), 2);
  EXPECT_EQ(payment.allocations(0).invoice(), a);
  EXPECT_EQ(payment.allocations(0).amount_fen(), 30'000);
  EXPECT_EQ(payment.allocations(0).rule(), v1::ALLOCATION_RULE_REFERENCE);
  EXPECT_EQ(payment.allocations(1).invoice(), b);
  EXPECT_EQ(payment.allocations(1).amount_fen(), 45'000);
  EXPECT_EQ(payment.unapplied_fen(), 0);
  EXPECT_EQ(payment.reference(), absl::StrCat(reference, " march goods"));
  EXPECT_EQ(GetInvoice(a).status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(GetInvoice(b).status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(GetInvoice(older).open_fen(), 20'000);
  // Replayed: the same payment, nothing applied twice; one audit event for the payment.
  v1::Payment again;
  ASSERT_TRUE(Pay(customer, 75'000, today, reference, "march goods", &again, request_id).ok());
  EXPECT_EQ(again.name(), payment.name());
  EXPECT_EQ(AuditCount(payment.name()), 1);
  EXPECT_EQ(AuditCount(a), 1);  // paid (the test wrote the invoice through the store)
}

TEST_F(PayingServiceTest, MemoReferenceUsedOrIgnoredAndOtherCustomersRefused) {
  const int64_t customer = NewCustomer("pay-portal-memo");
  const core::EpochDay month_ago = today - 35;
  const std::string a = Invoice(customer, 10'000, month_ago, 60, "MEMA");
  const v1::Statement statement = Generate(customer, Month(month_ago));
  const std::string older = Invoice(customer, 10'000, month_ago - 60, 30, "MEMOLD");
  const int64_t other = NewCustomer("pay-portal-memo-other");
  Invoice(other, 10'000, month_ago, 60, "MEMX");
  const v1::Statement others = Generate(other, Month(month_ago));

  // Another customer's reference given as such: refused, nothing written.
  grpc::Status status = Pay(customer, 10'000, today, others.payment_reference(), "");
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"payment.payment_reference"});
  // In the memo with a wrong digit: ignored, the ordinary rules pay the oldest.
  std::string typo = statement.payment_reference();
  typo.back() = typo.back() == '9' ? '0' : static_cast<char>(typo.back() + 1);
  v1::Payment payment;
  ASSERT_TRUE(Pay(customer, 5'000, today, "", absl::StrCat("pay ", typo), &payment).ok());
  ASSERT_EQ(payment.allocations_size(), 1);
  EXPECT_EQ(payment.allocations(0).invoice(), older);
  EXPECT_EQ(payment.allocations(0).rule(), v1::ALLOCATION_RULE_OLDEST_FIRST);
  // In the memo, right: the statement's invoice first.
  ASSERT_TRUE(
      Pay(customer, 5'000, today, "", absl::StrCat("pay ", statement.payment_reference()), &payment)
          .ok());
  ASSERT_EQ(payment.allocations_size(), 1);
  EXPECT_EQ(payment.allocations(0).invoice(), a);
  EXPECT_EQ(payment.allocations(0).rule(), v1::ALLOCATION_RULE_REFERENCE);
}

TEST_F(PayingServiceTest, AcceptedDiscountSettlesTheInvoiceToTheFen) {
  const int64_t customer = NewCustomer("pay-portal-disc");
  const int64_t other = NewCustomer("pay-portal-disc-other");
  // 12,345.67 yuan due in 40 days.
  const std::string invoice = Invoice(customer, 1'234'567, today, 40, "DISC");
  // Sales cannot propose; a pay-by date on or after the due date is refused.
  EXPECT_EQ(Propose("sales_head", invoice, today + 10).error_code(), StatusCode::PERMISSION_DENIED);
  grpc::Status status = Propose("finance_staff", invoice, today + 40);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"pay_by_date"});

  // Finance proposes paying 30 days early at the default 2 bp a day: 60 bp of 1,234,567 fen =
  // 7,407.402 -> 7,407 fen (rounded down).
  v1::DiscountOffer offer;
  const std::string propose_id = NewRequestId();
  ASSERT_TRUE(Propose("finance_staff", invoice, today + 10, &offer, propose_id).ok());
  EXPECT_EQ(offer.days_early(), 30);
  EXPECT_EQ(offer.bp_per_day(), 2);
  EXPECT_EQ(offer.discount_fen(), 7'407);
  EXPECT_EQ(offer.to_pay_fen(), 1'227'160);
  EXPECT_EQ(offer.status(), v1::DISCOUNT_OFFER_STATUS_PROPOSED);
  v1::DiscountOffer replay;
  ASSERT_TRUE(Propose("finance_staff", invoice, today + 10, &replay, propose_id).ok());
  EXPECT_EQ(replay.name(), offer.name());
  // A second live offer on the invoice is refused.
  EXPECT_EQ(Propose("finance_staff", invoice, today + 5).error_code(),
            StatusCode::FAILED_PRECONDITION);

  // Another company's portal user cannot see or accept it; staff cannot accept.
  EXPECT_EQ(Accept("pay-portal-disc-other", offer.name()).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Accept("finance_head", offer.name()).error_code(), StatusCode::PERMISSION_DENIED);
  (void)other;
  // The portal shows it; its own portal user accepts (replayed once).
  const v1::GetPaymentInstructionsResponse shown = Instructions("pay-portal-disc", customer);
  ASSERT_EQ(shown.offers_size(), 1);
  EXPECT_EQ(shown.offers(0).name(), offer.name());
  const std::string accept_id = NewRequestId();
  v1::DiscountOffer accepted;
  ASSERT_TRUE(Accept("pay-portal-disc", offer.name(), &accepted, accept_id).ok());
  EXPECT_EQ(accepted.status(), v1::DISCOUNT_OFFER_STATUS_ACCEPTED);
  ASSERT_TRUE(Accept("pay-portal-disc", offer.name(), &accepted, accept_id).ok());
  EXPECT_EQ(Accept("pay-portal-disc", offer.name()).error_code(),
            StatusCode::FAILED_PRECONDITION);  // not proposed any more
  EXPECT_EQ(AuditCount(offer.name()), 2);      // proposed, accepted

  // Paying open - discount by the date settles the invoice in full.
  v1::Payment payment;
  ASSERT_TRUE(Pay(customer, 1'227'160, today, "", "", &payment).ok());
  ASSERT_EQ(payment.allocations_size(), 1);
  EXPECT_EQ(payment.allocations(0).amount_fen(), 1'227'160);
  EXPECT_EQ(payment.unapplied_fen(), 0);
  v1::Invoice paid = GetInvoice(invoice);
  EXPECT_EQ(paid.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(paid.open_fen(), 0);
  EXPECT_EQ(AuditCount(offer.name()), 3);  // honoured

  // The statement of the month shows it: opening + invoiced - received - discounted = closing.
  const v1::Statement statement = Generate(customer, Month(today));
  EXPECT_EQ(statement.discounted_fen(), 7'407);
  EXPECT_EQ(statement.received_fen(), 1'227'160);
  EXPECT_EQ(statement.invoiced_fen(), 1'234'567);
  EXPECT_EQ(statement.closing_balance_fen(), statement.opening_balance_fen());

  // The meeting pack counts its cost against the days it saved.
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::GetMeetingPackRequest request;
    request.set_month(Month(today));
    v1::GetMeetingPackResponse response;
    status = reports->GetMeetingPack(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GE(response.pack().discounts().count(), 1);
    EXPECT_GE(response.pack().discounts().cost_fen(), 7'407);
    EXPECT_GT(response.pack().discounts().dso_days_saved_tenths(), 0);
  }

  // A reversal (bounced transfer) gives the discount back with the cash: the invoice owes all.
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::ReversePaymentRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(payment.name());
    request.set_reason("bounced");
    v1::ReversePaymentResponse response;
    status = ledger->ReversePayment(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::Invoice reopened = GetInvoice(invoice);
  EXPECT_EQ(reopened.status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(reopened.open_fen(), 1'234'567);
  // The offer is accepted again and a new payment in time still honours it.
  ASSERT_TRUE(Pay(customer, 1'227'160, today, "", "", &payment).ok());
  EXPECT_EQ(GetInvoice(invoice).status(), v1::INVOICE_STATUS_PAID);
}

TEST_F(PayingServiceTest, ExpiredOrUnacceptedOffersGiveNoDiscount) {
  const int64_t customer = NewCustomer("pay-portal-exp");
  const std::string late = Invoice(customer, 100'000, today - 1, 31, "EXPL");
  const std::string unaccepted = Invoice(customer, 200'000, today - 1, 31, "EXPU");
  v1::DiscountOffer offer;
  ASSERT_TRUE(Propose("finance_head", late, today, &offer).ok());
  EXPECT_EQ(offer.discount_fen(), 100'000 * 2 * 30 / 10'000);  // 600 fen
  ASSERT_TRUE(Accept("pay-portal-exp", offer.name()).ok());
  v1::DiscountOffer not_accepted;
  ASSERT_TRUE(Propose("finance_head", unaccepted, today + 1, &not_accepted).ok());

  // Paid one day after the pay-by date: no discount, 600 fen stay open.
  v1::Payment payment;
  ASSERT_TRUE(
      Pay(customer, 99'400, today + 1, "", GetInvoice(late).invoice_number(), &payment).ok());
  v1::Invoice invoice = GetInvoice(late);
  EXPECT_EQ(invoice.status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(invoice.open_fen(), 600);
  // Not accepted: to_pay by the date pays only that much.
  ASSERT_TRUE(Pay(customer, not_accepted.to_pay_fen(), today, "",
                  GetInvoice(unaccepted).invoice_number(), &payment)
                  .ok());
  EXPECT_EQ(GetInvoice(unaccepted).open_fen(), not_accepted.discount_fen());

  // Accepting after the pay-by date: refused.
  v1::DiscountOffer expiring;
  const std::string third = Invoice(customer, 300'000, today, 40, "EXPT");
  ASSERT_TRUE(Propose("finance_head", third, today + 5, &expiring).ok());
  ASSERT_TRUE(store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
                auto& update =
                    db.Prepare("UPDATE discount_offers SET pay_by_date = ? WHERE id = ?");
                int64_t id = 0;
                EXPECT_TRUE(absl::SimpleAtoi(expiring.name().substr(15), &id));
                store::Params(update).Day(today - 1).Int64(id);
                update.executeUpdate();
                return absl::OkStatus();
              }).ok());
  grpc::Status status = Accept("pay-portal-exp", expiring.name());
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("expired"), std::string::npos);
}

// Runs last in this binary: it publishes the first term-policy version (effective at once,
// R-TERM-3) and takes it out of force again at the end, so the other tests see the default rate.
TEST_F(PayingServiceTest, R_DISC_1_ThePolicysOwnRateIsHonouredToTheFen) {
  auto terms = v1::TermPolicyService::NewStub(env.channel());
  v1::PublishTermPolicyRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_effective_date(Day(today));
  publish.set_early_discount_bp_per_day(7);
  *publish.mutable_rules() = StandardTermRules();
  v1::PublishTermPolicyResponse published;
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    grpc::Status status = terms->PublishTermPolicy(&context, publish, &published);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(published.term_policy().early_discount_bp_per_day(), 7);
  const int64_t version = published.term_policy().version();
  struct OutOfForce {
    ServiceTestEnv& env;
    int64_t version;
    ~OutOfForce() {
      absl::Status status =
          store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) {
            auto& update = db.Prepare(
                "UPDATE term_policies SET effective_date = '2100-01-01' WHERE version = ?");
            store::Params(update).Int64(version);
            update.executeUpdate();
            return absl::OkStatus();
          });
      EXPECT_TRUE(status.ok()) << status;
    }
  } out_of_force{env, version};

  // 23,456.78 yuan invoiced two days ago, due in 45 days, paid 33 days early at 7 bp a day:
  // 231 bp of 2,345,678 fen = 54,185.1618 -> 54,185 fen off (the default 2 bp a day would give
  // 15,481).
  const int64_t customer = NewCustomer("pay-portal-rate");
  const std::string invoice = Invoice(customer, 2'345'678, today - 2, 47, "RATE");
  v1::DiscountOffer offer;
  ASSERT_TRUE(Propose("finance_staff", invoice, today + 12, &offer).ok());
  EXPECT_EQ(offer.bp_per_day(), 7);
  EXPECT_EQ(offer.days_early(), 33);
  EXPECT_EQ(offer.discount_fen(), 54'185);
  EXPECT_EQ(offer.to_pay_fen(), 2'291'493);
  ASSERT_TRUE(Accept("pay-portal-rate", offer.name()).ok());
  v1::Payment payment;
  const std::string number = GetInvoice(invoice).invoice_number();
  // The transfer was received yesterday.
  ASSERT_TRUE(Pay(customer, 2'291'493, today - 1, "", number, &payment).ok());
  const v1::Invoice paid = GetInvoice(invoice);
  EXPECT_EQ(paid.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(paid.open_fen(), 0);
  ASSERT_EQ(payment.allocations_size(), 1);
  EXPECT_EQ(payment.allocations(0).amount_fen(), 2'291'493);
  EXPECT_EQ(payment.unapplied_fen(), 0);
  auto discounted = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        auto& select = db.Prepare("SELECT discounted_fen FROM invoices WHERE invoice_number = ?");
        store::Params(select).String(number);
        auto rows = store::Query(select);
        return rows->next() ? rows->getInt64(1) : -1;
      });
  ASSERT_TRUE(discounted.ok()) << discounted.status();
  EXPECT_EQ(*discounted, 54'185);
  // As of yesterday (the ledger as of a past day, store/ledger_as_of.h) the discount is booked
  // too: nothing of the invoice is open then.
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_head");
    v1::GetAgingReportRequest request;
    request.set_group_by(v1::REPORT_GROUPING_CUSTOMER);
    request.set_as_of_date(Day(today - 1));
    v1::GetAgingReportResponse response;
    grpc::Status status = reports->GetAgingReport(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    int64_t open_then = 0;
    for (const v1::AgingRow& row : response.report().rows()) {
      if (row.group() == absl::StrCat("customers/", customer)) open_then += row.total_fen();
    }
    EXPECT_EQ(open_then, 0);
  }

  // One fen short of the offer at the same rate is not the offer: no discount, the rest stays
  // open (8,888.88 yuan 20 days early: 140 bp = 12,444.432 -> 12,444 fen).
  const std::string short_paid = Invoice(customer, 888'888, today, 30, "RATS");
  v1::DiscountOffer second;
  ASSERT_TRUE(Propose("finance_staff", short_paid, today + 10, &second).ok());
  EXPECT_EQ(second.discount_fen(), 12'444);
  ASSERT_TRUE(Accept("pay-portal-rate", second.name()).ok());
  ASSERT_TRUE(Pay(customer, 888'888 - 12'444 - 1, today, "",
                  GetInvoice(short_paid).invoice_number(), &payment)
                  .ok());
  EXPECT_EQ(GetInvoice(short_paid).open_fen(), 12'444 + 1);
}

}  // namespace
}  // namespace huikuan::testing
