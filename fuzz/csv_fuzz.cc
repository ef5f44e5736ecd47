// libFuzzer target: the RFC 4180 parser (core/csv.h) on arbitrary bytes. Besides crashes and
// sanitizer reports, it checks the header's round-trip contract: whatever ParseCsv accepts,
// WriteCsv writes back so that ParseCsv reads the same rows.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "server/core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<huikuan::core::CsvTable> table = huikuan::core::ParseCsv(text);
  if (!table.ok()) return 0;
  // Contract exception (csv.h): a final record of one empty field is written as an empty line,
  // which is not a record when it ends the text.
  if (!table->rows.empty() && table->rows.back().size() == 1 && table->rows.back()[0].empty()) {
    return 0;
  }
  const std::string written = huikuan::core::WriteCsv(table->rows);
  absl::StatusOr<huikuan::core::CsvTable> again = huikuan::core::ParseCsv(written);
  if (!again.ok() || again->rows != table->rows) {
    std::fprintf(stderr, "CSV round trip changed the rows (%zu rows in, %s)\n", table->rows.size(),
                 again.ok() ? "different rows out" : "rewritten text rejected");
    std::abort();
  }
  return 0;
}
