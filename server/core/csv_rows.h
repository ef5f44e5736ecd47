// Shared by the product's CSV layouts (ledger_csv.h, customer_csv.h): a header-named table of
// typed rows where every bad field of every row is collected before anything is returned.
//
//   absl::StatusOr<std::vector<Row>> rows = csv_rows::ParseTable<Row>(text, kColumns,
//       [](csv_rows::RowReader& in) { Row row; row.amount = in.Amount(2, kColumns[2]); ... });
//
// Error contract (ledger_csv.h): one INVALID_ARGUMENT whose message holds one violation per line,
// "rows[N].<column>: <description>" (N = 1 for the first data row) or "header: ...". Columns are
// found by header name in any order; unknown columns are ignored. Pure, header-only.
#ifndef HUIKUAN_SERVER_CORE_CSV_ROWS_H_
#define HUIKUAN_SERVER_CORE_CSV_ROWS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/csv.h"
#include "server/core/money.h"

namespace huikuan::core::csv_rows {

// One data row with its fields looked up by column index (into the layout's column list),
// collecting violations.
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
  // A yuan amount, exact to the fen; > 0 unless `allow_zero`.
  Fen Amount(size_t column, absl::string_view name, bool allow_zero = false) {
    absl::StatusOr<Fen> fen = ParseYuan(Text(column));
    if (!fen.ok()) {
      Bad(name, absl::StrCat("not a yuan amount: \"", Text(column), "\""));
      return 0;
    }
    if (allow_zero ? *fen < 0 : *fen <= 0)
      Bad(name, allow_zero ? "must be >= 0" : "must be positive");
    return *fen;
  }

 private:
  const std::vector<std::string>& fields_;
  const std::vector<int>& position_;
  size_t row_;
  std::vector<std::string>& violations_;
};

// Parses `text`, maps `columns` to header positions and calls `row_fn(RowReader&)` for each data
// row; see the file comment for the errors.
template <typename Row, typename RowFn>
absl::StatusOr<std::vector<Row>> ParseTable(absl::string_view text,
                                            absl::Span<const absl::string_view> columns,
                                            RowFn row_fn) {
  absl::StatusOr<CsvTable> table = ParseCsv(text);
  if (!table.ok()) return table.status();
  if (table->rows.empty()) return absl::InvalidArgumentError("header: no header row");
  const std::vector<std::string>& header = table->rows[0];
  std::vector<int> position(columns.size(), -1);
  std::vector<std::string> violations;
  for (size_t c = 0; c < columns.size(); ++c) {
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

}  // namespace huikuan::core::csv_rows

#endif  // HUIKUAN_SERVER_CORE_CSV_ROWS_H_
