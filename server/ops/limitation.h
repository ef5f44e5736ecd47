// Limitation periods of overdue invoices (R-LAW-1; PRC Civil Code arts. 188, 195): computed by the
// core from each invoice's due date and interruption events (store/limitation_store.h reads them
// from promises, partial payments, legal case stages, written dunning messages and the events
// legal enters here). Legal gets a work item 180, 90 and 30 days before a period runs out
// (CreateLimitationReminders, job `limitation`).
#ifndef HUIKUAN_SERVER_OPS_LIMITATION_H_
#define HUIKUAN_SERVER_OPS_LIMITATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/limitation.h"
#include "server/ops/scopes.h"
#include "server/store/limitation_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

// An interruption entered by legal on an invoice: an acknowledgement, a written demand sent
// outside the ladder, a suit, on `day` (not after today: INVALID_ARGUMENT on "event_date"). The
// same kind on the same day for the same invoice is one event (`created` false the second time).
struct RecordedLimitationEvent {
  store::LimitationEventRecord event;
  bool created = false;
};
absl::StatusOr<RecordedLimitationEvent> RecordLimitationEvent(WriteScope& write, int64_t invoice_id,
                                                              absl::string_view invoice_name,
                                                              core::InterruptionKind kind,
                                                              core::EpochDay day,
                                                              const std::string& note);

struct InvoiceLimitation {
  store::OverdueInvoice invoice;
  core::LimitationPeriod period;
  std::vector<store::InvoiceInterruption> events;  // every event up to today, in day order
  std::optional<int32_t> reminder_threshold;       // 180, 90, 30 when in a reminder window
};
// The limitation periods of a customer's invoices still owed and past due, as of today.
absl::StatusOr<std::vector<InvoiceLimitation>> ListLimitationPeriods(
    ReadScope& read, int64_t customer_id, absl::string_view customer_name);

struct LimitationRun {
  int64_t invoices_checked = 0;              // owed invoices whose period could end within 180 days
  std::vector<store::WorkItemRecord> items;  // created by this run
};
// The day's reminders as of `as_of`: for every owed invoice whose period expires within 180 days,
// a legal work item for the threshold window it is in (source key
// "limitation:<invoice>:<threshold>:<expiry date>": once per threshold and period; an interruption
// starts a new period and so a new series). Idempotent.
absl::StatusOr<LimitationRun> CreateLimitationReminders(WriteScope& write, core::EpochDay as_of);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_LIMITATION_H_
