// The CSV form of risk signals (issue 10, RiskService.ImportRiskSignals):
//
//   customer,kind,source,reference,signal_date,amount_fen,value,previous_value,evidence
//   customers/6,lawsuit,court,(2024)沪0151民初1号,2024-05-01,150000000,,,https://...
//
// `kind` is a SignalKindName; amount_fen empty for none. Every bad field of every row is reported
// as rows[i].<column> (i counts data rows from 0), so a file is fixed in one pass.
// Thread-safe: pure functions, no I/O.
#ifndef HUIKUAN_SERVER_CORE_RISK_SIGNAL_CSV_H_
#define HUIKUAN_SERVER_CORE_RISK_SIGNAL_CSV_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/risk_signal.h"

namespace huikuan::core {

struct RiskSignalRow {
  int64_t customer_id = 0;
  RiskSignal signal;
};

// INVALID_ARGUMENT: unparsable CSV, a wrong header, bad fields (named), more than max_rows rows.
// Field rules that need today (ValidateSignal) are left to the caller.
absl::StatusOr<std::vector<RiskSignalRow>> ParseRiskSignalCsv(absl::string_view text,
                                                              int max_rows = 100000);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_RISK_SIGNAL_CSV_H_
