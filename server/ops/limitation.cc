#include "server/ops/limitation.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/arrangement_images.h"
#include "server/ops/arrangement_items.h"
#include "server/ops/clock.h"
#include "server/ops/row_scope.h"
#include "server/ops/work_items.h"

namespace huikuan::ops {
namespace {

// The periods of `invoices` as of `as_of`, with their events.
absl::StatusOr<std::vector<InvoiceLimitation>> Periods(store::ConnectionPool::Lease& db,
                                                       std::vector<store::OverdueInvoice> invoices,
                                                       core::EpochDay as_of) {
  std::vector<int64_t> ids;
  ids.reserve(invoices.size());
  for (const store::OverdueInvoice& invoice : invoices) ids.push_back(invoice.id);
  absl::flat_hash_map<int64_t, std::vector<store::InvoiceInterruption>> events;
  for (store::InvoiceInterruption& event :
       store::LoadInterruptions(db, ids, as_of, StartOfCompanyDay(as_of + 1))) {
    events[event.invoice_id].push_back(std::move(event));
  }
  std::vector<InvoiceLimitation> periods;
  periods.reserve(invoices.size());
  for (store::OverdueInvoice& invoice : invoices) {
    InvoiceLimitation limitation;
    limitation.events = std::move(events[invoice.id]);
    std::vector<core::Interruption> interruptions;
    for (const store::InvoiceInterruption& event : limitation.events) {
      interruptions.push_back(event.interruption);
    }
    HK_ASSIGN_OR_RETURN(limitation.period,
                        core::ComputeLimitation(invoice.due_day, interruptions, as_of));
    limitation.reminder_threshold =
        core::LimitationReminderThreshold(limitation.period.expiry_day, as_of);
    limitation.invoice = std::move(invoice);
    periods.push_back(std::move(limitation));
  }
  return periods;
}

store::WorkItemRecord Reminder(const InvoiceLimitation& limitation, const ItemCustomer& customer,
                               core::EpochDay as_of) {
  const int32_t threshold = *limitation.reminder_threshold;
  const core::EpochDay expiry = limitation.period.expiry_day;
  ItemDraft draft;
  draft.source_key = absl::StrCat("limitation:", limitation.invoice.id, ":", threshold, ":",
                                  core::FormatDate(expiry));
  draft.kind = core::WorkItemKind::kLimitation;
  draft.department = core::Department::kLegal;
  draft.step = absl::StrCat("limitation_", threshold);
  draft.channel = core::Channel::kLetter;
  draft.title = absl::StrCat("诉讼时效", threshold, "天内届满 ", limitation.invoice.invoice_number);
  std::string last = "无";
  if (limitation.period.last_interruption) {
    last = absl::StrCat(core::InterruptionKindName(limitation.period.last_interruption->kind), " ",
                        core::FormatDate(limitation.period.last_interruption->day));
  }
  draft.body = absl::StrCat("发票", limitation.invoice.invoice_number, " 到期日",
                            core::FormatDate(limitation.invoice.due_day), ", 未付",
                            core::FormatYuan(limitation.invoice.open),
                            "元; 诉讼时效(三年, 民法典第188条)将于", core::FormatDate(expiry),
                            "届满。最近一次中断: ", last,
                            "。请在届满前发出书面催告、取得债务人确认或提起诉讼 (第195条)。");
  // Two weeks to act on the reminder, never past the expiry itself.
  draft.due_day = std::min(expiry, std::max(as_of, expiry - threshold) + 14);
  draft.amount = limitation.invoice.open;
  draft.days_from_due = as_of - limitation.invoice.due_day;
  draft.invoices.push_back(
      {limitation.invoice.id, limitation.invoice.invoice_number, limitation.invoice.open});
  return MakeWorkItem(customer, draft);
}

}  // namespace

absl::StatusOr<RecordedLimitationEvent> RecordLimitationEvent(WriteScope& write, int64_t invoice_id,
                                                              absl::string_view invoice_name,
                                                              core::InterruptionKind kind,
                                                              core::EpochDay day,
                                                              const std::string& note) {
  if (day > write.today) return core::FieldViolation("event_date", "must not be after today");
  absl::StatusOr<store::InvoiceRecord> invoice =
      store::GetInvoice(write.db, invoice_id, store::Lock::kNone);
  if (absl::IsNotFound(invoice.status())) return core::NotFoundError(invoice_name);
  HK_RETURN_IF_ERROR(invoice.status());
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, invoice->customer_id, invoice_name).status());
  RecordedLimitationEvent recorded;
  store::LimitationEventRecord& event = recorded.event;
  event.invoice_id = invoice_id;
  event.customer_id = invoice->customer_id;
  event.kind = kind;
  event.day = day;
  event.source_key = absl::StrCat("entered:", invoice_id, ":", core::InterruptionKindName(kind),
                                  ":", core::FormatDate(day));
  event.note = note;
  event.user_id = write.caller.user_id;
  event.create_time = write.now;
  recorded.created = store::InsertLimitationEvent(write.db, event);
  if (recorded.created) {
    write.audit.Record(core::FormatResourceName("limitationEvents", event.id), core::Json(),
                       LimitationEventImage(event));
  } else {
    // A repeat of an event already entered: the trail still shows the attempt.
    write.audit.Record(absl::StrCat(invoice_name, "/limitationEvents"), core::Json(),
                       LimitationEventImage(event).Set("repeated", core::Json::Bool(true)));
  }
  return recorded;
}

absl::StatusOr<std::vector<InvoiceLimitation>> ListLimitationPeriods(
    ReadScope& read, int64_t customer_id, absl::string_view customer_name) {
  HK_RETURN_IF_ERROR(GetVisibleCustomer(read.db, read.caller, customer_id, customer_name).status());
  return Periods(read.db, store::ListOwedInvoicesDueBy(read.db, read.today - 1, customer_id),
                 read.today);
}

absl::StatusOr<LimitationRun> CreateLimitationReminders(WriteScope& write, core::EpochDay as_of) {
  // Interruptions only move an expiry later, so an invoice due after this day cannot expire within
  // the largest reminder window yet (a day's margin for month ends).
  const int32_t window = core::kLimitationReminderDays[0];
  HK_ASSIGN_OR_RETURN(core::EpochDay latest_due,
                      core::AddYears(as_of + window + 1, -core::kLimitationYears));
  HK_ASSIGN_OR_RETURN(
      std::vector<InvoiceLimitation> periods,
      Periods(write.db, store::ListOwedInvoicesDueBy(write.db, latest_due, std::nullopt), as_of));
  LimitationRun run;
  run.invoices_checked = static_cast<int64_t>(periods.size());
  std::vector<int64_t> customer_ids;
  for (const InvoiceLimitation& limitation : periods) {
    if (limitation.reminder_threshold) customer_ids.push_back(limitation.invoice.customer_id);
  }
  const absl::flat_hash_map<int64_t, ItemCustomer> customers =
      LoadItemCustomers(write.db, customer_ids);
  std::vector<store::WorkItemRecord> items;
  for (const InvoiceLimitation& limitation : periods) {
    if (!limitation.reminder_threshold) continue;
    auto customer = customers.find(limitation.invoice.customer_id);
    if (customer == customers.end()) continue;
    items.push_back(Reminder(limitation, customer->second, as_of));
  }
  HK_ASSIGN_OR_RETURN(run.items, CreateWorkItems(write, std::move(items)));
  return run;
}

}  // namespace huikuan::ops
