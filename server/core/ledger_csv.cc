#include "server/core/ledger_csv.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/csv.h"

namespace huikuan::core {
namespace {

constexpr absl::string_view kInvoiceColumns[] = {
    "customer_external_id", "invoice_number", "order_number", "invoice_date", "due_date", "amount"};
constexpr absl::string_view kPaymentColumns[] = {"customer_external_id", "reference",
                                                 "received_date", "amount"};

// One data row with its fields looked up by column name, collecting violations.
class RowReader {
 public:
  RowReader(const std::vector<std::string>& fields, const std::vector<int>& position, size_t row,
            std::vector<std::string>& violations)
      : fields_(fields), position_(position), row_(row), violations_(violations) {}

  const std::string& Text(size_t column) const { return fields_[position_[column]]; }
  void Bad(absl::string_view column, absl::string_view what) {
    violations_.push_back(absl::StrCat("rows[", row_, "].", column, ": ", what));
  }
  std::string Required(size_t column, absl::string_view name) {
    if (Text(column).empty()) Bad(name, "required");
    return Text(column);
  }
  EpochDay Date(size_t column, absl::string_view name) {
    absl::StatusOr<EpochDay> day = ParseDate(Text(column));
    if (day.ok()) return *day;
    Bad(name, absl::StrCat("not a YYYY-MM-DD date: \"", Text(column), "\""));
    return 0;
  }
  Fen Amount(size_t column, absl::string_view name) {
    absl::StatusOr<Fen> fen = ParseYuan(Text(column));
    if (!fen.ok()) {
      Bad(name, absl::StrCat("not a yuan amount: \"", Text(column), "\""));
      return 0;
    }
    if (*fen <= 0) Bad(name, "must be positive");
    return *fen;
  }

 private:
  const std::vector<std::string>& fields_;
  const std::vector<int>& position_;
  size_t row_;
  std::vector<std::string>& violations_;
};

// Parses `text`, maps `columns` to positions and calls `row_fn(RowReader&)` for each data row.
template <size_t N, typename Row, typename RowFn>
absl::StatusOr<std::vector<Row>> ParseTable(absl::string_view text,
                                            const absl::string_view (&columns)[N], RowFn row_fn) {
  absl::StatusOr<CsvTable> table = ParseCsv(text);
  if (!table.ok()) return table.status();
  if (table->rows.empty()) return absl::InvalidArgumentError("header: no header row");
  const std::vector<std::string>& header = table->rows[0];
  std::vector<int> position(N, -1);
  std::vector<std::string> violations;
  for (size_t c = 0; c < N; ++c) {
    for (size_t h = 0; h < header.size(); ++h) {
      if (header[h] == columns[c]) position[c] = static_cast<int>(h);
    }
    if (position[c] < 0) violations.push_back(absl::StrCat("header: missing column ", columns[c]));
  }
  if (!violations.empty()) return absl::InvalidArgumentError(absl::StrJoin(violations, "\n"));
  std::vector<Row> rows;
  rows.reserve(table->rows.size() - 1);
  for (size_t r = 1; r < table->rows.size(); ++r) {
    if (table->rows[r].size() != header.size()) {
      violations.push_back(absl::StrCat("rows[", r, "]: ", table->rows[r].size(),
                                        " fields, header has ", header.size()));
      continue;
    }
    RowReader reader(table->rows[r], position, r, violations);
    rows.push_back(row_fn(reader));
  }
  if (!violations.empty()) return absl::InvalidArgumentError(absl::StrJoin(violations, "\n"));
  return rows;
}

}  // namespace

absl::StatusOr<std::vector<InvoiceCsvRow>> ParseInvoicesCsv(absl::string_view text) {
  return ParseTable<6, InvoiceCsvRow>(text, kInvoiceColumns, [](RowReader& in) {
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
  return ParseTable<4, PaymentCsvRow>(text, kPaymentColumns, [](RowReader& in) {
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
