#include "server/core/ledger_csv.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/csv.h"
#include "server/core/csv_rows.h"

namespace huikuan::core {
namespace {

using csv_rows::ParseTable;
using csv_rows::RowReader;

constexpr absl::string_view kInvoiceColumns[] = {
    "customer_external_id", "invoice_number", "order_number", "invoice_date", "due_date", "amount"};
constexpr absl::string_view kPaymentColumns[] = {"customer_external_id", "reference",
                                                 "received_date", "amount"};

}  // namespace

absl::StatusOr<std::vector<InvoiceCsvRow>> ParseInvoicesCsv(absl::string_view text) {
  return ParseTable<InvoiceCsvRow>(text, kInvoiceColumns, [](RowReader& in) {
    InvoiceCsvRow row;
    row.customer_external_id = in.Required(0, kInvoiceColumns[0]);
    row.invoice_number = in.Required(1, kInvoiceColumns[1]);
    row.order_number = in.Text(2);
    row.invoice_day = in.Date(3, kInvoiceColumns[3]);
    if (!in.Text(4).empty()) {
      row.due_day = in.Date(4, kInvoiceColumns[4]);
      if (*row.due_day < row.invoice_day) in.Bad(kInvoiceColumns[4], "before invoice_date");
    }
    row.amount = in.Amount(5, kInvoiceColumns[5]);
    return row;
  });
}

absl::StatusOr<std::vector<PaymentCsvRow>> ParsePaymentsCsv(absl::string_view text) {
  return ParseTable<PaymentCsvRow>(text, kPaymentColumns, [](RowReader& in) {
    PaymentCsvRow row;
    row.customer_external_id = in.Required(0, kPaymentColumns[0]);
    row.reference = in.Text(1);
    row.received_day = in.Date(2, kPaymentColumns[2]);
    row.amount = in.Amount(3, kPaymentColumns[3]);
    return row;
  });
}

std::string WriteInvoicesCsv(const std::vector<InvoiceCsvRow>& rows) {
  std::string out;
  AppendCsvRecord(std::vector<std::string>(std::begin(kInvoiceColumns), std::end(kInvoiceColumns)),
                  out);
  for (const InvoiceCsvRow& row : rows) {
    AppendCsvRecord({row.customer_external_id, row.invoice_number, row.order_number,
                     FormatDate(row.invoice_day), row.due_day ? FormatDate(*row.due_day) : "",
                     FormatYuan(row.amount)},
                    out);
  }
  return out;
}

std::string WritePaymentsCsv(const std::vector<PaymentCsvRow>& rows) {
  std::string out;
  AppendCsvRecord(std::vector<std::string>(std::begin(kPaymentColumns), std::end(kPaymentColumns)),
                  out);
  for (const PaymentCsvRow& row : rows) {
    AppendCsvRecord({row.customer_external_id, row.reference, FormatDate(row.received_day),
                     FormatYuan(row.amount)},
                    out);
  }
  return out;
}

}  // namespace huikuan::core
