// The reports of the monthly joint meeting (issue 11) as plain values: what ops builds from the
// ledger, what the gRPC edge converts and what the XLSX and PDF exports lay out. Money in fen,
// ratios as double (NaN when a denominator is 0), days as epoch days. No behaviour here.
#ifndef HUIKUAN_SERVER_REPORTS_REPORT_TYPES_H_
#define HUIKUAN_SERVER_REPORTS_REPORT_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/commission.h"
#include "server/core/kpi.h"
#include "server/core/money.h"

namespace huikuan::reports {

enum class Grouping : int8_t {
  kCompany = 0,
  kCustomer = 1,
  kSalesperson = 2,  // the customer's owner
  kDepartment = 3,   // the owner's department
  kTier = 4,
  kIndustry = 5,
};

struct AgingRow {
  std::string group;  // "customers/7", "users/3", "sales", "general", an industry, "company"
  std::string label;
  std::vector<core::Fen> bucket_fen;
  std::vector<int64_t> bucket_count;
  core::Fen total = 0;
  core::Fen overdue = 0;  // total minus the first bucket
  core::Fen pledged = 0;  // of total, pledged or factored to a financier (ops/pledges.h)
};

struct AgingReport {
  core::EpochDay as_of = 0;
  Grouping grouping = Grouping::kCompany;
  std::vector<int32_t> upper_bounds;
  std::vector<std::string> bucket_labels;
  std::vector<AgingRow> rows;  // total descending, then group
  AgingRow total;
};

struct KpiReportRow {
  std::string group;  // as AgingRow; "YYYY-MM" in a trend
  std::string label;
  core::KpiRow kpi;
  double countback_dso_days = 0;
};

struct KpiReport {
  core::Period period;
  Grouping grouping = Grouping::kCompany;
  std::vector<KpiReportRow> rows;
  KpiReportRow total;
  std::vector<KpiReportRow> trend;  // oldest month first
};

struct CommissionRow {
  int64_t salesperson_id = 0;
  std::string salesperson_name;
  core::CommissionInput input;
  core::CommissionResult result;
};

struct DepartmentScore {
  std::string department;
  core::BasisPoints collection_weight_bp = 0;
  core::BasisPoints collection_score_bp = 0;
  core::BasisPoints other_score_bp = 0;
  core::BasisPoints kpi_score_bp = 0;
};

struct CommissionReport {
  std::string month;  // "YYYY-MM"
  std::vector<CommissionRow> rows;
  std::vector<DepartmentScore> department_scores;
};

struct RfmRow {
  int64_t customer_id = 0;
  std::string customer_name;
  int32_t recency_days = 0;
  int32_t frequency = 0;
  core::Fen monetary = 0;
  int8_t r_score = 0;
  int8_t f_score = 0;
  int8_t m_score = 0;
  std::string segment;
  std::string suggested_action;
};

struct RfmSegmentSummary {
  std::string segment;
  int64_t customers = 0;
  core::Fen monetary = 0;
  std::string suggested_action;
};

struct RfmReport {
  core::EpochDay as_of = 0;
  int32_t window_days = 0;
  std::vector<RfmRow> rows;  // monetary descending, then customer id
  std::vector<RfmSegmentSummary> segments;
};

struct OverdueCustomer {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string salesperson_name;
  core::Fen open = 0;
  core::Fen overdue = 0;
  core::Fen over_90_days = 0;
};

struct MeetingWarning {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string level;  // "yellow", "orange", "red"
  std::string reason;
};

struct BrokenPromise {
  int64_t promise_id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  core::EpochDay promised_day = 0;
  core::Fen promised = 0;
  core::Fen paid = 0;
  core::EpochDay decided_day = 0;
};

struct DefaultedPlan {
  int64_t plan_id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  core::Fen total = 0;
  core::EpochDay defaulted_day = 0;
};

// A pledge or factoring active at the month's end (ops/pledges.h): pledged_open is what aging
// counts as pledged, the smaller of the pledged amount and the invoice's open amount then.
struct PledgeLine {
  int64_t pledge_id = 0;
  int64_t invoice_id = 0;
  std::string invoice_number;
  std::string customer_name;
  std::string kind;  // "pledge", "factoring"
  std::string financier;
  core::EpochDay pledged_day = 0;
  core::Fen amount = 0;
  core::Fen open = 0;
  core::Fen pledged_open = 0;
};

struct FinancierTotal {
  std::string financier;
  int64_t invoices = 0;
  core::Fen amount = 0;
  core::Fen pledged_open = 0;
};

// Early-payment discounts honoured in the month against the DSO days they saved (issue 14,
// R-DISC-3, core/early_discount.h).
struct DiscountCost {
  int64_t count = 0;
  core::Fen cost = 0;        // discounts given
  core::Fen cash_early = 0;  // cash received with them
  core::Fen credit_sales = 0;
  int64_t avg_days_early_x10 = 0;
  int64_t dso_days_x10 = 0;  // DSO days saved, tenths
};

// A contact a person made outside the contact limits, with the reason given (issue 14).
struct FlaggedContact {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string when;  // company time, "2026-12-02 22:14"
  std::string who;
  std::string channel;
  std::string limits;  // what was outside the limits, in words
  std::string reason;
};

struct MeetingPack {
  std::string month;  // "YYYY-MM"
  absl::Time generate_time;
  AgingReport aging;  // by salesperson, as of the month's last day
  KpiReport kpis_by_salesperson;
  KpiReport kpis_by_department;
  CommissionReport commission;
  RfmReport rfm;
  std::vector<OverdueCustomer> top_overdue;
  bool warnings_available = false;
  std::vector<MeetingWarning> warnings;
  std::vector<BrokenPromise> broken_promises;
  std::vector<DefaultedPlan> defaulted_plans;
  std::vector<PledgeLine> pledges;            // id order
  std::vector<FinancierTotal> pledge_totals;  // pledged_open descending
  DiscountCost discounts;
  std::vector<FlaggedContact> flagged_contacts;  // issue 14, oldest first
};

}  // namespace huikuan::reports

#endif  // HUIKUAN_SERVER_REPORTS_REPORT_TYPES_H_
