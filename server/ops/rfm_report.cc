#include "server/ops/rfm_report.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/rfm.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"

namespace huikuan::ops {

absl::StatusOr<reports::RfmReport> ComputeRfmReport(const ReportLedger& ledger,
                                                    core::EpochDay as_of, int32_t window_days) {
  reports::RfmReport report;
  report.as_of = as_of;
  report.window_days = window_days;
  std::vector<int64_t> customers;
  std::vector<core::EpochDay> days;
  std::vector<core::Fen> amounts;
  for (size_t i = 0; i < ledger.invoice_ids.size(); ++i) {
    const core::EpochDay day = ledger.invoice_days[i];
    if (day > as_of || day <= as_of - window_days) continue;
    customers.push_back(ledger.customer_ids[i]);
    days.push_back(day);
    amounts.push_back(ledger.amounts[i]);
  }
  HK_ASSIGN_OR_RETURN(core::RfmTable table, core::ComputeRfm(customers, days, amounts, as_of));
  const size_t n = table.customer_keys.size();
  std::vector<int8_t> segments(n), r(n), f(n), m(n);
  HK_RETURN_IF_ERROR(core::ClassifyRfmBatch(table.recency_days, table.frequency, table.monetary,
                                            core::RfmConfig(), absl::MakeSpan(segments)));
  HK_RETURN_IF_ERROR(core::RfmScores(table.recency_days, table.frequency, table.monetary,
                                     absl::MakeSpan(r), absl::MakeSpan(f), absl::MakeSpan(m)));
  std::vector<reports::RfmSegmentSummary> summaries(3);
  for (int s = 0; s < 3; ++s) {
    const auto segment = static_cast<core::RfmSegment>(s);
    summaries[s].segment = std::string(core::RfmSegmentName(segment));
    summaries[s].suggested_action = std::string(core::RfmSegmentAdvice(segment));
  }
  for (size_t i = 0; i < n; ++i) {
    const auto segment = static_cast<core::RfmSegment>(segments[i]);
    reports::RfmRow row;
    row.customer_id = table.customer_keys[i];
    auto it = ledger.customers.find(row.customer_id);
    if (it != ledger.customers.end()) row.customer_name = it->second.name;
    row.recency_days = table.recency_days[i];
    row.frequency = table.frequency[i];
    row.monetary = table.monetary[i];
    row.r_score = r[i];
    row.f_score = f[i];
    row.m_score = m[i];
    row.segment = std::string(core::RfmSegmentName(segment));
    row.suggested_action = std::string(core::RfmSegmentAdvice(segment));
    summaries[segments[i]].customers += 1;
    summaries[segments[i]].monetary += row.monetary;
    report.rows.push_back(std::move(row));
  }
  std::sort(report.rows.begin(), report.rows.end(),
            [](const reports::RfmRow& a, const reports::RfmRow& b) {
              if (a.monetary != b.monetary) return a.monetary > b.monetary;
              return a.customer_id < b.customer_id;
            });
  // Loyal high value first, then churn risk, then the rest.
  report.segments = {summaries[1], summaries[2], summaries[0]};
  return report;
}

absl::StatusOr<reports::RfmReport> BuildRfmReport(ReadScope& read, const RfmQuery& query,
                                                  LedgerCache* cache) {
  const core::EpochDay as_of = query.as_of.value_or(read.today);
  if (as_of > read.today) {
    return core::FieldViolation("as_of_date",
                                absl::StrCat(core::FormatDate(as_of), " is after today"));
  }
  if (query.window_days < 1 || query.window_days > kMaxRfmWindowDays) {
    return core::FieldViolation("window_days",
                                absl::StrCat(query.window_days, " outside 1..", kMaxRfmWindowDays));
  }
  const ReportLedger ledger = LoadReportLedger(read, ScopeReport(read.caller), as_of, cache);
  return ComputeRfmReport(ledger, as_of, query.window_days);
}

}  // namespace huikuan::ops
