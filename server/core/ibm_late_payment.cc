#include "server/core/ibm_late_payment.h"

#include <array>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "server/core/csv.h"

namespace huikuan::core {
namespace {

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Column positions, in the order of kColumns.
enum Column { kCustomer, kInvoiceNumber, kInvoiceDate, kDueDate, kAmount, kDisputed, kSettled };
constexpr std::array<absl::string_view, 7> kColumns = {"customerID", "invoiceNumber", "InvoiceDate",
                                                       "DueDate",    "InvoiceAmount", "Disputed",
                                                       "SettledDate"};

}  // namespace

absl::StatusOr<EpochDay> ParseUsDate(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  int month = 0, day = 0, year = 0;
  if (parts.size() != 3 || parts[0].size() > 2 || parts[1].size() > 2 || parts[2].size() != 4 ||
      !AllDigits(parts[0]) || !AllDigits(parts[1]) || !AllDigits(parts[2]) ||
      !absl::SimpleAtoi(parts[0], &month) || !absl::SimpleAtoi(parts[1], &day) ||
      !absl::SimpleAtoi(parts[2], &year)) {
    return absl::InvalidArgumentError(absl::StrCat("not an M/D/YYYY date: \"", text, "\""));
  }
  const absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2/30 to 3/2: a date is real only when it reads back unchanged.
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return absl::InvalidArgumentError(absl::StrCat("not a calendar date: \"", text, "\""));
  }
  return ToEpochDay(civil);
}

absl::StatusOr<std::vector<IbmInvoiceRow>> ParseIbmLatePaymentCsv(absl::string_view text) {
  absl::StatusOr<CsvTable> table = ParseCsv(text);
  if (!table.ok()) return table.status();
  if (table->rows.empty()) return absl::InvalidArgumentError("csv: no header row");

  std::vector<std::string> violations;
  std::array<int, kColumns.size()> position;
  position.fill(-1);
  const std::vector<std::string>& header = table->rows[0];
  for (size_t c = 0; c < kColumns.size(); ++c) {
    for (size_t h = 0; h < header.size(); ++h) {
      if (header[h] == kColumns[c]) position[c] = static_cast<int>(h);
    }
    if (position[c] < 0) violations.push_back(absl::StrCat("header: missing column ", kColumns[c]));
  }
  if (!violations.empty()) return absl::InvalidArgumentError(absl::StrJoin(violations, "\n"));

  std::vector<IbmInvoiceRow> rows;
  rows.reserve(table->rows.size() - 1);
  absl::flat_hash_map<std::string, size_t> first_row_of_number;
  for (size_t r = 1; r < table->rows.size(); ++r) {
    const std::vector<std::string>& fields = table->rows[r];
    const std::string where = absl::StrCat("rows[", r, "]");
    if (fields.size() != header.size()) {
      violations.push_back(
          absl::StrCat(where, ": ", fields.size(), " fields, header has ", header.size()));
      continue;
    }
    auto field = [&](Column c) -> const std::string& { return fields[position[c]]; };
    auto bad = [&](Column c, absl::string_view what) {
      violations.push_back(absl::StrCat(where, ".", kColumns[c], ": ", what));
    };
    IbmInvoiceRow row;
    row.customer_external_id = field(kCustomer);
    if (row.customer_external_id.empty()) bad(kCustomer, "required");
    row.invoice_number = field(kInvoiceNumber);
    if (row.invoice_number.empty()) {
      bad(kInvoiceNumber, "required");
    } else if (auto [it, inserted] = first_row_of_number.emplace(row.invoice_number, r);
               !inserted) {
      bad(kInvoiceNumber, absl::StrCat("repeats rows[", it->second, "]"));
    }
    bool dates_ok = true;
    auto date = [&](Column c, EpochDay& out) {
      absl::StatusOr<EpochDay> day = ParseUsDate(field(c));
      if (day.ok()) {
        out = *day;
      } else {
        bad(c, day.status().message());
        dates_ok = false;
      }
    };
    date(kInvoiceDate, row.invoice_day);
    date(kDueDate, row.due_day);
    date(kSettled, row.settled_day);
    if (dates_ok && row.due_day < row.invoice_day) bad(kDueDate, "before InvoiceDate");
    if (dates_ok && row.settled_day < row.invoice_day) bad(kSettled, "before InvoiceDate");
    absl::StatusOr<Fen> amount = ParseYuan(field(kAmount));
    if (!amount.ok()) {
      bad(kAmount, absl::StrCat("not a yuan amount: \"", field(kAmount), "\""));
    } else if (*amount <= 0) {
      bad(kAmount, "must be positive");
    } else {
      row.amount = *amount;
    }
    if (field(kDisputed) == "Yes") {
      row.disputed = true;
    } else if (field(kDisputed) != "No") {
      bad(kDisputed, absl::StrCat("not Yes or No: \"", field(kDisputed), "\""));
    }
    rows.push_back(std::move(row));
  }
  if (!violations.empty()) return absl::InvalidArgumentError(absl::StrJoin(violations, "\n"));
  return rows;
}

}  // namespace huikuan::core
