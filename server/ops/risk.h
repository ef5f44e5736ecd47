// Early warning that acts (issue 10, R-WARN-1..4): external signals recorded (deduplicated by
// source and reference; a tax grade or bank line signal updates the profile and re-scores the
// customer), each customer's warning level judged from the ledger as of the day and the recent
// signals, and the graded response when a level rises: work items for the departments concerned,
// the credit hold on red (automatic or proposed to the heads), an email through the outbox to the
// owner and the department heads concerned, and the customer re-assessed so that its credit
// recommendation reflects the level. Only a change of level creates events; every change is
// audited and kept in the customer's history.
#ifndef HUIKUAN_SERVER_OPS_RISK_H_
#define HUIKUAN_SERVER_OPS_RISK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/risk_level.h"
#include "server/core/risk_signal_csv.h"
#include "server/ops/scopes.h"
#include "server/store/customer_store.h"
#include "server/store/risk_store.h"

namespace huikuan::ops {

struct RiskSettings {
  core::RiskConfig config;
  // A notice goes to the user's email (users.email); a user without one gets it at
  // <username>@<this domain> (flag --staff_email_domain, env HUIKUAN_STAFF_EMAIL_DOMAIN).
  std::string staff_email_domain = "huikuan.local";
};

// What a level change did.
struct RiskChangeOutcome {
  store::RiskChangeRecord change;
  std::vector<int64_t> work_item_ids;
  std::vector<int64_t> notice_message_ids;
  bool hold_placed = false;
};

struct RecordedSignal {
  store::RiskSignalRecord signal;
  bool created = false;  // false: the (source, reference) was recorded before; nothing changed
  bool profile_changed = false;
  std::optional<RiskChangeOutcome> change;  // the level the signal raised (or none)
};
// NOT_FOUND naming `customer_name` when invisible; INVALID_ARGUMENT naming the field
// (core::ValidateSignal under `field_prefix`); ALREADY_EXISTS when (source, reference) was
// recorded for another customer.
absl::StatusOr<RecordedSignal> RecordRiskSignal(WriteScope& write, int64_t customer_id,
                                                absl::string_view customer_name,
                                                core::RiskSignal signal,
                                                const RiskSettings& settings,
                                                absl::string_view field_prefix = "signal");

struct SignalImport {
  int32_t created = 0;
  int32_t repeated = 0;
  std::vector<int64_t> changed_customer_ids;
};
// Each row as RecordRiskSignal (fields named rows[i].<field>); the first failing row fails the
// whole import (the caller's transaction rolls back).
absl::StatusOr<SignalImport> ImportRiskSignals(WriteScope& write,
                                               std::vector<core::RiskSignalRow> rows,
                                               const RiskSettings& settings);

struct RiskRun {
  int64_t evaluated = 0;
  int64_t raised = 0;
  int64_t lowered = 0;
  int64_t work_items = 0;
  int64_t holds = 0;
  int64_t notices = 0;
  std::vector<int64_t> changed_customer_ids;
};
// The daily run: every customer with a ledger in the last year, a recent signal or a non-green
// level, judged as of `as_of`. Idempotent: a day replayed finds the levels already set and the
// change keys ("run:<customer>:<date>") taken.
absl::StatusOr<RiskRun> EvaluateRisks(WriteScope& write, core::EpochDay as_of,
                                      const RiskSettings& settings);

struct CustomerRiskView {
  store::CustomerRiskRecord current;             // level green with no reasons when never judged
  std::vector<store::RiskSignalRecord> signals;  // newest first, at most 100
  std::vector<store::RiskChangeRecord> history;  // newest first, at most 100
};
// NOT_FOUND naming `customer_name` when absent or invisible (sales staff: own customers only).
absl::StatusOr<CustomerRiskView> GetCustomerRisk(ReadScope& read, int64_t customer_id,
                                                 absl::string_view customer_name);

// Customers by level (highest first, then largest overdue); sales staff see their own only.
struct CustomerRiskList {
  std::vector<store::CustomerRiskRecord> rows;
  std::vector<store::LevelTotals> totals;  // over the whole filter
};
absl::StatusOr<CustomerRiskList> ListCustomerRisks(ReadScope& read,
                                                   store::CustomerRiskFilter filter,
                                                   std::optional<store::CustomerRiskCursor> after,
                                                   int limit);

// The customer's warning level and what the ledger says, for its assessment (AssessCustomerOn).
struct AssessmentRisk {
  core::PaymentBehaviour behaviour;
  core::WarningLevel level = core::WarningLevel::kGreen;
  core::Fen credit_limit = 0;
};
absl::StatusOr<AssessmentRisk> LoadAssessmentRisk(store::ConnectionPool::Lease& db,
                                                  int64_t customer_id, core::EpochDay day,
                                                  const core::RiskConfig& config);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_RISK_H_
