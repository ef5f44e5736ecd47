#include "server/ops/aging_report.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/clock.h"
#include "server/ops/pledges.h"
#include "server/ops/report_ledger.h"
#include "server/store/report_store.h"

namespace huikuan::ops {

absl::StatusOr<reports::AgingReport> AgeOpenInvoices(const ReportGroups& groups,
                                                     reports::Grouping grouping,
                                                     const std::vector<int64_t>& customer_ids,
                                                     const std::vector<core::Fen>& open,
                                                     const std::vector<core::EpochDay>& due_days,
                                                     core::EpochDay as_of,
                                                     const core::AgingConfig& config) {
  return AgeKeyedInvoices(groups, grouping, groups.KeysOf(customer_ids), open, due_days, as_of,
                          config);
}

absl::StatusOr<reports::AgingReport> AgeKeyedInvoices(
    const ReportGroups& groups, reports::Grouping grouping, const std::vector<int64_t>& keys,
    const std::vector<core::Fen>& open, const std::vector<core::EpochDay>& due_days,
    core::EpochDay as_of, const core::AgingConfig& config) {
  HK_ASSIGN_OR_RETURN(core::AgingTable table,
                      core::AgeByGroup(keys, open, due_days, as_of, config));
  reports::AgingReport report;
  report.as_of = as_of;
  report.grouping = grouping;
  report.upper_bounds = config.upper_bounds;
  report.bucket_labels = core::BucketLabels(config);
  const int buckets = table.num_buckets;
  report.total.group = "total";
  report.total.label = "total";
  report.total.bucket_fen.assign(buckets, 0);
  report.total.bucket_count.assign(buckets, 0);
  for (size_t g = 0; g < table.group_keys.size(); ++g) {
    if (table.totals[g] == 0) continue;
    reports::AgingRow row;
    row.group = groups.Group(table.group_keys[g]);
    row.label = groups.Label(table.group_keys[g]);
    for (int b = 0; b < buckets; ++b) {
      row.bucket_fen.push_back(table.amount(g, b));
      row.bucket_count.push_back(table.count(g, b));
      report.total.bucket_fen[b] += table.amount(g, b);
      report.total.bucket_count[b] += table.count(g, b);
    }
    row.total = table.totals[g];
    row.overdue = row.total - row.bucket_fen[0];
    report.total.total += row.total;
    report.total.overdue += row.overdue;
    report.rows.push_back(std::move(row));
  }
  std::sort(report.rows.begin(), report.rows.end(),
            [](const reports::AgingRow& a, const reports::AgingRow& b) {
              if (a.total != b.total) return a.total > b.total;
              return a.group < b.group;
            });
  return report;
}

absl::StatusOr<reports::AgingReport> BuildAgingReport(ReadScope& read, const AgingQuery& query,
                                                      LedgerCache* cache) {
  const core::EpochDay as_of = query.as_of.value_or(read.today);
  if (as_of > read.today) {
    return core::FieldViolation("as_of_date",
                                absl::StrCat(core::FormatDate(as_of), " is after today"));
  }
  core::AgingConfig config;
  if (!query.upper_bounds.empty()) config.upper_bounds = query.upper_bounds;
  HK_RETURN_IF_ERROR(core::ValidateAgingConfig(config));

  const ReportScope scope = ScopeReport(read.caller);
  if (cache != nullptr && as_of == read.today && !scope.nothing) {
    // Today: the ledger's open amounts as they stand, without the history.
    cache->Refresh(read.db);
    LedgerCache::OpenColumns columns = cache->CollectOpen(scope.owner_user_id, read.today);
    const ReportGroups groups(query.grouping, columns.customers);
    // Group keys once per customer, then one gather per invoice.
    const std::vector<int64_t> slot_keys = groups.KeysOf(columns.slot_customer_ids);
    std::vector<int64_t> keys(columns.customer_slot.size());
    const int64_t* key_of_slot = slot_keys.data();
    const uint32_t* slot = columns.customer_slot.data();
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = key_of_slot[slot[i]];
    HK_ASSIGN_OR_RETURN(reports::AgingReport report,
                        AgeKeyedInvoices(groups, query.grouping, keys, columns.open,
                                         columns.due_days, as_of, config));
    AddPledgedToAging(read, scope.owner_user_id, as_of, groups, report);
    return report;
  }
  if (cache != nullptr && !scope.nothing) {
    // A past day from the cached history, as the meeting pack ages its month's end.
    const ReportLedger ledger = LoadReportLedger(read, scope, as_of, cache);
    const ReportGroups groups(query.grouping, ledger.customers);
    HK_ASSIGN_OR_RETURN(reports::AgingReport report,
                        AgeOpenInvoices(groups, query.grouping, ledger.customer_ids,
                                        ledger.OpenAt(as_of), ledger.due_days, as_of, config));
    AddPledgedToAging(read, scope.owner_user_id, as_of, groups, report);
    return report;
  }
  const auto customers = LoadReportCustomers(read, scope);
  std::vector<int64_t> customer_ids;
  std::vector<core::Fen> open;
  std::vector<core::EpochDay> due_days;
  if (!scope.nothing) {
    for (const store::OpenInvoiceAsOf& invoice : store::ListOpenInvoicesAsOf(
             read.db, scope.owner_user_id, as_of, StartOfCompanyDay(as_of + 1))) {
      customer_ids.push_back(invoice.customer_id);
      open.push_back(invoice.open);
      due_days.push_back(invoice.due_day);
    }
  }
  const ReportGroups groups(query.grouping, customers);
  HK_ASSIGN_OR_RETURN(
      reports::AgingReport report,
      AgeOpenInvoices(groups, query.grouping, customer_ids, open, due_days, as_of, config));
  if (!scope.nothing) AddPledgedToAging(read, scope.owner_user_id, as_of, groups, report);
  return report;
}

}  // namespace huikuan::ops
