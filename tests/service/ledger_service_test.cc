// LedgerService through a real channel against the test MariaDB: terms from the core (new-customer
// ladder R-TERM-2), credit hold and credit limit, row scoping and role denials, cash application
// (R-PAY-1), manual allocation, reversal, the 10,000-row all-or-nothing batch, and 16 threads of
// payments retried after forced failures. Every test ends by checking the ledger invariants.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "huikuan/v1/audit_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

// The google.rpc.PreconditionFailure violation types of a failed call.
std::vector<std::string> PreconditionTypes(const grpc::Status& status) {
  std::vector<std::string> types;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return types;
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (any.UnpackTo(&failure)) {
      for (const auto& violation : failure.violations()) types.push_back(violation.type());
    }
  }
  return types;
}

class LedgerServiceTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::LedgerService::Stub> ledger = v1::LedgerService::NewStub(env.channel());

  void TearDown() override { ExpectInvariants(); }

  void ExpectInvariants() {
    auto violations = store::RunInTransaction<std::vector<std::string>>(
        env.pool(),
        [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<std::string>> {
          return store::CheckLedgerInvariants(db);
        });
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << violations->front();
  }

  // A customer owned by `owner_role`'s user with the given credit columns.
  int64_t NewCustomer(const std::string& owner_role, int64_t credit_limit_fen,
                      const std::string& tier = "general",
                      const std::string& credit_status = "active") {
    static std::atomic<int> counter{0};
    auto id = store::RunInTransaction<
        int64_t>(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
      store::CustomerRecord customer;
      customer.display_name = absl::StrCat("Ledger Co ", counter++);
      customer.owner_user_id = env.user_id(owner_role);
      customer.create_time = customer.update_time = absl::Now();
      customer = store::InsertCustomer(db, customer);
      auto& update = db.Prepare(
          "UPDATE customers SET credit_limit_fen = ?, tier = ?, credit_status = ? WHERE id = ?");
      update.setInt64(1, credit_limit_fen);
      update.setString(2, tier);
      update.setString(3, credit_status);
      update.setInt64(4, customer.id);
      update.executeUpdate();
      return customer.id;
    });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  void SetCustomer(int64_t id, const std::string& column, const std::string& value) {
    absl::Status status =
        store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
          auto& update =
              db.Prepare(absl::StrCat("UPDATE customers SET ", column, " = ? WHERE id = ?"));
          update.setString(1, value);
          update.setInt64(2, id);
          update.executeUpdate();
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  int64_t QueryInt(const std::string& sql, int64_t customer_id) {
    auto value = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto& select = db.Prepare(sql);
          select.setInt64(1, customer_id);
          auto rows = store::Query(select);
          rows->next();
          return rows->getInt64(1);
        });
    EXPECT_TRUE(value.ok()) << value.status();
    return value.value_or(-1);
  }
  int64_t InvoiceCount(int64_t customer_id) {
    return QueryInt("SELECT COUNT(*) FROM invoices WHERE customer_id = ?", customer_id);
  }

  static std::string CustomerName(int64_t id) { return absl::StrCat("customers/", id); }

  static v1::Invoice MakeInvoice(int64_t customer_id, const std::string& order, int64_t amount,
                                 const std::string& date = "2026-03-01") {
    v1::Invoice invoice;
    invoice.set_customer(CustomerName(customer_id));
    invoice.set_order_number(order);
    invoice.set_amount_fen(amount);
    invoice.set_invoice_date(date);
    return invoice;
  }

  grpc::Status CreateInvoice(const std::string& role, const v1::Invoice& invoice,
                             v1::Invoice* out = nullptr) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::CreateInvoiceRequest request;
    request.set_request_id(NewRequestId());
    *request.mutable_invoice() = invoice;
    v1::CreateInvoiceResponse response;
    grpc::Status status = ledger->CreateInvoice(&context, request, &response);
    if (out != nullptr) *out = response.invoice();
    return status;
  }

  v1::Invoice MustCreateInvoice(int64_t customer_id, const std::string& order, int64_t amount,
                                const std::string& date = "2026-03-01") {
    v1::Invoice out;
    grpc::Status status =
        CreateInvoice("finance_staff", MakeInvoice(customer_id, order, amount, date), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status GetInvoice(const std::string& role, const std::string& name,
                          v1::Invoice* out = nullptr) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetInvoiceRequest request;
    request.set_name(name);
    v1::GetInvoiceResponse response;
    grpc::Status status = ledger->GetInvoice(&context, request, &response);
    if (out != nullptr) *out = response.invoice();
    return status;
  }

  v1::Invoice MustGetInvoice(const std::string& name) {
    v1::Invoice out;
    grpc::Status status = GetInvoice("admin", name, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status RecordPayment(const std::string& role, int64_t customer_id, int64_t amount,
                             const std::string& reference, v1::Payment* out = nullptr,
                             const std::string& request_id = NewRequestId(),
                             const std::string& received_date = "2026-04-01") {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::RecordPaymentRequest request;
    request.set_request_id(request_id);
    request.mutable_payment()->set_customer(CustomerName(customer_id));
    request.mutable_payment()->set_amount_fen(amount);
    request.mutable_payment()->set_reference(reference);
    request.mutable_payment()->set_received_date(received_date);
    v1::RecordPaymentResponse response;
    grpc::Status status = ledger->RecordPayment(&context, request, &response);
    if (out != nullptr) *out = response.payment();
    return status;
  }

  v1::Payment MustRecordPayment(int64_t customer_id, int64_t amount,
                                const std::string& reference = "") {
    v1::Payment out;
    grpc::Status status = RecordPayment("finance_staff", customer_id, amount, reference, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::vector<v1::Invoice> ListAll(const std::string& role, v1::ListInvoicesRequest request,
                                   grpc::Status* last_status = nullptr) {
    std::vector<v1::Invoice> invoices;
    request.set_page_size(3);
    for (int page = 0; page < 1000; ++page) {
      grpc::ClientContext context;
      env.Authorize(context, role);
      v1::ListInvoicesResponse response;
      grpc::Status status = ledger->ListInvoices(&context, request, &response);
      if (last_status != nullptr) *last_status = status;
      if (!status.ok()) break;
      for (const auto& invoice : response.invoices()) invoices.push_back(invoice);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return invoices;
  }

  // A customer past the new-customer ladder (two settled ladder invoices), so later invoices are
  // on standard terms and fully on credit.
  int64_t EstablishedCustomer(int64_t credit_limit_fen, const std::string& owner = "sales_staff") {
    const int64_t id = NewCustomer(owner, credit_limit_fen);
    const v1::Invoice first = MustCreateInvoice(id, "ladder-1", 100);
    const v1::Invoice second = MustCreateInvoice(id, "ladder-2", 100);
    MustRecordPayment(id, 200, absl::StrCat(first.invoice_number(), " ", second.invoice_number()));
    return id;
  }
};

TEST_F(LedgerServiceTest, R_TERM_2_NewCustomerLadderInTheFirstThreeInvoices) {
  const int64_t id = NewCustomer("sales_staff", 100'000'000, "strategic_core");
  const v1::Invoice first = MustCreateInvoice(id, "SO-1", 1'000'000, "2026-03-01");
  EXPECT_EQ(first.prepaid_fen(), 1'000'000);
  EXPECT_EQ(first.prepayment_bp(), 10'000);
  EXPECT_EQ(first.credit_days(), 0);
  EXPECT_EQ(first.due_date(), "2026-03-01");
  EXPECT_EQ(first.open_fen(), 1'000'000);
  EXPECT_EQ(first.status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(first.invoice_number(), absl::StrCat("INV-", id, "-SO-1"));
  EXPECT_EQ(first.terms().tier(), "strategic_core");
  EXPECT_EQ(first.terms().prior_orders(), 0);
  ASSERT_GE(first.terms().steps_size(), 2);
  EXPECT_EQ(first.terms().steps(0).step(), "tier_base");
  EXPECT_EQ(first.terms().steps(1).step(), "new_customer_ladder");

  const v1::Invoice second = MustCreateInvoice(id, "SO-2", 1'000'001, "2026-03-10");
  EXPECT_EQ(second.prepayment_bp(), 5'000);
  EXPECT_EQ(second.prepaid_fen(), 500'001);  // half-up
  EXPECT_EQ(second.credit_days(), 45);
  EXPECT_EQ(second.due_date(), "2026-04-24");
  EXPECT_EQ(second.terms().prior_orders(), 1);

  const v1::Invoice third = MustCreateInvoice(id, "SO-3", 2'000'000, "2026-03-20");
  EXPECT_EQ(third.prepaid_fen(), 0);
  EXPECT_EQ(third.credit_days(), 60);  // the strategic tier's standard term
  EXPECT_EQ(third.due_date(), "2026-05-19");
  ASSERT_GE(third.terms().steps_size(), 2);
  EXPECT_EQ(third.terms().steps(0).step(), "tier_base");
  EXPECT_EQ(third.terms().steps(1).step(), "new_customer_ladder");
  EXPECT_TRUE(absl::StrContains(third.terms().steps(1).explanation(), "standard terms"))
      << third.terms().steps(1).explanation();

  // The breakdown is stored: GetInvoice shows the same terms.
  const v1::Invoice got = MustGetInvoice(second.name());
  EXPECT_EQ(got.terms().SerializeAsString(), second.terms().SerializeAsString());
  EXPECT_EQ(got.due_date(), "2026-04-24");

  // A general-tier customer's standard term is 30 days.
  const int64_t general = EstablishedCustomer(100'000'000);
  const v1::Invoice standard = MustCreateInvoice(general, "SO-G3", 5'000, "2026-03-01");
  EXPECT_EQ(standard.credit_days(), 30);
  EXPECT_EQ(standard.due_date(), "2026-03-31");
  EXPECT_EQ(standard.prepaid_fen(), 0);
}

// Last month's orders over 1,000,000 yuan, all paid before due: +15 days this month; the same
// volume paid late: standard terms. The inputs are those GetEffectiveTerms shows.
TEST_F(LedgerServiceTest, R_TERM_1_VolumePaidEarlyAddsFifteenDays) {
  auto customer_with_february = [&](const std::string& received) {
    const int64_t id = NewCustomer("sales_staff", 1'000'000'000'000);
    const v1::Invoice l1 = MustCreateInvoice(id, "V-1", 100, "2026-01-05");
    const v1::Invoice l2 = MustCreateInvoice(id, "V-2", 100, "2026-01-06");
    EXPECT_TRUE(RecordPayment("finance_staff", id, 200,
                              absl::StrCat(l1.invoice_number(), " ", l2.invoice_number()), nullptr,
                              NewRequestId(), "2026-01-05")
                    .ok());
    const v1::Invoice big = MustCreateInvoice(id, "V-3", 150'000'000, "2026-02-02");
    EXPECT_EQ(big.due_date(), "2026-03-04");
    EXPECT_TRUE(RecordPayment("finance_staff", id, 150'000'000, big.invoice_number(), nullptr,
                              NewRequestId(), received)
                    .ok());
    return id;
  };
  const int64_t early = customer_with_february("2026-02-20");
  const v1::Invoice march = MustCreateInvoice(early, "V-4", 5'000, "2026-03-05");
  EXPECT_EQ(march.credit_days(), 45);  // general 30 + 15
  EXPECT_EQ(march.due_date(), "2026-04-19");
  bool bonus = false;
  for (const auto& step : march.terms().steps()) bonus |= step.step() == "volume_early_payment";
  EXPECT_TRUE(bonus);

  const int64_t late = customer_with_february("2026-03-10");
  EXPECT_EQ(MustCreateInvoice(late, "V-4", 5'000, "2026-03-05").credit_days(), 30);
}

TEST_F(LedgerServiceTest, CreditHoldAndLitigationRejectNewInvoices) {
  const int64_t id = NewCustomer("sales_staff", 100'000'000, "general", "on_hold");
  grpc::Status status = CreateInvoice("finance_staff", MakeInvoice(id, "H-1", 1000));
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "credit hold")) << status.error_message();
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"CREDIT_HOLD"});

  SetCustomer(id, "credit_status", "in_litigation");
  status = CreateInvoice("finance_staff", MakeInvoice(id, "H-1", 1000));
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "litigation")) << status.error_message();
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"IN_LITIGATION"});
  EXPECT_EQ(InvoiceCount(id), 0);

  SetCustomer(id, "credit_status", "active");
  EXPECT_TRUE(CreateInvoice("finance_staff", MakeInvoice(id, "H-1", 1000)).ok());
}

TEST_F(LedgerServiceTest, CreditLimitCoversOnlyTheCreditPart) {
  // Limit 0 = no credit: the fully prepaid first order passes, the half-prepaid second does not.
  const int64_t id = NewCustomer("sales_staff", 0);
  const v1::Invoice first = MustCreateInvoice(id, "L-1", 300'000);
  grpc::Status status = CreateInvoice("finance_staff", MakeInvoice(id, "L-2", 100'000));
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"CREDIT_LIMIT"});
  EXPECT_TRUE(absl::StrContains(status.error_message(), "credit limit")) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "500.00")) << status.error_message();

  // Limit 500 yuan: the second order's credit part is exactly 500 yuan; the unpaid prepaid first
  // invoice does not count against the limit.
  SetCustomer(id, "credit_limit_fen", "50000");
  const v1::Invoice second = MustCreateInvoice(id, "L-2", 100'000);
  EXPECT_EQ(second.prepaid_fen(), 50'000);
  status = CreateInvoice("finance_staff", MakeInvoice(id, "L-3", 1));
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status), std::vector<std::string>{"CREDIT_LIMIT"});

  // Paying 600 yuan of the second invoice: the prepaid half first, then 100 yuan of credit.
  v1::Payment payment = MustRecordPayment(id, 60'000, second.invoice_number());
  EXPECT_EQ(MustGetInvoice(second.name()).open_fen(), 40'000);
  // Open credit is now 400 yuan: a 100-yuan order on credit fits exactly, one more fen does not.
  EXPECT_EQ(CreateInvoice("finance_staff", MakeInvoice(id, "L-3", 10'001)).error_code(),
            StatusCode::FAILED_PRECONDITION);
  const v1::Invoice third = MustCreateInvoice(id, "L-3", 10'000);
  EXPECT_EQ(third.prepaid_fen(), 0);
  EXPECT_EQ(InvoiceCount(id), 3);
  (void)first;
  (void)payment;
}

TEST_F(LedgerServiceTest, RolesAndRowScoping) {
  const int64_t mine = NewCustomer("sales_staff", 100'000'000);
  const int64_t theirs = NewCustomer(ServiceTestEnv::kOtherSales, 100'000'000);
  v1::Invoice own;
  ASSERT_TRUE(CreateInvoice("sales_staff", MakeInvoice(mine, "S-1", 1000), &own).ok());
  // Sales staff cannot invoice (or see) another salesperson's customer.
  EXPECT_EQ(CreateInvoice("sales_staff", MakeInvoice(theirs, "S-1", 1000)).error_code(),
            StatusCode::NOT_FOUND);
  v1::Invoice other;
  ASSERT_TRUE(CreateInvoice("sales_head", MakeInvoice(theirs, "S-1", 1000), &other).ok());
  EXPECT_EQ(GetInvoice("sales_staff", other.name()).error_code(), StatusCode::NOT_FOUND);
  EXPECT_TRUE(GetInvoice("sales_staff", own.name()).ok());
  EXPECT_TRUE(GetInvoice(ServiceTestEnv::kOtherSales, other.name()).ok());
  for (const std::string role : {"legal_staff", "investment_head", "management_staff", "admin"}) {
    EXPECT_TRUE(GetInvoice(role, other.name()).ok()) << role;
  }
  // Roles that may not write.
  for (const std::string role : {"customer", "legal_head", "investment_staff", "management_head"}) {
    EXPECT_EQ(CreateInvoice(role, MakeInvoice(mine, absl::StrCat("D-", role), 1000)).error_code(),
              StatusCode::PERMISSION_DENIED)
        << role;
  }
  for (const std::string role : {"sales_staff", "sales_head", "customer", "legal_staff"}) {
    EXPECT_EQ(RecordPayment(role, mine, 100, "").error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  // Sales staff list only their customers' invoices.
  v1::ListInvoicesRequest list;
  for (const auto& invoice : ListAll("sales_staff", list)) {
    EXPECT_NE(invoice.customer(), CustomerName(theirs));
  }
  list.set_customer(CustomerName(theirs));
  EXPECT_TRUE(ListAll("sales_staff", list).empty());

  // The customer user reads its own company's invoices only.
  const int64_t portal = env.portal_customer_id();
  SetCustomer(portal, "credit_limit_fen", "100000000");
  const v1::Invoice portal_invoice = MustCreateInvoice(portal, "P-1", 1000);
  EXPECT_TRUE(GetInvoice("customer", portal_invoice.name()).ok());
  EXPECT_EQ(GetInvoice("customer", own.name()).error_code(), StatusCode::NOT_FOUND);
  std::vector<v1::Invoice> seen = ListAll("customer", v1::ListInvoicesRequest());
  ASSERT_FALSE(seen.empty());
  for (const auto& invoice : seen) EXPECT_EQ(invoice.customer(), CustomerName(portal));
  list.set_customer(CustomerName(mine));
  EXPECT_TRUE(ListAll("customer", list).empty());

  // Payments: finance records; the customer user sees its own, not others'.
  v1::Payment paid = MustRecordPayment(portal, 1000);
  v1::Payment elsewhere = MustRecordPayment(mine, 1000);
  for (const auto& [role, name, code] :
       std::vector<std::tuple<std::string, std::string, StatusCode>>{
           {"customer", paid.name(), StatusCode::OK},
           {"customer", elsewhere.name(), StatusCode::NOT_FOUND},
           {ServiceTestEnv::kOtherSales, elsewhere.name(), StatusCode::NOT_FOUND},
           {"sales_staff", elsewhere.name(), StatusCode::OK},
           {"legal_head", elsewhere.name(), StatusCode::OK}}) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetPaymentRequest request;
    request.set_name(name);
    v1::GetPaymentResponse response;
    EXPECT_EQ(ledger->GetPayment(&context, request, &response).error_code(), code)
        << role << " " << name;
  }
  // Reversal and allocation are finance's.
  for (const std::string role : {"sales_head", "customer", "management_head"}) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ReversePaymentRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(paid.name());
    v1::ReversePaymentResponse response;
    EXPECT_EQ(ledger->ReversePayment(&context, request, &response).error_code(),
              StatusCode::PERMISSION_DENIED)
        << role;
  }
}

TEST_F(LedgerServiceTest, InvalidInvoicesNameTheirFields) {
  const int64_t id = NewCustomer("sales_staff", 100'000'000);
  v1::Invoice bad;
  bad.set_customer("customer/1");
  bad.set_amount_fen(0);
  bad.set_invoice_date("2026-02-30");
  grpc::Status status = CreateInvoice("finance_head", bad);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"invoice.customer", "invoice.order_number",
                                      "invoice.amount_fen", "invoice.invoice_date"}));
  EXPECT_EQ(CreateInvoice("finance_head", MakeInvoice(id + 1'000'000, "X", 1)).error_code(),
            StatusCode::NOT_FOUND);

  MustCreateInvoice(id, "DUP", 1000);
  EXPECT_EQ(CreateInvoice("finance_head", MakeInvoice(id, "DUP", 1000)).error_code(),
            StatusCode::ALREADY_EXISTS);
  v1::Invoice taken = MakeInvoice(id, "DUP-2", 1000);
  taken.set_invoice_number(absl::StrCat("INV-", id, "-DUP"));
  EXPECT_EQ(CreateInvoice("finance_head", taken).error_code(), StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(InvoiceCount(id), 1);

  grpc::Status list_status;
  v1::ListInvoicesRequest list;
  list.set_due_date_from("tomorrow");
  ListAll("admin", list, &list_status);
  EXPECT_EQ(list_status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(list_status), std::vector<std::string>{"due_date_from"});
}

TEST_F(LedgerServiceTest, ListInvoicesFiltersAndPages) {
  const int64_t id = EstablishedCustomer(100'000'000);
  const v1::Invoice a = MustCreateInvoice(id, "F-A", 1000, "2026-01-01");  // due 01-31
  const v1::Invoice b = MustCreateInvoice(id, "F-B", 2000, "2026-02-01");  // due 03-03
  const v1::Invoice c = MustCreateInvoice(id, "F-C", 3000, "2026-03-01");  // due 03-31
  MustRecordPayment(id, 2000, b.invoice_number());                         // b paid

  auto names = [](const std::vector<v1::Invoice>& invoices) {
    std::vector<std::string> out;
    for (const auto& invoice : invoices) out.push_back(invoice.name());
    return out;
  };
  v1::ListInvoicesRequest request;
  request.set_customer(CustomerName(id));
  EXPECT_EQ(ListAll("finance_staff", request).size(), 5u);  // two ladder invoices + 3, paged by 3

  request.set_status(v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(ListAll("finance_staff", request).size(), 3u);  // both ladder invoices and b
  request.clear_status();

  request.set_overdue_only(true);
  request.set_as_of_date("2026-03-15");
  EXPECT_EQ(names(ListAll("finance_staff", request)), std::vector<std::string>{a.name()});
  request.set_as_of_date("2026-04-01");
  EXPECT_EQ(names(ListAll("finance_staff", request)),
            (std::vector<std::string>{a.name(), c.name()}));
  request.set_overdue_only(false);
  request.clear_as_of_date();

  request.set_due_date_from("2026-03-02");  // the first ladder invoice is due 03-01
  request.set_due_date_to("2026-03-31");
  EXPECT_EQ(names(ListAll("finance_staff", request)),
            (std::vector<std::string>{b.name(), c.name()}));
}

TEST_F(LedgerServiceTest, R_PAY_1_CashApplicationByReferenceExactAmountOldestFirst) {
  const int64_t id = EstablishedCustomer(100'000'000);
  const v1::Invoice i1 = MustCreateInvoice(id, "C-1", 10'000, "2026-01-05");
  const v1::Invoice i2 = MustCreateInvoice(id, "C-2", 20'000, "2026-01-10");
  const v1::Invoice i3 = MustCreateInvoice(id, "C-3", 30'000, "2026-01-15");
  const v1::Invoice i4 = MustCreateInvoice(id, "C-4", 40'000, "2026-01-20");

  // By reference: the customer names C-3 and pays it in full.
  v1::Payment p1 = MustRecordPayment(id, 30'000, absl::StrCat("pay ", i3.invoice_number()));
  ASSERT_EQ(p1.allocations_size(), 1);
  EXPECT_EQ(p1.allocations(0).invoice(), i3.name());
  EXPECT_EQ(p1.allocations(0).rule(), v1::ALLOCATION_RULE_REFERENCE);
  EXPECT_EQ(p1.unapplied_fen(), 0);
  EXPECT_EQ(MustGetInvoice(i3.name()).status(), v1::INVOICE_STATUS_PAID);

  // Exact amount: 20,000 matches C-2 exactly although C-1 is older.
  v1::Payment p2 = MustRecordPayment(id, 20'000);
  ASSERT_EQ(p2.allocations_size(), 1);
  EXPECT_EQ(p2.allocations(0).invoice(), i2.name());
  EXPECT_EQ(p2.allocations(0).rule(), v1::ALLOCATION_RULE_EXACT_AMOUNT);

  // Oldest first: 15,000 pays C-1 (10,000) then 5,000 of C-4.
  v1::Payment p3 = MustRecordPayment(id, 15'000);
  ASSERT_EQ(p3.allocations_size(), 2);
  EXPECT_EQ(p3.allocations(0).invoice(), i1.name());
  EXPECT_EQ(p3.allocations(0).amount_fen(), 10'000);
  EXPECT_EQ(p3.allocations(0).rule(), v1::ALLOCATION_RULE_OLDEST_FIRST);
  EXPECT_EQ(p3.allocations(1).invoice(), i4.name());
  EXPECT_EQ(p3.allocations(1).amount_fen(), 5'000);
  EXPECT_EQ(MustGetInvoice(i4.name()).open_fen(), 35'000);

  // Overpayment: 35,000 closes C-4, 1,234 stays unapplied on the payment.
  v1::Payment p4 = MustRecordPayment(id, 36'234);
  EXPECT_EQ(p4.unapplied_fen(), 1'234);
  EXPECT_EQ(MustGetInvoice(i4.name()).open_fen(), 0);
  EXPECT_EQ(MustGetInvoice(i4.name()).status(), v1::INVOICE_STATUS_PAID);
  // Nothing open: everything stays unapplied.
  v1::Payment p5 = MustRecordPayment(id, 999);
  EXPECT_EQ(p5.allocations_size(), 0);
  EXPECT_EQ(p5.unapplied_fen(), 999);

  // The same request id again returns the first response and records nothing new.
  const std::string request_id = NewRequestId();
  v1::Payment first;
  v1::Payment again;
  ASSERT_TRUE(RecordPayment("finance_head", id, 500, "", &first, request_id).ok());
  ASSERT_TRUE(RecordPayment("finance_head", id, 500, "", &again, request_id).ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM payments WHERE customer_id = ?", id), 7);
}

TEST_F(LedgerServiceTest, ManualAllocationAndReversal) {
  const int64_t id = EstablishedCustomer(100'000'000);
  const v1::Invoice i1 = MustCreateInvoice(id, "M-1", 10'000, "2026-01-05");
  const v1::Invoice i2 = MustCreateInvoice(id, "M-2", 20'000, "2026-01-10");
  // 25,000: C-1 fully (oldest), 15,000 of M-2.
  v1::Payment payment = MustRecordPayment(id, 25'000);
  EXPECT_EQ(MustGetInvoice(i1.name()).status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(MustGetInvoice(i2.name()).open_fen(), 5'000);
  // An unapplied payment, then manual allocation of part of it.
  v1::Payment loose = MustRecordPayment(id, 7'000);
  EXPECT_EQ(loose.unapplied_fen(), 2'000);  // 5,000 closed M-2 (oldest first)
  const v1::Invoice i3 = MustCreateInvoice(id, "M-3", 3'000, "2026-02-01");

  auto allocate = [&](const std::string& role, const std::string& payment_name,
                      const std::string& invoice_name, int64_t amount,
                      v1::AllocatePaymentResponse* out = nullptr) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::AllocatePaymentRequest request;
    request.set_request_id(NewRequestId());
    request.set_payment(payment_name);
    request.set_invoice(invoice_name);
    request.set_amount_fen(amount);
    v1::AllocatePaymentResponse response;
    grpc::Status status = ledger->AllocatePayment(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  };
  EXPECT_EQ(allocate("finance_staff", loose.name(), i3.name(), 2'001).error_code(),
            StatusCode::FAILED_PRECONDITION);  // more than unapplied
  EXPECT_EQ(allocate("finance_staff", loose.name(), i1.name(), 1).error_code(),
            StatusCode::FAILED_PRECONDITION);  // paid invoice
  EXPECT_EQ(allocate("sales_head", loose.name(), i3.name(), 1).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(allocate("finance_staff", loose.name(), i3.name(), 0).error_code(),
            StatusCode::INVALID_ARGUMENT);
  v1::AllocatePaymentResponse allocated;
  ASSERT_TRUE(allocate("finance_head", loose.name(), i3.name(), 2'000, &allocated).ok());
  EXPECT_EQ(allocated.payment().unapplied_fen(), 0);
  EXPECT_EQ(allocated.invoice().open_fen(), 1'000);
  ASSERT_EQ(allocated.payment().allocations_size(), 2);
  EXPECT_EQ(allocated.payment().allocations(1).rule(), v1::ALLOCATION_RULE_MANUAL);
  ExpectInvariants();

  // The first payment bounces: M-1 and M-2 get their amounts back, M-1 reopens.
  grpc::ClientContext context;
  env.Authorize(context, "finance_head");
  v1::ReversePaymentRequest reverse;
  reverse.set_request_id(NewRequestId());
  reverse.set_name(payment.name());
  reverse.set_reason("bounced: insufficient funds");
  v1::ReversePaymentResponse reversed;
  ASSERT_TRUE(ledger->ReversePayment(&context, reverse, &reversed).ok());
  EXPECT_EQ(reversed.payment().status(), v1::PAYMENT_STATUS_REVERSED);
  EXPECT_EQ(reversed.payment().unapplied_fen(), 0);
  EXPECT_EQ(reversed.payment().reversal_reason(), "bounced: insufficient funds");
  for (const auto& allocation : reversed.payment().allocations())
    EXPECT_TRUE(allocation.reversed());
  EXPECT_EQ(MustGetInvoice(i1.name()).open_fen(), 10'000);
  EXPECT_EQ(MustGetInvoice(i1.name()).status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(MustGetInvoice(i2.name()).open_fen(), 15'000);  // 20,000 - 5,000 from `loose`
  ExpectInvariants();

  // Reversing twice is refused; a reversed payment cannot be allocated.
  grpc::ClientContext again_context;
  env.Authorize(again_context, "finance_head");
  reverse.set_request_id(NewRequestId());
  EXPECT_EQ(ledger->ReversePayment(&again_context, reverse, &reversed).error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(allocate("finance_staff", payment.name(), i1.name(), 1).error_code(),
            StatusCode::FAILED_PRECONDITION);
}

TEST_F(LedgerServiceTest, BatchOfTenThousandIsAllOrNothing) {
  constexpr int kCustomers = 50;
  constexpr int kRows = 10'000;
  std::vector<int64_t> customers;
  for (int c = 0; c < kCustomers; ++c)
    customers.push_back(NewCustomer("sales_head", 1'000'000'000'000));
  auto make_batch = [&](const std::string& prefix) {
    v1::CreateInvoicesRequest request;
    request.set_request_id(NewRequestId());
    for (int i = 0; i < kRows; ++i) {
      *request.add_invoices() = MakeInvoice(customers[i % kCustomers], absl::StrCat(prefix, i),
                                            1'000 + i, i % 2 == 0 ? "2026-01-15" : "2026-02-15");
    }
    return request;
  };
  auto count_all = [&] {
    int64_t total = 0;
    for (int64_t id : customers) total += InvoiceCount(id);
    return total;
  };
  auto send = [&](const v1::CreateInvoicesRequest& request, v1::CreateInvoicesResponse* response) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    return ledger->CreateInvoices(&context, request, response);
  };

  // One bad row anywhere: INVALID_ARGUMENT naming it, nothing written.
  v1::CreateInvoicesRequest bad = make_batch("B-");
  bad.mutable_invoices(17)->set_amount_fen(-5);
  bad.mutable_invoices(9'999)->set_invoice_date("2026-13-01");
  v1::CreateInvoicesResponse response;
  grpc::Status status = send(bad, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"invoices[17].amount_fen", "invoices[9999].invoice_date"}));
  EXPECT_EQ(count_all(), 0);

  // A rule failure late in the batch (a customer on hold): nothing written either.
  SetCustomer(customers[7], "credit_status", "on_hold");
  status = send(make_batch("B-"), &response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "invoices[7]: ")) << status.error_message();
  EXPECT_EQ(count_all(), 0);
  SetCustomer(customers[7], "credit_status", "active");

  // Duplicate order numbers inside the batch.
  v1::CreateInvoicesRequest duplicated = make_batch("B-");
  duplicated.mutable_invoices(5'050)->set_order_number("B-50");  // same customer as row 50
  status = send(duplicated, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"invoices[5050].order_number"});
  EXPECT_EQ(count_all(), 0);

  // The good batch: all 10,000 rows, in order, each customer's first two on the ladder.
  const absl::Time start = absl::Now();
  status = send(make_batch("B-"), &response);
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::printf("CreateInvoices: %d rows in %s\n", kRows, absl::FormatDuration(took).c_str());
  ASSERT_EQ(response.invoices_size(), kRows);
  EXPECT_EQ(count_all(), kRows);
  EXPECT_EQ(response.invoices(0).prepaid_fen(), 1'000);  // 1st order: 100% prepaid
  EXPECT_EQ(response.invoices(0).due_date(), "2026-01-15");
  // 2nd order of the same customer: 50% prepaid, rest at 45 days.
  EXPECT_EQ(response.invoices(kCustomers).prepaid_fen(), (1'000 + kCustomers + 1) / 2);
  EXPECT_EQ(response.invoices(kCustomers).due_date(), "2026-03-01");
  // 3rd: standard terms of the general tier.
  EXPECT_EQ(response.invoices(2 * kCustomers).prepaid_fen(), 0);
  EXPECT_EQ(response.invoices(2 * kCustomers).due_date(), "2026-02-14");
  for (int i = 0; i < kRows; ++i) {
    ASSERT_EQ(response.invoices(i).invoice_number(),
              absl::StrCat("INV-", customers[i % kCustomers], "-B-", i));
  }
  const v1::Invoice got = MustGetInvoice(response.invoices(123).name());
  EXPECT_EQ(got.amount_fen(), 1'123);
  EXPECT_EQ(got.terms().tier(), "general");

  // Sending the same rows again (a new request id): ALREADY_EXISTS naming the first row.
  status = send(make_batch("B-"), &response);
  EXPECT_EQ(status.error_code(), StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "invoices[0].order_number"))
      << status.error_message();
  EXPECT_EQ(count_all(), kRows);
}

// 16 threads record payments against the same 4 customers. Every call is first sent with a 1 ms
// deadline (it fails on the client; on the server it may or may not have committed), then retried
// with the same request_id until it succeeds. Afterwards: each request recorded exactly once,
// the invariants hold and every customer's applied cash is exact to the fen.
TEST_F(LedgerServiceTest, ConcurrentPaymentsRetriedAfterForcedFailuresApplyExactlyOnce) {
  constexpr int kThreads = 16;
  constexpr int kPaymentsPerThread = 12;
  constexpr int kCustomers = 4;
  std::vector<int64_t> customers;
  std::vector<int64_t> invoiced(kCustomers, 0);
  for (int c = 0; c < kCustomers; ++c) {
    customers.push_back(EstablishedCustomer(1'000'000'000'000));
    for (int i = 0; i < 12; ++i) {
      const int64_t amount = 10'000 + 137 * i + c;
      MustCreateInvoice(customers[c], absl::StrCat("K-", i), amount,
                        absl::StrCat("2026-01-", 10 + i));
      invoiced[c] += amount;
    }
  }
  std::atomic<int> forced_failures{0};
  std::atomic<int> retries{0};
  std::atomic<int> replayed{0};
  std::vector<int64_t> paid(kCustomers, 0);
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < kPaymentsPerThread; ++k) paid[t % kCustomers] += 1'001 + 17 * t + k;
  }
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = v1::LedgerService::NewStub(env.channel());
      for (int k = 0; k < kPaymentsPerThread; ++k) {
        v1::RecordPaymentRequest request;
        request.set_request_id(absl::StrCat("conc-", t, "-", k, "-", NewRequestId()));
        request.mutable_payment()->set_customer(CustomerName(customers[t % kCustomers]));
        request.mutable_payment()->set_amount_fen(1'001 + 17 * t + k);
        request.mutable_payment()->set_received_date("2026-04-01");
        {
          grpc::ClientContext context;
          env.Authorize(context, "finance_staff");
          // 1-8 ms: the shortest fail before the server sees the call, the longer ones often
          // after it committed, so the retry must replay instead of paying twice.
          context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::milliseconds(1 + (t + k) % 8));
          v1::RecordPaymentResponse response;
          if (!stub->RecordPayment(&context, request, &response).ok()) ++forced_failures;
        }
        const auto retry_start = std::chrono::system_clock::now();
        for (int attempt = 0;; ++attempt) {
          grpc::ClientContext context;
          env.Authorize(context, "finance_staff");
          v1::RecordPaymentResponse response;
          grpc::Status status = stub->RecordPayment(&context, request, &response);
          if (status.ok()) {
            if (response.payment().amount_fen() != request.payment().amount_fen()) {
              errors[t] = "replayed response for another payment";
            }
            // Created before the retry was sent: the failed first call had committed.
            if (response.payment().create_time().seconds() * 1'000'000'000LL +
                    response.payment().create_time().nanos() <
                std::chrono::duration_cast<std::chrono::nanoseconds>(retry_start.time_since_epoch())
                    .count()) {
              ++replayed;
            }
            break;
          }
          ++retries;
          if (attempt > 200 || (status.error_code() != StatusCode::ABORTED &&
                                status.error_code() != StatusCode::UNAVAILABLE &&
                                status.error_code() != StatusCode::DEADLINE_EXCEEDED)) {
            errors[t] = absl::StrCat(status.error_code(), ": ", status.error_message());
            return;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  std::printf("forced failures: %d (committed before the failure, replayed: %d), retries: %d\n",
              forced_failures.load(), replayed.load(), retries.load());
  EXPECT_GT(forced_failures.load(), 0);

  for (int c = 0; c < kCustomers; ++c) {
    const int64_t id = customers[c];
    // Two settlement payments of EstablishedCustomer plus this test's.
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM payments WHERE customer_id = ?", id),
              1 + kThreads / kCustomers * kPaymentsPerThread);
    EXPECT_EQ(QueryInt("SELECT SUM(amount_fen) FROM payments WHERE customer_id = ?", id),
              200 + paid[c]);
    // Oldest-first application without references applies min(paid, invoiced) exactly.
    const int64_t applied = std::min(paid[c], invoiced[c]);
    EXPECT_EQ(
        QueryInt("SELECT SUM(amount_fen - unapplied_fen) FROM payments WHERE customer_id = ?", id),
        200 + applied);
    EXPECT_EQ(QueryInt("SELECT SUM(open_fen) FROM invoices WHERE customer_id = ?", id),
              invoiced[c] - applied);
    EXPECT_EQ(QueryInt("SELECT SUM(a.amount_fen) FROM payment_allocations a JOIN payments p "
                       "ON p.id = a.payment_id WHERE p.customer_id = ? AND a.reversed = 0",
                       id),
              200 + applied);
  }
}

// 16 threads create invoice batches for 16 new customers whose ids (and so whose ranges of the
// invoices_customer_status_due index) are neighbours. Each batch's locking read of its customer's
// invoices locked, under REPEATABLE READ, the gap up to the next customer's first entry: where a
// new customer's first rows go, and where the neighbouring batches' reads lock too. InnoDB
// deadlocked them (12 here with the read under REPEATABLE READ, 140 in 8 s of the cluster
// benchmark, some calls ABORTED even after the runtime's retries). Under READ COMMITTED none
// happens: the server's deadlock counter does not move (ledger_tests runs alone, RUN_SERIAL), and
// every batch is created once.
TEST_F(LedgerServiceTest, ConcurrentBatchesOfNeighbouringCustomersNeverDeadlock) {
  constexpr int kThreads = 16;
  constexpr int kBatches = 20;
  constexpr int kRows = 50;
  std::vector<int64_t> customers;
  for (int t = 0; t < kThreads; ++t) {
    customers.push_back(NewCustomer("sales_staff", 1'000'000'000'000));
  }
  auto deadlocks = [&] {
    auto count = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto rows = store::Query(db.Prepare("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'"));
          rows->next();
          return rows->getInt64(2);
        });
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  };
  const int64_t deadlocks_before = deadlocks();
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = v1::LedgerService::NewStub(env.channel());
      for (int b = 0; b < kBatches; ++b) {
        v1::CreateInvoicesRequest request;
        request.set_request_id(absl::StrCat("neighbours-", customers[t], "-", b));
        for (int row = 0; row < kRows; ++row) {
          *request.add_invoices() = MakeInvoice(customers[t], absl::StrCat("N-", b, "-", row),
                                                10'000 + row, "2026-03-02");
        }
        grpc::ClientContext context;
        env.Authorize(context, "sales_staff");
        v1::CreateInvoicesResponse response;
        grpc::Status status = stub->CreateInvoices(&context, request, &response);
        if (!status.ok()) {
          ++failed;
          ADD_FAILURE() << status.error_code() << " " << status.error_message();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  const int64_t deadlocked = deadlocks() - deadlocks_before;
  std::printf("InnoDB deadlocks during the batches: %lld\n", static_cast<long long>(deadlocked));
  EXPECT_EQ(deadlocked, 0);
  for (int64_t id : customers) EXPECT_EQ(InvoiceCount(id), kBatches * kRows);
}

// Concurrent orders of one customer that each fit the credit limit but not together: the customer
// lock serialises the credit checks, so exactly as many succeed as the limit allows.
TEST_F(LedgerServiceTest, ConcurrentOrdersNeverExceedTheCreditLimit) {
  const int64_t id = EstablishedCustomer(100'000);  // 1,000 yuan of credit
  constexpr int kOrders = 8;                        // 8 x 300 yuan; 3 fit
  std::vector<std::thread> threads;
  std::vector<grpc::Status> statuses(kOrders);
  for (int i = 0; i < kOrders; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = CreateInvoice("finance_staff", MakeInvoice(id, absl::StrCat("R-", i), 30'000));
    });
  }
  for (auto& thread : threads) thread.join();
  int created = 0;
  for (const auto& status : statuses) {
    if (status.ok()) {
      ++created;
    } else {
      EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION) << status.error_message();
    }
  }
  EXPECT_EQ(created, 3);
  EXPECT_EQ(QueryInt("SELECT SUM(open_fen) FROM invoices WHERE customer_id = ? AND "
                     "order_number LIKE 'R-%'",
                     id),
            90'000);
}

// The invariants query printed in README.md ("Ledger invariants") runs, finds nothing on a
// consistent ledger, and finds a corrupted balance (inside a transaction that is rolled back).
TEST_F(LedgerServiceTest, ReadmeInvariantsQueryDetectsACorruptedBalance) {
  const char* source_dir = std::getenv("HUIKUAN_SOURCE_DIR");
  ASSERT_NE(source_dir, nullptr) << "HUIKUAN_SOURCE_DIR is not set (run under make test)";
  std::ifstream readme(std::string(source_dir) + "/README.md");
  std::stringstream text;
  text << readme.rdbuf();
  const std::string all = text.str();
  const size_t section = all.find("### Ledger invariants");
  ASSERT_NE(section, std::string::npos);
  const size_t begin = all.find("```sql\n", section);
  ASSERT_NE(begin, std::string::npos);
  const size_t end = all.find("```", begin + 7);
  std::string query = all.substr(begin + 7, end - begin - 7);
  query = query.substr(0, query.rfind(';'));

  const int64_t id = EstablishedCustomer(100'000'000);
  const v1::Invoice invoice = MustCreateInvoice(id, "Q-1", 10'000);
  MustRecordPayment(id, 4'000, invoice.invoice_number());
  auto count_rows = [](store::ConnectionPool::Lease& db, const std::string& sql) {
    auto rows = store::Query(db.Prepare(sql));
    int count = 0;
    while (rows->next()) ++count;
    return count;
  };
  absl::Status status =
      store::RunInTransaction(env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::Status {
        EXPECT_EQ(count_rows(db, query), 0);
        EXPECT_EQ(count_rows(db, store::kLedgerInvariantsSql), 0);
        auto& corrupt = db.Prepare("UPDATE invoices SET open_fen = open_fen + 1 WHERE id = ?");
        corrupt.setInt64(1, std::stoll(invoice.name().substr(9)));
        corrupt.executeUpdate();
        EXPECT_GE(count_rows(db, query), 1);
        EXPECT_GE(count_rows(db, store::kLedgerInvariantsSql), 1);
        return absl::AbortedError("roll back the corruption");
      });
  EXPECT_TRUE(absl::IsAborted(status)) << status;
}

// Issue 8's defect: a client that retries after a timeout sends the same request_id while the
// first is still running. Every send must get the first one's stored response (one payment, one
// audit trail), never a deadlock the client sees as ABORTED.
TEST_F(LedgerServiceTest, ConcurrentRepeatsOfOneRequestIdAllGetTheFirstResponse) {
  const int64_t id = NewCustomer("sales_staff", 100'000'000);
  MustCreateInvoice(id, "DUP-1", 50'000);
  v1::RecordPaymentRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_payment()->set_customer(CustomerName(id));
  request.mutable_payment()->set_amount_fen(20'000);
  request.mutable_payment()->set_received_date("2026-03-10");
  constexpr int kSends = 8;
  std::vector<grpc::Status> statuses(kSends);
  std::vector<v1::RecordPaymentResponse> responses(kSends);
  std::vector<std::thread> threads;
  for (int t = 0; t < kSends; ++t) {
    threads.emplace_back([&, t] {
      grpc::ClientContext context;
      env.Authorize(context, "finance_staff");
      statuses[t] = ledger->RecordPayment(&context, request, &responses[t]);
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kSends; ++t) {
    ASSERT_TRUE(statuses[t].ok()) << t << ": " << statuses[t].error_code() << " "
                                  << statuses[t].error_message();
    EXPECT_EQ(responses[t].payment().name(), responses[0].payment().name());
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM payments WHERE customer_id = ?", id), 1);
}

// Issue 8's audit gap: every invoice a batch creates has its own trail from its creation on.
TEST_F(LedgerServiceTest, EveryInvoiceOfABatchIsAuditedUnderItsOwnName) {
  const int64_t id = NewCustomer("sales_staff", 100'000'000);
  grpc::ClientContext context;
  env.Authorize(context, "finance_head");
  v1::CreateInvoicesRequest request;
  request.set_request_id(NewRequestId());
  *request.add_invoices() = MakeInvoice(id, "AUD-1", 10'000);
  *request.add_invoices() = MakeInvoice(id, "AUD-2", 20'000);
  v1::CreateInvoicesResponse response;
  ASSERT_TRUE(ledger->CreateInvoices(&context, request, &response).ok());
  ASSERT_EQ(response.invoices_size(), 2);
  auto audit = v1::AuditService::NewStub(env.channel());
  for (const v1::CreatedInvoice& created : response.invoices()) {
    grpc::ClientContext list_context;
    env.Authorize(list_context, "admin");
    v1::ListAuditEventsRequest list;
    list.set_resource(created.name());
    v1::ListAuditEventsResponse events;
    ASSERT_TRUE(audit->ListAuditEvents(&list_context, list, &events).ok());
    ASSERT_EQ(events.audit_events_size(), 1) << created.name();
    EXPECT_EQ(events.audit_events(0).method(), "/huikuan.v1.LedgerService/CreateInvoices");
    EXPECT_EQ(events.audit_events(0).before_json(), "");
    EXPECT_TRUE(absl::StrContains(events.audit_events(0).after_json(),
                                  absl::StrCat("\"invoice_number\":\"", created.invoice_number())))
        << events.audit_events(0).after_json();
  }
}

// Issue 8's ladder defect (R-TERM-2): a customer still in the potential tier (nothing paid yet)
// gets on its 3rd order the 2nd order's terms, not the tier's "30% prepaid, rest on delivery".
TEST_F(LedgerServiceTest, R_TERM_2_ThirdOrderIsNeverWorseThanTheSecond) {
  const int64_t id = NewCustomer("sales_staff", 100'000'000, "potential");
  MustCreateInvoice(id, "LAD-1", 100'000);
  v1::Invoice second = MustCreateInvoice(id, "LAD-2", 100'000);
  v1::Invoice third = MustCreateInvoice(id, "LAD-3", 100'000);
  EXPECT_EQ(second.prepayment_bp(), 5'000);
  EXPECT_EQ(second.credit_days(), 45);
  EXPECT_LE(third.prepayment_bp(), second.prepayment_bp());
  EXPECT_GE(third.credit_days(), second.credit_days());
}

}  // namespace
}  // namespace huikuan::testing
