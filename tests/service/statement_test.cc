// StatementService through a real channel against the test MariaDB (R-STMT-1): a statement's
// figures equal the ledger to the fen, its reminder carries the due date, the customer user
// confirms its own statement and cannot see or confirm another company's, disputes mark exactly
// the named invoices and pause nothing else (cash application skips them, takes the rest),
// resolution reopens, roles are denied as the permission table says, and writes replay by
// request_id. Every test ends by checking the ledger invariants.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdio>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "huikuan/v1/collections_service.grpc.pb.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "huikuan/v1/statement_service.grpc.pb.h"
#include "server/service/principal.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

class StatementServiceTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::LedgerService::Stub> ledger = v1::LedgerService::NewStub(env.channel());
  std::unique_ptr<v1::StatementService::Stub> statements =
      v1::StatementService::NewStub(env.channel());

  void TearDown() override {
    auto violations = store::RunInTransaction<std::vector<std::string>>(
        env.pool(),
        [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<std::string>> {
          return store::CheckLedgerInvariants(db);
        });
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << violations->front();
  }

  // A customer owned by the sales_staff user with room for credit, and (when `portal_token` is
  // set) a customer-portal user of its own under that token key.
  int64_t NewCustomer(const std::string& portal_token = "") {
    static std::atomic<int> counter{0};
    const int n = counter++;
    auto id = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          store::CustomerRecord customer;
          customer.display_name = absl::StrCat("Statement Co ", n);
          customer.owner_user_id = env.user_id("sales_staff");
          customer.create_time = customer.update_time = absl::Now();
          customer = store::InsertCustomer(db, customer);
          store::SetCustomerCredit(db, customer.id, 10'000'000'000, core::CreditStatus::kActive,
                                   core::Tier::kGeneral);
          return customer.id;
        });
    EXPECT_TRUE(id.ok()) << id.status();
    if (!portal_token.empty()) {
      env.CreateUserWithToken(absl::StrCat("t.portal.", n), "customer", "staff", *id, portal_token);
    }
    return id.value_or(0);
  }

  static std::string CustomerName(int64_t id) { return absl::StrCat("customers/", id); }

  v1::Invoice MustCreateInvoice(int64_t customer_id, const std::string& order, int64_t amount,
                                const std::string& date) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::CreateInvoiceRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_invoice()->set_customer(CustomerName(customer_id));
    request.mutable_invoice()->set_order_number(order);
    request.mutable_invoice()->set_amount_fen(amount);
    request.mutable_invoice()->set_invoice_date(date);
    v1::CreateInvoiceResponse response;
    grpc::Status status = ledger->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice();
  }

  v1::Payment MustRecordPayment(int64_t customer_id, int64_t amount, const std::string& date) {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::RecordPaymentRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_payment()->set_customer(CustomerName(customer_id));
    request.mutable_payment()->set_amount_fen(amount);
    request.mutable_payment()->set_received_date(date);
    v1::RecordPaymentResponse response;
    grpc::Status status = ledger->RecordPayment(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.payment();
  }

  v1::Invoice MustGetInvoice(const std::string& name) {
    grpc::ClientContext context;
    env.Authorize(context, "admin");
    v1::GetInvoiceRequest request;
    request.set_name(name);
    v1::GetInvoiceResponse response;
    grpc::Status status = ledger->GetInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice();
  }

  grpc::Status Generate(const std::string& role, int64_t customer_id, const std::string& month,
                        v1::Statement* out = nullptr,
                        const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GenerateStatementRequest request;
    request.set_request_id(request_id);
    request.set_customer(CustomerName(customer_id));
    request.set_month(month);
    v1::GenerateStatementResponse response;
    grpc::Status status = statements->GenerateStatement(&context, request, &response);
    if (out != nullptr) *out = response.statement();
    return status;
  }

  v1::Statement MustGenerate(int64_t customer_id, const std::string& month) {
    v1::Statement out;
    grpc::Status status = Generate("finance_head", customer_id, month, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Get(const std::string& role, const std::string& name, v1::Statement* out = nullptr) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::GetStatementRequest request;
    request.set_name(name);
    v1::GetStatementResponse response;
    grpc::Status status = statements->GetStatement(&context, request, &response);
    if (out != nullptr) *out = response.statement();
    return status;
  }

  grpc::Status Confirm(const std::string& role, const std::string& name,
                       v1::Statement* out = nullptr,
                       const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ConfirmStatementRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    v1::ConfirmStatementResponse response;
    grpc::Status status = statements->ConfirmStatement(&context, request, &response);
    if (out != nullptr) *out = response.statement();
    return status;
  }

  grpc::Status Dispute(const std::string& role, const std::string& name,
                       const std::vector<std::string>& numbers, const std::string& reason,
                       v1::DisputeStatementLinesResponse* out = nullptr,
                       const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::DisputeStatementLinesRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    for (const auto& number : numbers) request.add_invoice_numbers(number);
    request.set_reason(reason);
    v1::DisputeStatementLinesResponse response;
    grpc::Status status = statements->DisputeStatementLines(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status Resolve(const std::string& role, const std::string& invoice,
                       const std::string& resolution, v1::ResolveDisputeResponse* out = nullptr,
                       const std::string& request_id = NewRequestId()) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    v1::ResolveDisputeRequest request;
    request.set_request_id(request_id);
    request.set_invoice(invoice);
    request.set_resolution(resolution);
    v1::ResolveDisputeResponse response;
    grpc::Status status = statements->ResolveDispute(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  std::vector<v1::Statement> ListAll(const std::string& role, const std::string& customer) {
    std::vector<v1::Statement> out;
    v1::ListStatementsRequest request;
    request.set_customer(customer);
    request.set_page_size(2);
    for (int page = 0; page < 1000; ++page) {
      grpc::ClientContext context;
      env.Authorize(context, role);
      v1::ListStatementsResponse response;
      grpc::Status status = statements->ListStatements(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& statement : response.statements()) out.push_back(statement);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return out;
  }

  // The customer's open balance in the ledger, computed by SQL independently of the statement.
  int64_t LedgerOpenFen(int64_t customer_id) {
    auto value = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto& select =
              db.Prepare("SELECT COALESCE(SUM(open_fen), 0) FROM invoices WHERE customer_id = ?");
          select.setInt64(1, customer_id);
          auto rows = store::Query(select);
          rows->next();
          return rows->getInt64(1);
        });
    EXPECT_TRUE(value.ok()) << value.status();
    return value.value_or(-1);
  }

  // "2026-03-31" -> "2026年3月31日" (the reminder's date form, no zero padding).
  static std::string ChineseDate(const std::string& iso) {
    std::vector<std::string> parts = absl::StrSplit(iso, '-');
    int y = 0, m = 0, d = 0;
    EXPECT_EQ(parts.size(), 3u);
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
        !absl::SimpleAtoi(parts[2], &d)) {
      return "";
    }
    return absl::StrCat(y, "年", m, "月", d, "日");
  }
};

TEST_F(StatementServiceTest, R_STMT_1_FiguresEqualTheLedgerToTheFen) {
  const int64_t customer = NewCustomer();
  const v1::Invoice a = MustCreateInvoice(customer, "SO-A", 100'000, "2026-02-10");
  const v1::Invoice b = MustCreateInvoice(customer, "SO-B", 250'050, "2026-03-05");
  const v1::Invoice c = MustCreateInvoice(customer, "SO-C", 33'333, "2026-03-20");
  MustRecordPayment(customer, 120'000, "2026-03-10");  // oldest first: all of A, 20,000 of B
  MustRecordPayment(customer, 5'000, "2026-04-02");    // B (April: not in March)

  const v1::Statement march = MustGenerate(customer, "2026-03");
  EXPECT_EQ(march.month(), "2026-03");
  EXPECT_EQ(march.version(), 1);
  EXPECT_EQ(march.status(), v1::STATEMENT_STATUS_ISSUED);
  EXPECT_EQ(march.opening_balance_fen(), 100'000);  // A, open at the end of February
  EXPECT_EQ(march.invoiced_fen(), 250'050 + 33'333);
  EXPECT_EQ(march.received_fen(), 120'000);
  EXPECT_EQ(march.closing_balance_fen(), 100'000 + 283'383 - 120'000);
  EXPECT_EQ(march.opening_balance_fen() + march.invoiced_fen() - march.received_fen() -
                march.written_off_fen(),
            march.closing_balance_fen());

  // Lines: order numbers, invoice numbers, amounts, due dates, and the reminder of what is open.
  ASSERT_EQ(march.lines_size(), 2);  // A is paid inside March and dated before it: no line
  std::set<std::string> orders;
  for (const v1::StatementLine& line : march.lines()) {
    orders.insert(line.order_number());
    const v1::Invoice& invoice = line.order_number() == "SO-B" ? b : c;
    EXPECT_EQ(line.invoice(), invoice.name());
    EXPECT_EQ(line.invoice_number(), invoice.invoice_number());
    EXPECT_EQ(line.amount_fen(), invoice.amount_fen());
    EXPECT_EQ(line.due_date(), invoice.due_date());
    EXPECT_EQ(line.invoice_date(), invoice.invoice_date());
    EXPECT_EQ(line.open_at_end_fen(), line.order_number() == "SO-B" ? 230'050 : 33'333);
    EXPECT_TRUE(absl::StrContains(line.reminder_text(), ChineseDate(invoice.due_date())))
        << line.reminder_text();
    EXPECT_TRUE(absl::StrContains(line.reminder_text(), "到期")) << line.reminder_text();
  }
  EXPECT_EQ(orders, (std::set<std::string>{"SO-B", "SO-C"}));
  EXPECT_TRUE(absl::StrContains(march.lines(0).reminder_text(), "元")) << a.name();

  // April holds every movement: its closing balance is the ledger's open balance now, and it
  // opens where March closed.
  const v1::Statement april = MustGenerate(customer, "2026-04");
  EXPECT_EQ(april.opening_balance_fen(), march.closing_balance_fen());
  EXPECT_EQ(april.received_fen(), 5'000);
  EXPECT_EQ(april.invoiced_fen(), 0);
  EXPECT_EQ(april.closing_balance_fen(), LedgerOpenFen(customer));

  // Stored as generated.
  v1::Statement read;
  ASSERT_TRUE(Get("finance_staff", march.name(), &read).ok());
  EXPECT_EQ(read.SerializeAsString(), march.SerializeAsString());
}

TEST_F(StatementServiceTest, R_STMT_1_ApprovedWriteOffsCountOnTheirDay) {
  const int64_t customer = NewCustomer();
  const v1::Invoice invoice = MustCreateInvoice(customer, "SO-W", 50'000, "2026-01-05");
  auto collections = v1::CollectionsService::NewStub(env.channel());
  v1::RequestWriteOffResponse requested;
  {
    grpc::ClientContext context;
    env.Authorize(context, "finance_staff");
    v1::RequestWriteOffRequest request;
    request.set_request_id(NewRequestId());
    request.set_invoice(invoice.name());
    request.set_amount_fen(20'000);
    request.set_reason("customer insolvent");
    grpc::Status status = collections->RequestWriteOff(&context, request, &requested);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  {
    grpc::ClientContext context;
    env.Authorize(context, "management_head");
    v1::ApproveWriteOffRequest request;
    request.set_request_id(NewRequestId());
    request.set_name(requested.write_off().name());
    v1::ApproveWriteOffResponse response;
    grpc::Status status = collections->ApproveWriteOff(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // Approved today (Asia/Shanghai): this month's statement shows it written off, and its closing
  // balance is the ledger's open balance.
  const std::string month =
      absl::FormatTime("%Y-%m", absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
  const v1::Statement statement = MustGenerate(customer, month);
  EXPECT_EQ(statement.written_off_fen(), 20'000);
  EXPECT_EQ(statement.closing_balance_fen(), 30'000);
  EXPECT_EQ(statement.closing_balance_fen(), LedgerOpenFen(customer));
  EXPECT_EQ(statement.opening_balance_fen() + statement.invoiced_fen() - statement.received_fen() -
                statement.written_off_fen(),
            statement.closing_balance_fen());
}

TEST_F(StatementServiceTest, CustomerUserConfirmsOwnAndCannotSeeOthers) {
  const int64_t mine = NewCustomer("portal_confirm");
  const int64_t other = NewCustomer("portal_other");
  MustCreateInvoice(mine, "SO-1", 12'345, "2026-05-03");
  MustCreateInvoice(other, "SO-1", 54'321, "2026-05-04");
  const v1::Statement own = MustGenerate(mine, "2026-05");
  const v1::Statement foreign = MustGenerate(other, "2026-05");

  EXPECT_EQ(Get("portal_confirm", own.name()).error_code(), StatusCode::OK);
  EXPECT_EQ(Get("portal_confirm", foreign.name()).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Confirm("portal_confirm", foreign.name()).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Dispute("portal_confirm", foreign.name(), {"INV"}, "no").error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("other_sales_staff", own.name()).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("sales_staff", own.name()).error_code(), StatusCode::OK);

  // Lists are scoped: the customer user sees only its company's, whatever it asks for.
  for (const v1::Statement& s : ListAll("portal_confirm", "")) {
    EXPECT_EQ(s.customer(), CustomerName(mine)) << s.name();
  }
  EXPECT_EQ(ListAll("portal_confirm", "").size(), 1u);
  EXPECT_TRUE(ListAll("portal_confirm", CustomerName(other)).empty());
  EXPECT_EQ(ListAll("finance_staff", CustomerName(other)).size(), 1u);
  EXPECT_TRUE(ListAll("other_sales_staff", CustomerName(mine)).empty());

  // Confirmation by the customer itself; a replay returns the first answer.
  const std::string request_id = NewRequestId();
  v1::Statement confirmed;
  ASSERT_TRUE(Confirm("portal_confirm", own.name(), &confirmed, request_id).ok());
  EXPECT_EQ(confirmed.status(), v1::STATEMENT_STATUS_CONFIRMED);
  EXPECT_FALSE(confirmed.confirmed_on_behalf());
  EXPECT_EQ(confirmed.confirm_user(), absl::StrCat("users/", env.user_id("portal_confirm")));
  v1::Statement replayed;
  ASSERT_TRUE(Confirm("portal_confirm", own.name(), &replayed, request_id).ok());
  EXPECT_EQ(replayed.SerializeAsString(), confirmed.SerializeAsString());
  EXPECT_EQ(Confirm("portal_confirm", own.name()).error_code(), StatusCode::FAILED_PRECONDITION);

  // Finance confirms on the customer's behalf, recorded as such; only the newest version.
  const v1::Statement second = MustGenerate(other, "2026-05");
  EXPECT_EQ(second.version(), 2);
  EXPECT_EQ(Confirm("finance_staff", foreign.name()).error_code(), StatusCode::FAILED_PRECONDITION);
  v1::Statement on_behalf;
  ASSERT_TRUE(Confirm("finance_staff", second.name(), &on_behalf).ok());
  EXPECT_TRUE(on_behalf.confirmed_on_behalf());
  EXPECT_EQ(on_behalf.confirm_user(), absl::StrCat("users/", env.user_id("finance_staff")));
}

TEST_F(StatementServiceTest, DisputePausesExactlyTheNamedInvoices) {
  const int64_t customer = NewCustomer("portal_dispute");
  const v1::Invoice a = MustCreateInvoice(customer, "SO-A", 10'000, "2026-06-01");
  const v1::Invoice b = MustCreateInvoice(customer, "SO-B", 20'000, "2026-06-02");
  const v1::Invoice c = MustCreateInvoice(customer, "SO-C", 30'000, "2026-06-03");
  const v1::Statement june = MustGenerate(customer, "2026-06");

  // Bad input names the field; a line not on the statement is rejected.
  EXPECT_EQ(ViolatedFields(Dispute("portal_dispute", june.name(), {}, "")),
            (std::vector<std::string>{"invoice_numbers", "reason"}));
  EXPECT_EQ(ViolatedFields(Dispute("portal_dispute", june.name(), {"nope"}, "wrong")),
            (std::vector<std::string>{"invoice_numbers[0]"}));

  const std::string request_id = NewRequestId();
  v1::DisputeStatementLinesResponse disputed;
  ASSERT_TRUE(Dispute("portal_dispute", june.name(), {a.invoice_number()}, "goods of SO-A returned",
                      &disputed, request_id)
                  .ok());
  ASSERT_EQ(disputed.disputed_invoices_size(), 1);
  EXPECT_EQ(disputed.disputed_invoices(0).invoice(), a.name());
  EXPECT_EQ(disputed.disputed_invoices(0).invoice_status(), v1::INVOICE_STATUS_DISPUTED);
  EXPECT_EQ(disputed.statement().status(), v1::STATEMENT_STATUS_DISPUTED);
  v1::DisputeStatementLinesResponse replayed;
  ASSERT_TRUE(Dispute("portal_dispute", june.name(), {a.invoice_number()}, "goods of SO-A returned",
                      &replayed, request_id)
                  .ok());
  EXPECT_EQ(replayed.SerializeAsString(), disputed.SerializeAsString());
  // Already disputed: not open any more.
  EXPECT_EQ(Dispute("portal_dispute", june.name(), {a.invoice_number()}, "again").error_code(),
            StatusCode::FAILED_PRECONDITION);

  EXPECT_EQ(MustGetInvoice(a.name()).status(), v1::INVOICE_STATUS_DISPUTED);
  EXPECT_EQ(MustGetInvoice(b.name()).status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(MustGetInvoice(c.name()).status(), v1::INVOICE_STATUS_OPEN);

  // A payment recorded afterwards skips the disputed (oldest) invoice and pays the others.
  const v1::Payment payment = MustRecordPayment(customer, 25'000, "2026-06-20");
  EXPECT_EQ(payment.unapplied_fen(), 0);
  EXPECT_EQ(MustGetInvoice(a.name()).open_fen(), 10'000);
  EXPECT_EQ(MustGetInvoice(b.name()).open_fen(), 0);
  EXPECT_EQ(MustGetInvoice(b.name()).status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(MustGetInvoice(c.name()).open_fen(), 25'000);

  // Only a finance head resolves; it reopens the invoice, and cash applies to it again.
  EXPECT_EQ(Resolve("finance_staff", a.name(), "credit note").error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ViolatedFields(Resolve("finance_head", a.name(), "")),
            (std::vector<std::string>{"resolution"}));
  v1::ResolveDisputeResponse resolved;
  ASSERT_TRUE(Resolve("finance_head", a.name(), "goods replaced", &resolved).ok());
  EXPECT_EQ(resolved.invoice().invoice_status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(Resolve("finance_head", a.name(), "again").error_code(),
            StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Resolve("finance_head", b.name(), "paid").error_code(),
            StatusCode::FAILED_PRECONDITION);
  MustRecordPayment(customer, 10'000, "2026-06-25");  // exact amount: A
  EXPECT_EQ(MustGetInvoice(a.name()).status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(MustGetInvoice(c.name()).open_fen(), 25'000);
}

TEST_F(StatementServiceTest, RolesAreDeniedAsTheTableSays) {
  const int64_t customer = NewCustomer();
  MustCreateInvoice(customer, "SO-1", 1'000, "2026-07-01");
  for (const std::string role : {"customer", "sales_staff", "sales_head", "legal_head",
                                 "investment_head", "management_head"}) {
    EXPECT_EQ(Generate(role, customer, "2026-07").error_code(), StatusCode::PERMISSION_DENIED)
        << role;
  }
  v1::Statement statement;
  ASSERT_TRUE(Generate("finance_staff", customer, "2026-07", &statement).ok());
  ASSERT_TRUE(Generate("admin", customer, "2026-07").ok());
  for (const std::string role : {"admin", "sales_staff", "finance_head", "management_head"}) {
    EXPECT_EQ(Dispute(role, statement.name(), {"x"}, "r").error_code(),
              StatusCode::PERMISSION_DENIED)
        << role;
  }
  for (const std::string role : {"admin", "sales_head", "legal_head", "management_head"}) {
    EXPECT_EQ(Confirm(role, statement.name()).error_code(), StatusCode::PERMISSION_DENIED) << role;
  }
  // The portal user of another company: NOT_FOUND, not a hint that the statement exists.
  EXPECT_EQ(Confirm("customer", statement.name()).error_code(), StatusCode::NOT_FOUND);
  // Bad input names its field.
  EXPECT_EQ(ViolatedFields(Generate("finance_staff", customer, "2026-13")),
            (std::vector<std::string>{"month"}));
  EXPECT_EQ(ViolatedFields(Generate("finance_staff", customer, "2026-7")),
            (std::vector<std::string>{"month"}));
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::GenerateStatementRequest request;
  request.set_request_id(NewRequestId());
  request.set_customer("customers/x");
  request.set_month("");
  v1::GenerateStatementResponse response;
  EXPECT_EQ(ViolatedFields(statements->GenerateStatement(&context, request, &response)),
            (std::vector<std::string>{"customer", "month"}));
  // Idempotent generation: a replay returns the same statement, no new version.
  const std::string request_id = NewRequestId();
  v1::Statement first, again;
  ASSERT_TRUE(Generate("finance_head", customer, "2026-08", &first, request_id).ok());
  ASSERT_TRUE(Generate("finance_head", customer, "2026-08", &again, request_id).ok());
  EXPECT_EQ(first.name(), again.name());
  EXPECT_EQ(first.version(), 1);
}

}  // namespace
}  // namespace huikuan::testing
