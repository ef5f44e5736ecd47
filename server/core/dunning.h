// The collection ladder (R-DUN-1): given ladders, open invoices and an as-of date, the actions due
// today. Disputed invoices and invoices under an active payment plan are paused.
//
//   std::vector<DunningLadder> ladders = {Seed000Ladder(), Seed002Ladder()};
//   DunningInvoices inv{.invoice_ids = ids, .due_days = due, .open_amounts = open};
//   absl::StatusOr<DunningRun> run = DueDunningActions(ladders, inv, as_of);
//   for (const DunningAction& a : run->actions) { ... a.invoice_id, a.step_index, a.department }
//
// A step fires on due_day + offset_days. Two modes:
//   - exact-day (last_step_done empty): an action for every step whose day is exactly as_of.
//   - catch-up (last_step_done given, -1 = none): for each invoice, the latest step whose day is
//     <= as_of, if it is after last_step_done; earlier steps that were missed are not sent (a
//     pre-reminder after a lawyer letter makes no sense) and are counted in skipped_steps.
// Invoices with open amount 0 get nothing. A ladder's steps are ordered by offset (validated).
// Ladders are chosen per invoice by ladder_index (e.g. one ladder per tier); empty -> ladder 0.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_DUNNING_H_
#define HUIKUAN_SERVER_CORE_DUNNING_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/department.h"
#include "server/core/money.h"
#include "server/core/tiering.h"

namespace huikuan::core {

struct DunningStep {
  int32_t offset_days = 0;  // relative to the due day; negative = before due
  std::string action;       // stable identifier, e.g. "pre_reminder", "lawyer_letter"
  Department department = Department::kSales;
  Channel channel = Channel::kPhoneOrWeChat;
  std::string description;  // human-readable, for worklists and the evidence record
};

struct DunningLadder {
  std::string name;
  std::vector<DunningStep> steps;  // strictly increasing offset_days
};

// Seed 000: -7 sales pre-reminder (WeChat/phone); +3 formal dunning letter (finance, with the
// payment account); +7 investment manager steps in; +15 legal sends a lawyer letter; over 30 days
// (+31) litigation (legal). The seed names no department for the +3 letter: finance issues
// statements and overdue notices (DESIGN.md duties), so finance.
DunningLadder Seed000Ladder();
// Seed 002: -7 friendly email, -3 formal email, 0 SMS, +3 sales phone follow-up, +15 formal
// collection notice copied to the finance manager (finance). The first three are system messages
// sent on behalf of finance.
DunningLadder Seed002Ladder();

// The default ladder of a tier (R-DUN-1 "configurable per tier"; the mapping is ours): strategic
// core and key partners get seed 002's gentler, reminder-led ladder (seed 002: good customers only
// need friendly reminders before due; seed 000 tells of a lawyer letter at 15 days costing a
// customer); general and potential customers get seed 000's ladder that ends in litigation.
DunningLadder DefaultLadderForTier(Tier tier);

// OK or INVALID_ARGUMENT "ladders[1].steps[2]: ..." (no steps, more than 20, offsets not
// increasing or beyond a year and a half either way, an action that is not a lower-case
// identifier of at most 32 characters, a name or a description too long).
absl::Status ValidateLadder(const DunningLadder& ladder, absl::string_view argument = "ladder");

// One ladder per tier, indexed by the Tier's value (R-DUN-1 "configurable per tier").
using TierLadders = std::array<DunningLadder, 4>;
TierLadders DefaultTierLadders();
// OK or INVALID_ARGUMENT naming "<argument>[<tier name>]...".
absl::Status ValidateTierLadders(const TierLadders& ladders,
                                 absl::string_view argument = "ladders");

// Invoice columns; all the same length except the optional ones (empty = default).
struct DunningInvoices {
  absl::Span<const int64_t> invoice_ids;
  absl::Span<const EpochDay> due_days;
  absl::Span<const Fen> open_amounts;
  absl::Span<const int32_t> ladder_index;         // optional: empty -> ladder 0 for all
  absl::Span<const uint8_t> disputed;             // optional: nonzero = disputed, paused
  absl::Span<const uint8_t> payment_plan_active;  // optional: nonzero = on a plan, paused
  absl::Span<const int32_t> last_step_done;       // optional: catch-up mode, -1 = none done
};

struct DunningAction {
  size_t invoice_row = 0;  // row in DunningInvoices
  int64_t invoice_id = 0;
  int32_t ladder_index = 0;
  int32_t step_index = 0;             // index into the ladder's steps
  int32_t days_from_due = 0;          // as_of - due_day
  const DunningStep* step = nullptr;  // points into the `ladders` argument; valid while it lives
};

struct DunningRun {
  std::vector<DunningAction> actions;  // in invoice row order, then step order
  int64_t paused_disputed = 0;         // invoices that would have had an action but are disputed
  int64_t paused_payment_plan = 0;     // ... on an active payment plan (and not disputed)
  int64_t skipped_steps = 0;           // catch-up mode: missed steps not sent
};

// Errors (INVALID_ARGUMENT naming the argument): no ladders, an invalid ladder, length mismatch,
// ladder_index out of range, last_step_done < -1 or past the ladder's end, negative amounts,
// dates out of range.
absl::StatusOr<DunningRun> DueDunningActions(absl::Span<const DunningLadder> ladders,
                                             const DunningInvoices& invoices, EpochDay as_of);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_DUNNING_H_
