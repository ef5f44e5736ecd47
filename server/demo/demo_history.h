// The demo ledger's history as a plan: who the customers are, who orders what when, and how each
// order gets paid. Pure and deterministic (same options and `today`, same history); the loader
// (history_loader.h) turns it into invoices through the same code as CreateInvoices, so the terms
// come from the core, and into payments applied by the core's cash application.
//
//   absl::StatusOr<DemoHistory> h = GenerateDemoHistory(DemoHistoryOptions(), today);
//   // ~2,000 customers, ~200,000 orders over the 36 months before `today`
//
// What it models (issue 4):
//   - sizes: customers ranked by a Zipf-like law, order count and order size each ~ 1/sqrt(rank),
//     so volume ~ 1/rank: the top 1% of customers place ~40% of the volume. Tiers follow the rank
//     (top 1% strategic core, next 9% key partner, next 40% general, the rest potential).
//   - seasonality: a month factor (year-end peak, 618 and Double 11, October holiday) and a dip
//     from a week before to two weeks after the Spring Festival, when factories close.
//   - habits: ~75% of customers pay on time, ~13% now and then late, ~10% chronically late (3-11
//     weeks after due, a few invoices never), ~2% deteriorate over their last 4-9 months: payments
//     slower month by month, orders fewer and smaller, the last invoices left unpaid.
//   - E集团 (seed 000): a large appliance group, key partner for three years and never late, whose
//     payments slow from the due date to ~33 days after it over the last half year (DSO 45 -> 78)
//     and whose last three invoices, 8,000,000 yuan together, are unpaid; supply is suspended
//     (credit hold) and its bank credit line was cut by 30%.
//   - new customers join throughout the window (their first orders go through the new-customer
//     ladder); some deteriorating and chronically late customers end on credit hold or in
//     litigation and stopped ordering when that happened.
//   - a term change a year ago (seed 000: "账期每延长10天,坏账风险增加18%,但订单量增长12%"): the
//     company lengthened the general and potential tiers' base terms by 10 days (the demo
//     publishes that policy version, demo_data.cc); from that day those customers order 12% more
//     often and leave 18% more of their invoices unpaid, so the term-policy simulator has a real
//     change to learn the response from (the other tiers, unchanged, are its contrast).
#ifndef HUIKUAN_SERVER_DEMO_DEMO_HISTORY_H_
#define HUIKUAN_SERVER_DEMO_DEMO_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/tiering.h"

namespace huikuan::demo {

enum class PaymentHabit : int8_t {
  kOnTime = 0,            // pays by the due date, now and then a few days late
  kOccasionallyLate = 1,  // 40% of invoices 3-30 days late
  kChronicLate = 2,       // 20-80 days late, 1.5% of invoices never paid
  kDeteriorating = 3,     // on time until deterioration_start, then ever slower (see above)
};

struct DemoCustomer {
  std::string display_name;  // "苏州华恒机械制造有限公司 #12"; unique (the number is the index + 1)
  std::string industry;
  // 0: the demo sales_staff user (sales01, every 5th customer); the loader maps the others onto
  // its sales staff.
  int32_t owner_slot = 0;
  int32_t size_rank = 0;  // 0: the largest customer
  core::Tier tier = core::Tier::kGeneral;
  // Profile (R-TIER-1) as the customer store's keys ("large", "industry_head", "A").
  std::string enterprise_size;
  std::string industry_position;
  std::string tax_credit_grade;
  std::string founding_date;  // "YYYY-MM-DD"
  core::Fen bank_credit_line = 0;
  std::string third_party_rating;
  // Whom collection writes to: derived from the index, so the history's random draws (and every
  // figure the tests check) stay as they were. Every tenth customer reads English.
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  std::string contact_address;
  std::string preferred_language = "zh-CN";
  PaymentHabit habit = PaymentHabit::kOnTime;
  core::EpochDay first_order_day = 0;
  core::EpochDay last_order_day = 0;       // no orders after it (supply stopped or today)
  core::EpochDay deterioration_start = 0;  // kDeteriorating only
  // At the end of the history.
  std::string credit_status = "active";  // "active", "on_hold", "in_litigation"
  std::string hold_reason;               // why, when not active
  core::Fen credit_limit = 0;            // about two months of its last year's orders
};

struct DemoOrder {
  int32_t customer = 0;      // index into DemoHistory::customers
  std::string order_number;  // "SO-00006-00042": customer index + 1, the customer's order count
  core::EpochDay day = 0;    // the invoice date
  core::Fen amount = 0;
  // How it is settled, once the core has given the terms: a prepaid part is paid on the invoice
  // day (no delivery without it); the rest `pay_days_after_due` days after the due date (negative:
  // early; never before the invoice day), and not at all when that is after today.
  std::optional<int32_t> pay_days_after_due;  // empty: never paid
  int32_t paid_percent = 100;                 // of the rest; below 100 the remainder stays open
  bool with_reference = true;                 // the transfer names the invoice number
  core::Fen overpayment = 0;                  // sent on top: kept as unapplied cash
};

struct DemoHistoryOptions {
  uint64_t seed = 20261124;
  int32_t customers = 2000;
  int32_t invoices_per_customer = 100;  // the expected average over the window
  int32_t months = 36;
  // The term change: this many days before `today` (none when 0 or before the window).
  int32_t term_change_days_ago = 365;
};

// The term change's tiers and size, and how their customers respond (percent of before).
inline constexpr int32_t kTermChangeExtraDays = 10;
inline constexpr int32_t kTermChangeOrderPercent = 112;
inline constexpr int32_t kTermChangeNeverPaidPercent = 118;
bool TermChangeApplies(core::Tier tier);  // general and potential

struct DemoHistory {
  core::EpochDay first_day = 0;  // the window is [first_day, today]
  core::EpochDay today = 0;
  std::optional<core::EpochDay> term_change_day;  // the longer terms apply from it
  std::vector<DemoCustomer> customers;
  std::vector<DemoOrder> orders;  // by day, then customer index, then order number
};

// The E集团 customer's index (customers/6 in an empty database), present when customers > 5.
inline constexpr int32_t kEGroupIndex = 5;
// E集团's last three invoices, unpaid: 8,000,000 yuan together (seed 000).
inline constexpr core::Fen kEGroupOverdueFen = 800'000'000;

// Errors: INVALID_ARGUMENT for customers outside 1..100,000, invoices_per_customer outside
// 1..10,000, months outside 1..120, or a window outside the supported dates.
absl::StatusOr<DemoHistory> GenerateDemoHistory(const DemoHistoryOptions& options,
                                                core::EpochDay today);

// The first day of the Spring Festival (lunar new year) of `year`, for 2015-2035.
std::optional<core::EpochDay> SpringFestival(int32_t year);

}  // namespace huikuan::demo

#endif  // HUIKUAN_SERVER_DEMO_DEMO_HISTORY_H_
