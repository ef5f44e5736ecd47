#include "server/core/csv.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace huikuan::core {
namespace {

absl::Status CsvError(int line, int column, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("csv line ", line, ", column ", column, ": ", what));
}

}  // namespace

absl::StatusOr<CsvTable> ParseCsv(absl::string_view text) {
  CsvTable table;
  std::vector<std::string> record;
  std::string field;
  int line = 1;      // line where the current record started (errors name it)
  int physical = 1;  // current physical line, for quoted fields spanning lines
  size_t i = 0;
  const size_t n = text.size();
  if (n == 0) return table;
  while (true) {
    // At the start of a field.
    field.clear();
    const int column = static_cast<int>(record.size()) + 1;
    if (i < n && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        const char c = text[i];
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
          } else {
            ++i;
            closed = true;
            break;
          }
        } else {
          if (c == '\n') ++physical;
          field.push_back(c);
          ++i;
        }
      }
      if (!closed) return CsvError(line, column, "unterminated quoted field");
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return CsvError(physical, column, "text after a closing quote");
      }
    } else {
      while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '"') return CsvError(physical, column, "quote inside an unquoted field");
        field.push_back(text[i]);
        ++i;
      }
    }
    record.push_back(std::move(field));
    if (i < n && text[i] == ',') {
      ++i;
      continue;
    }
    // End of record: CRLF, LF, bare CR, or end of text.
    if (i < n && text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') ++i;
    ++physical;
    line = physical;
    table.rows.push_back(std::move(record));
    record.clear();
    if (i >= n) break;
  }
  return table;
}

void AppendCsvRecord(const std::vector<std::string>& fields, std::string& out) {
  for (size_t f = 0; f < fields.size(); ++f) {
    if (f > 0) out.push_back(',');
    const std::string& value = fields[f];
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
      out += value;
      continue;
    }
    out.push_back('"');
    for (char c : value) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
}

std::string WriteCsv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) AppendCsvRecord(row, out);
  return out;
}

}  // namespace huikuan::core
