// Internal to the risk operations (risk.h): one customer judged and its level change applied,
// shared by the daily run and RecordRiskSignal.
#ifndef HUIKUAN_SERVER_OPS_RISK_RUN_H_
#define HUIKUAN_SERVER_OPS_RISK_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/ops/risk.h"
#include "server/ops/risk_facts.h"

namespace huikuan::ops {

// What judged the customer: the run ("run:<customer>:<date>") or a signal ("signal:<id>"); the
// key makes a replay create no second change.
struct RiskTrigger {
  std::string source_key;
  std::optional<int64_t> signal_id;
  absl::Time time;  // when the signal was recorded or the run ran
};

// Stores the customer's level and figures as of `as_of`; on a change (new key) keeps the history,
// audits it, responds when it rose and re-assesses the customer. None when the level stayed.
absl::StatusOr<std::optional<RiskChangeOutcome>> JudgeCustomer(
    WriteScope& write, const JudgedLedger& ledger, const std::vector<core::RiskSignal>& signals,
    core::EpochDay as_of, const RiskTrigger& trigger, const RiskSettings& settings);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_RISK_RUN_H_
