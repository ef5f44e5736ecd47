// BuildCashForecast (forecasts.h): the 13-week cash forecast and its backtest.
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/models/payment_history.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/forecasts.h"
#include "server/ops/report_ledger.h"
#include "server/store/payment_plan_store.h"
#include "server/store/promise_store.h"

namespace huikuan::ops {
namespace {

constexpr int32_t kMaxWeeks = 26;
constexpr int32_t kProfileDays = 365;
constexpr int32_t kDoubtfulDays = 365;  // open more than a year past due: not expected
constexpr int kPageSize = 1000;

struct Expected {
  std::vector<core::EpochDay> days;
  std::vector<core::Fen> amounts;
  std::vector<size_t> invoices;  // the ledger rows predicted
  int64_t settled_in_profile = 0;
};

// Each open invoice at as_of (except `skip`) expected on its due day plus its customer's mean
// lateness over the year before, no earlier than as_of + 1.
absl::StatusOr<Expected> PredictInvoices(const ReportLedger& ledger, core::EpochDay as_of,
                                         const absl::flat_hash_set<int64_t>& skip) {
  HK_ASSIGN_OR_RETURN(std::vector<core::EpochDay> settled,
                      core::SettleDays(ledger.amounts, ledger.settlement_invoice_index,
                                       ledger.settlement_days, ledger.settlement_amounts, as_of));
  HK_ASSIGN_OR_RETURN(core::LatenessProfile profile,
                      core::ProfileLateness(ledger.customer_ids, ledger.due_days, ledger.amounts,
                                            settled, as_of - kProfileDays + 1, as_of));
  Expected expected;
  for (int64_t count : profile.settled_count) expected.settled_in_profile += count;
  const std::vector<core::Fen> open = ledger.OpenAt(as_of);
  for (size_t i = 0; i < open.size(); ++i) {
    if (open[i] == 0 || ledger.due_days[i] < as_of - kDoubtfulDays) continue;
    if (skip.contains(ledger.invoice_ids[i])) continue;
    const double late = profile.MeanDaysLate(ledger.customer_ids[i]);
    const core::EpochDay day = ledger.due_days[i] + static_cast<int32_t>(std::lround(late));
    expected.days.push_back(std::max(day, as_of + 1));
    expected.amounts.push_back(open[i]);
    expected.invoices.push_back(i);
  }
  return expected;
}

}  // namespace

absl::StatusOr<CashForecast> BuildCashForecast(ReadScope& read, int32_t weeks, LedgerCache* cache) {
  if (weeks < 1 || weeks > kMaxWeeks) {
    return core::FieldViolation("weeks", absl::StrCat(weeks, " outside 1..", kMaxWeeks));
  }
  const ReportScope scope = ScopeReport(read.caller);
  const ReportLedger ledger = LoadReportLedger(read, scope, read.today, cache);
  CashForecast forecast;
  forecast.as_of = read.today;
  const core::EpochDay first = read.today + 1;

  // Promises and plans replace the invoices they cover.
  absl::flat_hash_set<int64_t> covered;
  std::vector<core::EpochDay> promise_days, plan_days;
  std::vector<core::Fen> promise_amounts, plan_amounts;
  if (!scope.nothing) {
    store::PromiseFilter promises;
    promises.owner_user_id = scope.owner_user_id;
    promises.status = core::PromiseStatus::kOpen;
    for (int64_t after = 0;;) {
      auto page = store::ListPromises(read.db, promises, after, kPageSize);
      for (const store::PromiseRecord& p : page) {
        promise_days.push_back(p.terms.promised_day);
        promise_amounts.push_back(std::max<core::Fen>(0, p.terms.amount - p.paid));
        for (const store::PromiseInvoice& invoice : p.invoices) covered.insert(invoice.invoice_id);
      }
      if (page.size() < kPageSize) break;
      after = page.back().id;
    }
    store::PaymentPlanFilter plans;
    plans.owner_user_id = scope.owner_user_id;
    plans.status = core::PlanStatus::kActive;
    for (int64_t after = 0;;) {
      auto page = store::ListPaymentPlans(read.db, plans, after, kPageSize);
      for (const store::PaymentPlanRecord& p : page) {
        for (const core::Instalment& instalment : p.instalments) {
          if (instalment.due_day < first) continue;
          plan_days.push_back(instalment.due_day);
          plan_amounts.push_back(instalment.amount);
        }
        for (const store::PlanInvoice& invoice : p.invoices) covered.insert(invoice.invoice_id);
      }
      if (page.size() < kPageSize) break;
      after = page.back().id;
    }
  }
  HK_ASSIGN_OR_RETURN(Expected expected, PredictInvoices(ledger, read.today, covered));
  HK_ASSIGN_OR_RETURN(std::vector<core::Fen> from_invoices,
                      core::SumByWeek(expected.days, expected.amounts, first, weeks));
  HK_ASSIGN_OR_RETURN(std::vector<core::Fen> from_promises,
                      core::SumByWeek(promise_days, promise_amounts, first, weeks));
  HK_ASSIGN_OR_RETURN(std::vector<core::Fen> from_plans,
                      core::SumByWeek(plan_days, plan_amounts, first, weeks));
  for (int32_t w = 0; w < weeks; ++w) {
    forecast.weeks.push_back({first + 7 * w, from_invoices[w], from_promises[w], from_plans[w],
                              from_invoices[w] + from_promises[w] + from_plans[w]});
  }
  forecast.model_version =
      absl::StrCat("cash-lateness-profile-v1 trained ", core::FormatDate(read.today), " on ",
                   expected.settled_in_profile, " settled invoices");

  // Backtest: as of `weeks` weeks ago, invoices only, against the cash that came on them.
  forecast.backtest_as_of = read.today - 7 * weeks;
  const core::EpochDay bt_first = forecast.backtest_as_of + 1;
  HK_ASSIGN_OR_RETURN(Expected past, PredictInvoices(ledger, forecast.backtest_as_of, {}));
  HK_ASSIGN_OR_RETURN(std::vector<core::Fen> predicted,
                      core::SumByWeek(past.days, past.amounts, bt_first, weeks));
  std::vector<uint8_t> was_open(ledger.invoice_ids.size(), 0);
  for (size_t i : past.invoices) was_open[i] = 1;
  std::vector<core::EpochDay> cash_days;
  std::vector<core::Fen> cash_amounts;
  for (size_t s = 0; s < ledger.settlement_days.size(); ++s) {
    if (ledger.settlement_is_write_off[s] || ledger.settlement_days[s] < bt_first) continue;
    if (!was_open[ledger.settlement_invoice_index[s]]) continue;
    cash_days.push_back(ledger.settlement_days[s]);
    cash_amounts.push_back(ledger.settlement_amounts[s]);
  }
  HK_ASSIGN_OR_RETURN(std::vector<core::Fen> actual,
                      core::SumByWeek(cash_days, cash_amounts, bt_first, weeks));
  double error = 0, total = 0;
  for (int32_t w = 0; w < weeks; ++w) {
    forecast.backtest.push_back({bt_first + 7 * w, predicted[w], actual[w]});
    error += std::abs(static_cast<double>(predicted[w] - actual[w]));
    total += static_cast<double>(actual[w]);
  }
  forecast.backtest_error_share =
      total > 0 ? error / total : std::numeric_limits<double>::quiet_NaN();
  return forecast;
}

}  // namespace huikuan::ops
