// Promises to pay (issue 9): sales or finance record a customer's promise of an amount by a date
// for some of its open invoices, from a worklist outcome or directly; the ladder of those invoices
// pauses until the date plus the tolerance (core/collection_hold.h). The daily run
// (EvaluatePromises, job `promises`) judges each from the cash applied to its invoices
// (core::EvaluatePromise) and records the verdict; a broken or partially kept promise gets a
// follow-up work item for the customer's owner at once, and is counted by status for the risk
// issue (ListPromises by status). A promise also interrupts the invoices' limitation periods
// (R-LAW-1, store/limitation_store.h reads it from here). Every change audited.
#ifndef HUIKUAN_SERVER_OPS_PROMISES_H_
#define HUIKUAN_SERVER_OPS_PROMISES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/promise.h"
#include "server/ops/scopes.h"
#include "server/store/promise_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {

std::string PromiseName(int64_t id);  // "promises/7"

struct PromiseDraft {
  int64_t customer_id = 0;
  std::vector<int64_t> invoice_ids;  // the customer's open invoices, each once
  core::Fen amount = 0;
  core::EpochDay promised_day = 0;
  int32_t tolerance_days = core::kDefaultPromiseToleranceDays;
  std::optional<int64_t> work_item_id;  // the worklist item whose outcome this is
  std::string note;
  // Why its contact is made outside the contact limits (issue 14; the quiet hours: the reply to
  // the promise itself is allowed), as RecordContact's.
  std::string compliance_reason;
};

// Validates (core::ValidatePromise against the invoices' open total; invoices as
// invoice_selection.h checks them, field "invoices"), stores and audits the promise made today.
// A promise made outside a work item is also recorded as a contact (by phone); one from a work
// item was recorded when the item was completed. That contact keeps the contact limits as the
// reply to the promise (the customer's own act, so an open dispute or promise does not refuse
// it), in the quiet hours with `compliance_reason` (INVALID_ARGUMENT on it otherwise; flagged).
// INVALID_ARGUMENT on "work_item" for an item of another customer.
absl::StatusOr<store::PromiseRecord> RecordPromise(WriteScope& write, const PromiseDraft& draft,
                                                   absl::string_view customer_name);

// NOT_FOUND when absent or outside the caller's scope.
absl::StatusOr<store::PromiseRecord> GetPromise(ReadScope& read, int64_t id,
                                                absl::string_view name);
std::vector<store::PromiseRecord> ListPromises(ReadScope& read, std::optional<int64_t> customer_id,
                                               std::optional<core::PromiseStatus> status,
                                               int64_t after_id, int limit);

struct PromiseRun {
  int64_t evaluated = 0;                          // promises looked at
  int64_t still_open = 0;                         // not decided as of the day
  std::vector<store::PromiseRecord> decided;      // whose stored verdict this run recorded
  std::vector<store::WorkItemRecord> follow_ups;  // created by this run
};
// The day's judgement as of `as_of` (depends only on the ledger as of that day): stores the
// verdict of every promise decided by then and still open in storage, and makes sure every broken
// or partially kept one has its follow-up item (source key "promise:<id>:follow_up", so a day run
// twice, or replayed, creates nothing new).
absl::StatusOr<PromiseRun> EvaluatePromises(WriteScope& write, core::EpochDay as_of);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PROMISES_H_
