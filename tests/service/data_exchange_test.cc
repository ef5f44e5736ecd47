// DataExchangeService through a real channel against the test MariaDB: the IBM late-payment file
// imports with totals exact to the fen and the ledger invariants intact; export -> import is
// byte-exact; bad files name every bad row and write nothing; validate_only writes nothing;
// request_id replays; imports are audited; exports are denied by role and row-scoped.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "huikuan/v1/data_exchange_service.grpc.pb.h"
#include "server/core/ledger_csv.h"
#include "server/store/ledger_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {
namespace {

using ::grpc::StatusCode;

constexpr char kCustomersHeader[] =
    "external_id,display_name,owner_username,industry,enterprise_size,industry_position,"
    "founding_date,tax_credit_grade,bank_credit_line,third_party_rating\r\n";
constexpr char kInvoicesHeader[] =
    "customer_external_id,invoice_number,order_number,invoice_date,due_date,amount\r\n";
constexpr char kPaymentsHeader[] = "customer_external_id,reference,received_date,amount\r\n";

class DataExchangeTest : public ::testing::Test {
 protected:
  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::DataExchangeService::Stub> exchange =
      v1::DataExchangeService::NewStub(env.channel());

  void TearDown() override {
    auto violations = store::RunInTransaction<std::vector<std::string>>(
        env.pool(),
        [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<std::string>> {
          return store::CheckLedgerInvariants(db);
        });
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << violations->front();
  }

  int64_t Count(const std::string& sql) {
    auto count = store::RunInTransaction<int64_t>(
        env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto rows = store::Query(db.Prepare(sql));
          rows->next();
          return rows->getInt64(1);
        });
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::DataExchangeService::Stub::*method)(grpc::ClientContext*,
                                                                          const Request&,
                                                                          Response*),
                    const std::string& role, const Request& request, Response& response) {
    grpc::ClientContext context;
    env.Authorize(context, role);
    return (exchange.get()->*method)(&context, request, &response);
  }

  grpc::Status ImportCustomers(const std::string& csv, v1::ImportCustomersResponse& response,
                               const std::string& request_id = NewRequestId()) {
    v1::ImportCustomersRequest request;
    request.set_request_id(request_id);
    request.set_csv(csv);
    return Call(&v1::DataExchangeService::Stub::ImportCustomers, "finance_staff", request,
                response);
  }
  grpc::Status ImportInvoices(const std::string& csv, v1::ImportMode mode,
                              v1::ImportInvoicesResponse& response, bool validate_only = false) {
    v1::ImportInvoicesRequest request;
    request.set_request_id(NewRequestId());
    request.set_csv(csv);
    request.set_mode(mode);
    request.set_validate_only(validate_only);
    return Call(&v1::DataExchangeService::Stub::ImportInvoices, "finance_head", request, response);
  }
  grpc::Status ImportPayments(const std::string& csv, v1::ImportPaymentsResponse& response) {
    v1::ImportPaymentsRequest request;
    request.set_request_id(NewRequestId());
    request.set_csv(csv);
    return Call(&v1::DataExchangeService::Stub::ImportPayments, "finance_head", request, response);
  }
};

