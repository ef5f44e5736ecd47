// RecordRiskSignal, the reads and the assessment's view of the ledger (risk.h); the run and the
// graded response are in risk_run.cc.
#include "server/ops/risk.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/assessment.h"
#include "server/ops/audit_images.h"
#include "server/ops/risk_facts.h"
#include "server/ops/risk_run.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

constexpr int kMaxListed = 100;

core::Json SignalImage(const store::RiskSignalRecord& r) {
  core::Json image = core::Json::Object();
  image.Set("customer", core::Json::String(core::FormatResourceName("customers", r.customer_id)));
  image.Set("kind", core::Json::String(core::SignalKindName(r.signal.kind)));
  image.Set("source", core::Json::String(r.signal.source));
  image.Set("reference", core::Json::String(r.signal.reference));
  image.Set("signal_date", core::Json::String(core::FormatDate(r.signal.day)));
  if (r.signal.amount) image.Set("amount_fen", core::Json::Int(*r.signal.amount));
  if (r.signal.previous_amount) {
    image.Set("previous_amount_fen", core::Json::Int(*r.signal.previous_amount));
  }
  if (!r.signal.value.empty()) image.Set("value", core::Json::String(r.signal.value));
  if (!r.signal.previous_value.empty()) {
    image.Set("previous_value", core::Json::String(r.signal.previous_value));
  }
  image.Set("evidence", core::Json::String(r.signal.evidence));
  image.Set("level", core::Json::String(core::WarningLevelName(r.level)));
  return image;
}

}  // namespace

absl::StatusOr<RecordedSignal> RecordRiskSignal(WriteScope& write, int64_t customer_id,
                                                absl::string_view customer_name,
                                                core::RiskSignal signal,
                                                const RiskSettings& settings,
                                                absl::string_view field_prefix) {
  HK_RETURN_IF_ERROR(core::ValidateSignal(signal, write.today, field_prefix));
  HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                      GetVisibleCustomer(write.db, write.caller, customer_id, customer_name,
                                         store::Lock::kForUpdate));
  RecordedSignal out;
  if (std::optional<store::RiskSignalRecord> existing =
          store::FindRiskSignal(write.db, signal.source, signal.reference)) {
    if (existing->customer_id != customer_id) {
      return absl::AlreadyExistsError(absl::StrCat(
          "signal (source ", signal.source, ", reference ", signal.reference, ") was recorded for ",
          core::FormatResourceName("customers", existing->customer_id)));
    }
    // A repeat changes nothing; the trail still shows the attempt.
    write.audit.Record(absl::StrCat(customer_name, "/riskSignals"), core::Json(),
                       SignalImage(*existing).Set("repeated", core::Json::Bool(true)));
    out.signal = std::move(*existing);
    return out;
  }
  // What the profile said before a tax grade or bank line change.
  if (signal.kind == core::SignalKind::kBankLine && !signal.previous_amount) {
    signal.previous_amount = customer.bank_credit_line;
  }
  if (signal.kind == core::SignalKind::kTaxGrade && signal.previous_value.empty()) {
    signal.previous_value = std::string(core::TaxCreditGradeName(customer.tax_credit_grade));
  }
  store::RiskSignalRecord& record = out.signal;
  record.customer_id = customer_id;
  record.owner_user_id = customer.owner_user_id;
  record.signal = std::move(signal);
  record.level = core::JudgeSignal(record.signal, settings.config.signals).level;
  if (!write.caller.is_system()) record.created_by = write.caller.user_id;
  record.create_time = write.now;
  store::InsertRiskSignal(write.db, record);
  out.created = true;
  write.audit.Record(core::FormatResourceName("riskSignals", record.id), core::Json(),
                     SignalImage(record));

  // A signal about a profile field updates the profile and re-scores the customer, only when it
  // is the newest news (an older signal imported late does not undo a later change).
  bool newest = true;
  for (const store::RiskSignalRecord& s :
       store::ListRiskSignals(write.db, customer_id, record.signal.day, 1000)) {
    if (s.id != record.id && s.signal.kind == record.signal.kind) newest = false;
  }
  const store::CustomerRecord before = customer;
  if (newest && record.signal.kind == core::SignalKind::kBankLine &&
      *record.signal.amount != customer.bank_credit_line) {
    customer.bank_credit_line = *record.signal.amount;
    out.profile_changed = true;
  }
  if (newest && record.signal.kind == core::SignalKind::kTaxGrade) {
    const core::TaxCreditGrade grade = *core::ParseTaxCreditGrade(record.signal.value);
    if (grade != customer.tax_credit_grade) {
      customer.tax_credit_grade = grade;
      out.profile_changed = true;
    }
  }
  if (out.profile_changed) {
    customer.update_time = write.now;
    HK_ASSIGN_OR_RETURN(customer, store::UpdateCustomer(write.db, customer, customer.version));
    HK_ASSIGN_OR_RETURN(customer, AssessAndSave(write.db, std::move(customer), write.now,
                                                TieringInForce(write.db, write.today)));
    write.audit.Record(customer_name, CustomerImage(before), CustomerImage(customer));
  }

  // The customer's level now, with this signal.
  std::optional<store::CustomerRiskRecord> stored =
      store::GetCustomerRisk(write.db, customer_id, store::Lock::kNone);
  HK_ASSIGN_OR_RETURN(
      std::vector<JudgedLedger> ledgers,
      JudgeLedgers(write.db, write.today, customer_id, settings.config.broken_promise_window_days,
                   {}, stored ? stored->figures.industry_dso_days : std::nullopt,
                   /*with_owner_rates=*/true));
  if (ledgers.empty()) return out;
  std::vector<core::RiskSignal> signals;
  for (store::RiskSignalRecord& s : store::ListRiskSignals(
           write.db, customer_id, write.today - settings.config.signal_window_days, 1000)) {
    signals.push_back(std::move(s.signal));
  }
  RiskTrigger trigger;
  trigger.source_key = absl::StrCat("signal:", record.id);
  trigger.signal_id = record.id;
  trigger.time = write.now;
  HK_ASSIGN_OR_RETURN(
      out.change, JudgeCustomer(write, ledgers.front(), signals, write.today, trigger, settings));
  return out;
}

