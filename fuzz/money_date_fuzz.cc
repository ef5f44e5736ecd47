// libFuzzer target: money and date parsing (core/money.h ParseYuan, core/civil_date.h ParseDate,
// core/ibm_late_payment.h ParseUsDate). What a parser accepts must be in range and format back to
// the same value: FormatYuan/ParseYuan and FormatDate/ParseDate round-trip exactly, and ParseDate
// accepts only the canonical text it would write.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/ibm_late_payment.h"
#include "server/core/money.h"

namespace {

[[noreturn]] void Violated(const char* what, absl::string_view text) {
  std::fprintf(stderr, "%s (input of %zu bytes)\n", what, text.size());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  namespace core = huikuan::core;

  absl::StatusOr<core::Fen> fen = core::ParseYuan(text);
  if (fen.ok()) {
    if (*fen > core::kMaxAbsFen || *fen < -core::kMaxAbsFen)
      Violated("ParseYuan out of range", text);
    absl::StatusOr<core::Fen> again = core::ParseYuan(core::FormatYuan(*fen));
    if (!again.ok() || *again != *fen) Violated("FormatYuan/ParseYuan round trip", text);
  }

  absl::StatusOr<core::EpochDay> day = core::ParseDate(text);
  if (day.ok()) {
    if (!core::IsValidEpochDay(*day)) Violated("ParseDate out of range", text);
    if (core::FormatDate(*day) != text) Violated("ParseDate accepted a non-canonical date", text);
  }

  absl::StatusOr<core::EpochDay> us_day = core::ParseUsDate(text);
  if (us_day.ok() && !core::IsValidEpochDay(*us_day)) Violated("ParseUsDate out of range", text);
  return 0;
}