std::string ReadIbmFile() {
  const char* source_dir = std::getenv("HUIKUAN_SOURCE_DIR");
  if (source_dir == nullptr) return "";
  std::ifstream file(std::string(source_dir) + "/../shared/data/ibm-late-payment-histories.csv",
                     std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The round trip: the IBM sample imports exactly (2,466 invoices of 100 customers,
// 14,770,318 fen, each settled by its own payment), a repeat of the request replays, and the
// export lists the same invoices with the file's due dates and amounts.
TEST_F(DataExchangeTest, IbmFileImportsExactlyToTheFenAndExportsTheSameInvoices) {
  const std::string csv = ReadIbmFile();
  if (csv.empty()) GTEST_SKIP() << "../shared/data/ibm-late-payment-histories.csv not found";
  v1::ImportIbmLatePaymentsRequest request;
  request.set_request_id(NewRequestId());
  request.set_csv(csv);
  request.set_owner(env.user_name("sales_staff"));

  // validate_only checks everything and writes nothing.
  request.set_validate_only(true);
  v1::ImportIbmLatePaymentsResponse dry;
  grpc::Status status =
      Call(&v1::DataExchangeService::Stub::ImportIbmLatePayments, "admin", request, dry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dry.invoice_total_fen(), 14'770'318);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customers WHERE external_id = '0379-NEVHP'"), 0);

  request.set_validate_only(false);
  v1::ImportIbmLatePaymentsResponse imported;
  status = Call(&v1::DataExchangeService::Stub::ImportIbmLatePayments, "admin", request, imported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(imported.customers_created(), 100);
  EXPECT_EQ(imported.invoice_count(), 2466);
  EXPECT_EQ(imported.invoice_total_fen(), 14'770'318);
  EXPECT_EQ(imported.payment_count(), 2466);
  EXPECT_EQ(imported.payment_total_fen(), 14'770'318);
  EXPECT_GT(imported.disputed_count(), 0);
  // The new customers are scored and tiered, like customers created one by one.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customers WHERE display_name = external_id AND "
                  "assess_time IS NOT NULL AND assessment_json LIKE '%\"tier\"%'"),
            100);

  // Stored: every invoice paid by one reference allocation of its full amount.
  // IBM customers are named by their customerID (the file has no names).
  const std::string ibm_invoices =
      "FROM invoices i JOIN customers c ON c.id = i.customer_id "
      "WHERE c.display_name = c.external_id";
  EXPECT_EQ(Count("SELECT COUNT(*) " + ibm_invoices), 2466);
  EXPECT_EQ(Count("SELECT SUM(i.amount_fen) " + ibm_invoices), 14'770'318);
  EXPECT_EQ(Count("SELECT COUNT(*) " + ibm_invoices + " AND i.status = 'paid' AND i.open_fen = 0"),
            2466);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM payment_allocations a JOIN invoices i ON i.id = "
                  "a.invoice_id JOIN customers c ON c.id = i.customer_id WHERE c.display_name = "
                  "c.external_id AND a.rule = 'reference' AND a.amount_fen = i.amount_fen"),
            2466);

  // The same request id replays the first response and writes nothing more.
  v1::ImportIbmLatePaymentsResponse replay;
  status = Call(&v1::DataExchangeService::Stub::ImportIbmLatePayments, "admin", request, replay);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(replay.SerializeAsString(), imported.SerializeAsString());
  EXPECT_EQ(Count("SELECT COUNT(*) " + ibm_invoices), 2466);

  // A second import of the same file (new request id) names the taken invoice numbers.
  request.set_request_id(NewRequestId());
  v1::ImportIbmLatePaymentsResponse again;
  status = Call(&v1::DataExchangeService::Stub::ImportIbmLatePayments, "admin", request, again);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  const std::vector<std::string> fields = ViolatedFields(status);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields.front(), "rows[1].invoiceNumber");

  // Audited as one event.
  v1::ListAuditEventsRequest audit_request;
  audit_request.set_resource("invoices:importIbmLatePayments");
  v1::ListAuditEventsResponse audit;
  grpc::ClientContext audit_context;
  env.Authorize(audit_context, "admin");
  ASSERT_TRUE(env.audit().ListAuditEvents(&audit_context, audit_request, &audit).ok());
  EXPECT_EQ(audit.audit_events_size(), 1);

  // Export (two pages) lists the same 2,466 invoices: same numbers, dates, due dates, amounts.
  v1::ExportInvoicesRequest export_request;
  export_request.set_page_size(2000);
  export_request.set_invoice_date_from("2012-01-01");
  export_request.set_invoice_date_to("2014-12-31");
  int64_t exported_fen = 0;
  int exported_rows = 0;
  for (int page = 0; page < 3; ++page) {
    v1::ExportInvoicesResponse exported;
    status = Call(&v1::DataExchangeService::Stub::ExportInvoices, "finance_staff", export_request,
                  exported);
    ASSERT_TRUE(status.ok()) << status.error_message();
    auto rows = core::ParseInvoicesCsv(exported.csv());
    ASSERT_TRUE(rows.ok()) << rows.status();
    for (const auto& row : *rows) {
      exported_fen += row.amount;
      ++exported_rows;
      ASSERT_TRUE(row.due_day.has_value());
    }
    EXPECT_EQ(exported.row_count(), static_cast<int>(rows->size()));
    if (exported.next_page_token().empty()) break;
    export_request.set_page_token(exported.next_page_token());
  }
  EXPECT_EQ(exported_rows, 2466);
  EXPECT_EQ(exported_fen, 14'770'318);
}

