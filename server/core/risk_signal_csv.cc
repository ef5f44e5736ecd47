#include "server/core/risk_signal_csv.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/csv.h"
#include "server/core/resource_name.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

const std::vector<std::string>& Header() {
  static const auto* header = new std::vector<std::string>{
      "customer",   "kind",  "source",         "reference", "signal_date",
      "amount_fen", "value", "previous_value", "evidence"};
  return *header;
}

}  // namespace

absl::StatusOr<std::vector<RiskSignalRow>> ParseRiskSignalCsv(absl::string_view text,
                                                              int max_rows) {
  absl::StatusOr<CsvTable> table = ParseCsv(text);
  if (!table.ok()) return FieldViolation("csv", table.status().message());
  if (table->rows.empty() || table->rows[0] != Header()) {
    return FieldViolation("csv", absl::StrCat("the header must be ", absl::StrJoin(Header(), ",")));
  }
  if (static_cast<int>(table->rows.size()) - 1 > max_rows) {
    return FieldViolation("csv", absl::StrCat("at most ", max_rows, " rows"));
  }
  FieldViolations v;
  std::vector<RiskSignalRow> out;
  for (size_t i = 1; i < table->rows.size(); ++i) {
    const std::vector<std::string>& f = table->rows[i];
    const std::string at = absl::StrCat("rows[", i - 1, "]");
    if (f.size() != Header().size()) {
      v.Add(at, absl::StrCat("has ", f.size(), " fields, not ", Header().size()));
      continue;
    }
    RiskSignalRow row;
    absl::StatusOr<int64_t> customer = ParseResourceId("customers", f[0]);
    if (customer.ok()) {
      row.customer_id = *customer;
    } else {
      v.Add(at + ".customer", "must be customers/{id}");
    }
    if (std::optional<SignalKind> kind = ParseSignalKind(f[1])) {
      row.signal.kind = *kind;
    } else {
      v.Add(at + ".kind", "must be a signal kind (lawsuit, enforcement, bank_line, ...)");
    }
    row.signal.source = f[2];
    row.signal.reference = f[3];
    absl::StatusOr<EpochDay> day = ParseDate(f[4]);
    if (day.ok()) {
      row.signal.day = *day;
    } else {
      v.Add(at + ".signal_date", "must be a date YYYY-MM-DD");
    }
    if (!f[5].empty()) {
      int64_t amount = 0;
      if (absl::SimpleAtoi(f[5], &amount) && amount >= 0) {
        row.signal.amount = amount;
      } else {
        v.Add(at + ".amount_fen", "must be a whole number of fen >= 0");
      }
    }
    row.signal.value = f[6];
    row.signal.previous_value = f[7];
    row.signal.evidence = f[8];
    out.push_back(std::move(row));
  }
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace huikuan::core
