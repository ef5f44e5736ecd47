// RFC 4180 CSV: a parser into rows of fields and a writer that quotes only where needed.
//
//   absl::StatusOr<CsvTable> table = ParseCsv("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n");
//   // table->rows == {{"a", "b"}, {"x,1", "say \"hi\""}}
//   std::string text = WriteCsv({{"a", "b"}, {"x,1", "2"}});  // "a,b\r\n\"x,1\",2\r\n"
//
// Contract: fields are returned exactly as written (no trimming, no type conversion: amounts and
// dates are parsed by money.h / civil_date.h, so there is one rule for each). Records end in CRLF,
// a bare LF or a bare CR; a final line without a newline is a record; a trailing newline does not
// add an empty record. A quoted field may hold commas, CR, LF and doubled quotes. Errors are
// INVALID_ARGUMENT naming the 1-based line and column. Pure functions, thread-safe.
#ifndef HUIKUAN_SERVER_CORE_CSV_H_
#define HUIKUAN_SERVER_CORE_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

struct CsvTable {
  // rows[i] is the i-th record (the header, if any, is rows[0]); rows may differ in length: the
  // caller checks the column count so that it can name the row in its own error.
  std::vector<std::vector<std::string>> rows;
};

// Parses RFC 4180 text. Errors: INVALID_ARGUMENT for an unterminated quoted field, a quote inside
// an unquoted field, or text after a closing quote ("line 3, column 2: ...").
absl::StatusOr<CsvTable> ParseCsv(absl::string_view text);

// Appends one record to `out`, quoting a field when it contains a comma, quote, CR or LF (quotes
// doubled), and ends the record with CRLF.
void AppendCsvRecord(const std::vector<std::string>& fields, std::string& out);

// All records, each ended with CRLF. ParseCsv(WriteCsv(rows)).rows == rows for any rows whose
// records are non-empty (a record of one empty field is written as an empty line, which ParseCsv
// also reads back as one empty field, except as the final line).
std::string WriteCsv(const std::vector<std::vector<std::string>>& rows);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CSV_H_