absl::StatusOr<SignalImport> ImportRiskSignals(WriteScope& write,
                                               std::vector<core::RiskSignalRow> rows,
                                               const RiskSettings& settings) {
  SignalImport out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string prefix = absl::StrCat("rows[", i, "]");
    const std::string customer = core::FormatResourceName("customers", rows[i].customer_id);
    HK_ASSIGN_OR_RETURN(RecordedSignal recorded,
                        RecordRiskSignal(write, rows[i].customer_id, customer,
                                         std::move(rows[i].signal), settings, prefix));
    if (recorded.created) {
      ++out.created;
    } else {
      ++out.repeated;
    }
    if (recorded.change) out.changed_customer_ids.push_back(rows[i].customer_id);
  }
  return out;
}

absl::StatusOr<CustomerRiskView> GetCustomerRisk(ReadScope& read, int64_t customer_id,
                                                 absl::string_view customer_name) {
  HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                      GetVisibleCustomer(read.db, read.caller, customer_id, customer_name));
  CustomerRiskView view;
  if (std::optional<store::CustomerRiskRecord> stored =
          store::GetCustomerRisk(read.db, customer_id, store::Lock::kNone)) {
    view.current = std::move(*stored);
  } else {
    view.current.customer_id = customer_id;
    view.current.display_name = customer.display_name;
    view.current.owner_user_id = customer.owner_user_id;
    view.current.as_of_day = read.today;
  }
  view.signals = store::ListRiskSignals(read.db, customer_id, std::nullopt, kMaxListed);
  view.history = store::ListRiskChanges(read.db, customer_id, kMaxListed);
  return view;
}

absl::StatusOr<CustomerRiskList> ListCustomerRisks(ReadScope& read,
                                                   store::CustomerRiskFilter filter,
                                                   std::optional<store::CustomerRiskCursor> after,
                                                   int limit) {
  if (read.caller.is_customer()) {
    return absl::PermissionDeniedError("customer users cannot list customers' risks");
  }
  if (read.caller.scoped_to_owned_customers()) {
    if (filter.owner_user_id && *filter.owner_user_id != read.caller.user_id) {
      return core::FieldViolation("owner", "sales staff may list only their own customers");
    }
    filter.owner_user_id = read.caller.user_id;
  }
  CustomerRiskList list;
  list.rows = store::ListCustomerRisks(read.db, filter, after, limit);
  list.totals = store::SumCustomerRisks(read.db, filter);
  return list;
}

absl::StatusOr<AssessmentRisk> LoadAssessmentRisk(store::ConnectionPool::Lease& db,
                                                  int64_t customer_id, core::EpochDay day,
                                                  const core::RiskConfig& config) {
  AssessmentRisk risk;
  std::optional<store::CustomerRiskRecord> stored =
      store::GetCustomerRisk(db, customer_id, store::Lock::kNone);
  if (stored) risk.level = stored->level;
  HK_ASSIGN_OR_RETURN(std::vector<JudgedLedger> ledgers,
                      JudgeLedgers(db, day, customer_id, config.broken_promise_window_days, {},
                                   stored ? stored->figures.industry_dso_days : std::nullopt));
  if (!ledgers.empty()) {
    risk.behaviour = BehaviourOf(ledgers.front());
    risk.credit_limit = ledgers.front().facts.credit_limit;
  }
  return risk;
}

}  // namespace huikuan::ops