// Export -> import is exact: a small ledger in the product layouts goes in, and the exports of
// that customer are the input files byte for byte.
TEST_F(DataExchangeTest, ExportOfAnImportIsTheSameFileByteForByte) {
  const std::string customers =
      std::string(kCustomersHeader) +
      "RT-1,\"Round Trip, Ltd\",t.sales_staff,machinery,large,regional_leader,2009-06-30,A,"
      "5000000.01,AA-\r\n";
  v1::ImportCustomersResponse imported_customers;
  grpc::Status status = ImportCustomers(customers, imported_customers);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(imported_customers.customer_count(), 1);
  EXPECT_EQ(imported_customers.bank_credit_line_fen(), 500'000'001);
  // Scored on import from its profile (large, tax grade A, no history yet).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customers WHERE external_id = 'RT-1' AND "
                  "assess_time IS NOT NULL AND assessment_json LIKE '%\"grade\"%'"),
            1);

  const std::string invoices = std::string(kInvoicesHeader) +
                               "RT-1,RT-INV-1,SO-1,2024-01-05,2024-02-04,1234.56\r\n"
                               "RT-1,RT-INV-2,SO-2,2024-02-10,2024-04-10,0.01\r\n";
  v1::ImportInvoicesResponse imported_invoices;
  status = ImportInvoices(invoices, v1::IMPORT_MODE_HISTORICAL, imported_invoices);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(imported_invoices.total_fen(), 123'457);

  const std::string payments = std::string(kPaymentsHeader) +
                               "RT-1,RT-INV-2,2024-03-01,0.01\r\n"
                               "RT-1,,2024-03-02,1000.00\r\n";
  v1::ImportPaymentsResponse imported_payments;
  status = ImportPayments(payments, imported_payments);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(imported_payments.total_fen(), 100'001);
  EXPECT_EQ(imported_payments.applied_fen(), 100'001);  // by reference, then the oldest
  EXPECT_EQ(imported_payments.unapplied_fen(), 0);

  const int64_t id = Count("SELECT id FROM customers WHERE external_id = 'RT-1'");
  const std::string name = absl::StrCat("customers/", id);
  v1::ExportInvoicesRequest invoice_request;
  invoice_request.set_customer(name);
  v1::ExportInvoicesResponse exported_invoices;
  ASSERT_TRUE(Call(&v1::DataExchangeService::Stub::ExportInvoices, "sales_staff", invoice_request,
                   exported_invoices)
                  .ok());
  EXPECT_EQ(exported_invoices.csv(), invoices);
  EXPECT_EQ(exported_invoices.total_fen(), 123'457);
  v1::ExportPaymentsRequest payment_request;
  payment_request.set_customer(name);
  v1::ExportPaymentsResponse exported_payments;
  ASSERT_TRUE(Call(&v1::DataExchangeService::Stub::ExportPayments, "finance_staff", payment_request,
                   exported_payments)
                  .ok());
  EXPECT_EQ(exported_payments.csv(), payments);

  // Customers: the sales owner's export holds the imported row as it was written.
  v1::ExportCustomersResponse exported_customers;
  ASSERT_TRUE(Call(&v1::DataExchangeService::Stub::ExportCustomers, "sales_staff",
                   v1::ExportCustomersRequest(), exported_customers)
                  .ok());
  EXPECT_NE(exported_customers.csv().find(customers.substr(sizeof(kCustomersHeader) - 1)),
            std::string::npos)
      << exported_customers.csv();
}

// Every bad row is named at once, parse errors and database checks alike, and nothing is written.
TEST_F(DataExchangeTest, BadRowsAreAllNamedAndNothingIsWritten) {
  v1::ImportCustomersResponse customers;
  ASSERT_TRUE(
      ImportCustomers(std::string(kCustomersHeader) + "BAD-1,Bad Rows Co,t.sales_staff,,,,,,,\r\n",
                      customers)
          .ok());
  const int64_t before = Count("SELECT COUNT(*) FROM invoices");

  // Parse errors (core): rows 2 and 3.
  v1::ImportInvoicesResponse response;
  grpc::Status status = ImportInvoices(std::string(kInvoicesHeader) +
                                           "BAD-1,BAD-INV-1,,2024-01-05,2024-02-04,10\r\n"
                                           "BAD-1,BAD-INV-2,,2024-13-01,,10\r\n"
                                           "BAD-1,BAD-INV-3,,2024-01-05,,12.345\r\n",
                                       v1::IMPORT_MODE_HISTORICAL, response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"rows[2].invoice_date", "rows[3].amount"}));

  // Database checks: an unknown customer, a repeated number, a missing due date.
  status = ImportInvoices(std::string(kInvoicesHeader) +
                              "BAD-1,BAD-INV-1,,2024-01-05,2024-02-04,10\r\n"
                              "NOBODY,BAD-INV-2,,2024-01-05,2024-02-04,10\r\n"
                              "BAD-1,BAD-INV-1,,2024-01-06,2024-02-05,10\r\n"
                              "BAD-1,BAD-INV-4,,2024-01-06,,10\r\n",
                          v1::IMPORT_MODE_HISTORICAL, response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"rows[2].customer_external_id", "rows[3].invoice_number",
                                      "rows[4].due_date"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM invoices"), before);

  // Unknown owner and a taken external id in a customer file.
  status = ImportCustomers(std::string(kCustomersHeader) +
                               "BAD-1,Again,t.sales_staff,,,,,,,\r\n"
                               "BAD-2,New,nobody,,,,,,,\r\n",
                           customers);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"rows[1].external_id", "rows[2].owner_username"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customers WHERE external_id = 'BAD-2'"), 0);
}

// CURRENT mode goes through the ledger's own rules: terms decide the due date (a file due date
// is refused), and the credit limit (0 for a new customer: only prepaid orders) is enforced.
TEST_F(DataExchangeTest, CurrentModeAppliesTodaysRules) {
  v1::ImportCustomersResponse customers;
  ASSERT_TRUE(
      ImportCustomers(std::string(kCustomersHeader) + "CUR-1,Current Co,t.sales_staff,,,,,,,\r\n",
                      customers)
          .ok());
  v1::ImportInvoicesResponse response;
  grpc::Status status =
      ImportInvoices(std::string(kInvoicesHeader) + "CUR-1,CUR-INV-1,,2024-01-05,2024-02-04,10\r\n",
                     v1::IMPORT_MODE_CURRENT, response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"rows[1].due_date"}));

  // First order of a new customer: 100% prepaid (R-TERM-2), so no credit is needed; the second
  // has a credit part and the limit of 0 refuses it, naming the row.
  status = ImportInvoices(std::string(kInvoicesHeader) +
                              "CUR-1,CUR-INV-1,,2024-01-05,,10\r\n"
                              "CUR-1,CUR-INV-2,,2024-01-06,,10\r\n",
                          v1::IMPORT_MODE_CURRENT, response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("rows[2]"), std::string::npos) << status.error_message();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM invoices WHERE invoice_number LIKE 'CUR-%'"), 0);

  // validate_only of the good part: OK, nothing written.
  status = ImportInvoices(std::string(kInvoicesHeader) + "CUR-1,CUR-INV-1,,2024-01-05,,10\r\n",
                          v1::IMPORT_MODE_CURRENT, response, /*validate_only=*/true);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.invoice_count(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM invoices WHERE invoice_number LIKE 'CUR-%'"), 0);

  // Imported for real, each invoice has its own audit trail from its creation on.
  status = ImportInvoices(std::string(kInvoicesHeader) + "CUR-1,CUR-INV-1,,2024-01-05,,10\r\n",
                          v1::IMPORT_MODE_CURRENT, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const int64_t invoice_id =
      Count("SELECT MAX(id) FROM invoices WHERE invoice_number = 'CUR-INV-1'");
  v1::ListAuditEventsRequest audit_request;
  audit_request.set_resource(absl::StrCat("invoices/", invoice_id));
  v1::ListAuditEventsResponse audit;
  grpc::ClientContext audit_context;
  env.Authorize(audit_context, "admin");
  ASSERT_TRUE(env.audit().ListAuditEvents(&audit_context, audit_request, &audit).ok());
  ASSERT_EQ(audit.audit_events_size(), 1);
  EXPECT_EQ(audit.audit_events(0).method(), "/huikuan.v1.DataExchangeService/ImportInvoices");
}

// Imports are for admin and finance; exports for internal staff, row-scoped: another sales
// user's export has none of sales_staff's customers.
TEST_F(DataExchangeTest, RolesAndRowScope) {
  v1::ImportCustomersRequest import_request;
  import_request.set_request_id(NewRequestId());
  import_request.set_csv(std::string(kCustomersHeader) +
                         "SCOPE-1,Scoped Co,t.sales_staff,,,,,,,\r\n");
  v1::ImportCustomersResponse imported;
  for (const char* role : {"sales_head", "legal_head", "customer"}) {
    EXPECT_EQ(Call(&v1::DataExchangeService::Stub::ImportCustomers, role, import_request, imported)
                  .error_code(),
              StatusCode::PERMISSION_DENIED)
        << role;
  }
  ASSERT_TRUE(
      Call(&v1::DataExchangeService::Stub::ImportCustomers, "admin", import_request, imported)
          .ok());
  v1::ImportInvoicesResponse invoices;
  ASSERT_TRUE(ImportInvoices(std::string(kInvoicesHeader) +
                                 "SCOPE-1,SCOPE-INV-1,,2024-01-05,2024-02-04,10\r\n",
                             v1::IMPORT_MODE_HISTORICAL, invoices)
                  .ok());

  v1::ExportInvoicesRequest request;
  v1::ExportInvoicesResponse response;
  EXPECT_EQ(Call(&v1::DataExchangeService::Stub::ExportInvoices, "customer", request, response)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&v1::DataExchangeService::Stub::ExportInvoices, ServiceTestEnv::kOtherSales,
                   request, response)
                  .ok());
  EXPECT_EQ(response.csv().find("SCOPE-INV-1"), std::string::npos);
  ASSERT_TRUE(
      Call(&v1::DataExchangeService::Stub::ExportInvoices, "sales_staff", request, response).ok());
  EXPECT_NE(response.csv().find("SCOPE-INV-1"), std::string::npos);
}

// CreateCustomer sets external_id once; a taken one is ALREADY_EXISTS, a bad one names the field.
TEST_F(DataExchangeTest, CreateCustomerSetsAUniqueExternalId) {
  auto create = [&](const std::string& external_id, v1::CreateCustomerResponse& response) {
    v1::CreateCustomerRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_customer()->set_display_name("External Co");
    request.mutable_customer()->set_owner(env.user_name("sales_staff"));
    request.mutable_customer()->set_external_id(external_id);
    grpc::ClientContext context;
    env.Authorize(context, "sales_staff");
    return env.customers().CreateCustomer(&context, request, &response);
  };
  v1::CreateCustomerResponse response;
  ASSERT_TRUE(create("EXT-42", response).ok());
  EXPECT_EQ(response.customer().external_id(), "EXT-42");
  EXPECT_EQ(create("EXT-42", response).error_code(), StatusCode::ALREADY_EXISTS);
  grpc::Status bad = create(std::string(65, 'x'), response);
  EXPECT_EQ(bad.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(bad), (std::vector<std::string>{"customer.external_id"}));
}

}  // namespace
}  // namespace huikuan::testing
