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

// A customer judged: its new level and reasons, the level it had, and the customer_risks row to
// store (level_since kept when the level stayed).
struct JudgedRisk {
  core::RiskEvaluation evaluation;
  core::WarningLevel from = core::WarningLevel::kGreen;
  store::CustomerRiskRecord record;
};
absl::StatusOr<JudgedRisk> JudgeRisk(const JudgedLedger& ledger,
                                     const std::vector<core::RiskSignal>& signals,
                                     core::EpochDay as_of,
                                     const std::optional<store::CustomerRiskRecord>& stored,
                                     absl::Time now, const RiskSettings& settings);

// On a change of level (judged.from -> the evaluation's level, new trigger key): keeps the
// history, audits it, responds when it rose and re-assesses the customer. None otherwise.
absl::StatusOr<std::optional<RiskChangeOutcome>> ApplyRiskChange(
    WriteScope& write, const JudgedLedger& ledger, const JudgedRisk& judged, core::EpochDay as_of,
    const RiskTrigger& trigger, const RiskSettings& settings);

// Stores the customer's level and figures as of `as_of`; on a change (new key) keeps the history,
// audits it, responds when it rose and re-assesses the customer. None when the level stayed.
absl::StatusOr<std::optional<RiskChangeOutcome>> JudgeCustomer(
    WriteScope& write, const JudgedLedger& ledger, const std::vector<core::RiskSignal>& signals,
    core::EpochDay as_of, const RiskTrigger& trigger, const RiskSettings& settings);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_RISK_RUN_H_
