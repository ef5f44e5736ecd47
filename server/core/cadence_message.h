// What a relationship-cadence item carries (issue 14, seed 000 客户关系维护): the salesperson's
// monthly reconciliation message to the customer, in the customer's language (seed 000's wording:
// "X总,本月贵司采购XX产品XX万元,账期将于X月X日到期,感谢您一直以来的支持,下月我们计划推出XX新品..."
// with the month's statement lines), and the brief prepared for a quarterly business review or an
// annual strategy meeting (volume, DSO, terms, warnings).
//
//   MonthlyContext context{.company = "华恒机械", .customer = "E集团", .month = {2026, 11}, ...};
//   absl::StatusOr<RenderedMessage> m = RenderMonthlyReconciliation(Language::kZhCn, context);
//
// Thread-safe: pure functions, no I/O.
#ifndef HUIKUAN_SERVER_CORE_CADENCE_MESSAGE_H_
#define HUIKUAN_SERVER_CORE_CADENCE_MESSAGE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/core/cadence.h"
#include "server/core/civil_date.h"
#include "server/core/dunning_message.h"
#include "server/core/money.h"

namespace huikuan::core {

struct CadenceLine {
  std::string invoice_number;
  std::string order_number;
  Fen amount = 0;  // the invoice's amount (a purchase) or what is still open (a due line)
  EpochDay invoice_day = 0;
  EpochDay due_day = 0;
};

struct MonthlyContext {
  std::string company;                 // the seller
  std::string customer;                // the customer's name
  std::string contact;                 // addressee; may be empty
  std::string salesperson;             // who signs: the customer's owner
  absl::CivilMonth month;              // the month the message is about (the one just closed)
  std::vector<CadenceLine> purchases;  // invoices dated in the month
  std::vector<CadenceLine> open;       // open at the message's day, with what is still owed
  std::string upcoming_note;           // what is coming (may be empty)
  EpochDay as_of = 0;
};

// Subject and body; INVALID_ARGUMENT for a bad amount or date.
absl::StatusOr<RenderedMessage> RenderMonthlyReconciliation(Language language,
                                                            const MonthlyContext& context);

struct ReviewContext {
  CadenceKind kind = CadenceKind::kQuarterlyReview;  // a review or the strategy meeting
  std::string customer;
  Tier tier = Tier::kGeneral;
  std::string period;              // "2026-Q3" or "2026": the period the figures cover
  Fen volume = 0;                  // invoiced in the period
  Fen previous_volume = 0;         // invoiced in the period before
  Fen balance = 0;                 // open at the day
  Fen overdue = 0;                 // of which past due
  std::optional<double> dso_days;  // simple DSO over the period (none without sales)
  int32_t credit_days = 0;         // the tier's term under the policy in force
  Fen credit_limit = 0;
  std::string warning_level;        // "green", "yellow", "orange", "red"
  std::string warning_reasons;      // one per line; may be empty
  int64_t approved_promotions = 0;  // joint promotions approved in the period
  EpochDay as_of = 0;
};

// The brief for the meeting (internal: for management and the sales head).
absl::StatusOr<RenderedMessage> RenderReviewBrief(Language language, const ReviewContext& context);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CADENCE_MESSAGE_H_
