#include "server/demo/history_loader.h"

#include <algorithm>
#include <queue>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/tiering.h"
#include "server/demo/cash_book.h"
#include "server/ops/invoices.h"
#include "server/ops/row_names.h"
#include "server/store/ledger_bulk_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::demo {
namespace {

// A dated step of the replay. On one day invoices are issued before payments are received, so a
// prepayment finds its invoice; `sequence` keeps the plan's order otherwise.
struct Event {
  core::EpochDay day = 0;
  int kind = 0;  // kIssue or kPayment
  int64_t sequence = 0;
  int32_t customer = 0;
  BookInvoice invoice;    // kIssue
  core::Fen amount = 0;   // kPayment
  std::string reference;  // kPayment
};
constexpr int kIssue = 0;
constexpr int kPayment = 1;

struct EventAfter {
  bool operator()(const Event& a, const Event& b) const {
    return std::tie(a.day, a.kind, a.sequence) > std::tie(b.day, b.kind, b.sequence);
  }
};

core::EpochDay LastDayOfMonth(core::EpochDay day) {
  const absl::CivilDay civil = absl::CivilDay(1970, 1, 1) + day;
  const absl::CivilDay next_month_start(absl::CivilMonth(civil) + 1);
  return static_cast<core::EpochDay>(next_month_start - absl::CivilDay(1970, 1, 1)) - 1;
}

// What the month wrote, before it is flushed.
struct MonthWrites {
  std::vector<store::PaymentRecord> payments;
  std::vector<store::AllocationRecord> allocations;  // payment_id: index into payments until flush
};

}  // namespace

absl::StatusOr<HistoryLoadSummary> LoadDemoHistory(ops::WriteScope& write,
                                                   const DemoHistory& history,
                                                   const std::vector<int64_t>& customer_ids) {
  store::ConnectionPool::Lease& db = write.db;
  const absl::Time now = write.now;
  if (customer_ids.size() != history.customers.size()) {
    return absl::InvalidArgumentError("customer_ids must match history.customers");
  }
  for (size_t c = 0; c < customer_ids.size(); ++c) {
    // No limit while loading: the history is what it is; the caller sets the real limits after.
    store::SetCustomerCredit(db, customer_ids[c], core::kMaxAbsFen, core::CreditStatus::kActive,
                             history.customers[c].tier);
  }
  HistoryLoadSummary summary;
  CashBook book;
  std::priority_queue<Event, std::vector<Event>, EventAfter> events;
  int64_t sequence = 0;
  size_t next_order = 0;
  while (next_order < history.orders.size() || !events.empty()) {
    // The month of the next order or payment.
    core::EpochDay month_first_event = core::kMaxEpochDay;
    if (next_order < history.orders.size()) month_first_event = history.orders[next_order].day;
    if (!events.empty()) month_first_event = std::min(month_first_event, events.top().day);
    const core::EpochDay month_end = std::min(LastDayOfMonth(month_first_event), history.today);
    if (month_first_event > history.today) break;

    // 1. The month's invoices.
    const size_t begin = next_order;
    while (next_order < history.orders.size() && history.orders[next_order].day <= month_end) {
      ++next_order;
    }
    std::vector<ops::InvoiceDraft> drafts;
    drafts.reserve(next_order - begin);
    for (size_t k = begin; k < next_order; ++k) {
      const DemoOrder& order = history.orders[k];
      drafts.push_back(ops::InvoiceDraft{customer_ids[order.customer], order.order_number, "",
                                         order.amount, order.day});
    }
    core::Fen month_invoiced = 0;
    if (!drafts.empty()) {
      HK_ASSIGN_OR_RETURN(std::vector<store::InvoiceRecord> created,
                          ops::CreateInvoices(write, drafts, ops::RepeatedField("orders")));
      for (size_t k = begin; k < next_order; ++k) {
        const DemoOrder& order = history.orders[k];
        const store::InvoiceRecord& invoice = created.at(k - begin);
        Event issue;
        issue.day = order.day;
        issue.kind = kIssue;
        issue.sequence = sequence++;
        issue.customer = order.customer;
        issue.invoice.id = invoice.id;
        issue.invoice.due_day = invoice.due_day;
        issue.invoice.number = invoice.invoice_number;
        issue.invoice.invoice_day = order.day;
        issue.invoice.open = invoice.amount;
        const core::EpochDay due_day = issue.invoice.due_day;
        events.push(std::move(issue));
        month_invoiced += order.amount;

        auto pay = [&](core::EpochDay day, core::Fen amount, bool with_reference) {
          if (amount <= 0 || day > history.today) return;
          Event payment;
          payment.day = day;
          payment.kind = kPayment;
          payment.sequence = sequence++;
          payment.customer = order.customer;
          payment.amount = amount;
          payment.reference =
              with_reference ? absl::StrCat("货款 ", invoice.invoice_number) : std::string("货款");
          events.push(std::move(payment));
        };
        // No delivery without the prepaid part: it comes on the invoice day, naming the invoice.
        pay(order.day, invoice.prepaid, true);
        if (order.pay_days_after_due) {
          HK_ASSIGN_OR_RETURN(core::Fen rest,
                              core::MulDiv(order.amount - invoice.prepaid, order.paid_percent, 100,
                                           core::Rounding::kHalfUp));
          pay(std::max(order.day, due_day + *order.pay_days_after_due), rest + order.overpayment,
              order.with_reference);
        }
      }
      summary.invoices += static_cast<int64_t>(created.size());
      summary.invoiced += month_invoiced;
    }

    // 2. Cash received up to the month's end, applied in date order.
    MonthWrites writes;
    core::Fen month_received = 0;
    while (!events.empty() && events.top().day <= month_end) {
      Event event = events.top();
      events.pop();
      const int64_t customer_id = customer_ids[event.customer];
      if (event.kind == kIssue) {
        book.Issue(customer_id, std::move(event.invoice));
        continue;
      }
      HK_ASSIGN_OR_RETURN(core::CashApplication application,
                          book.Pay(customer_id, event.amount, event.reference));
      store::PaymentRecord payment;
      payment.customer_id = customer_id;
      payment.amount = event.amount;
      payment.reference = std::move(event.reference);
      payment.received_day = event.day;
      payment.balance = {core::PaymentStatus::kReceived, application.unapplied};
      payment.create_time = now;
      payment.update_time = now;
      for (const core::Allocation& allocation : application.allocations) {
        store::AllocationRecord record;
        record.payment_id = static_cast<int64_t>(writes.payments.size());
        record.invoice_id = allocation.invoice_id;
        record.amount = allocation.amount;
        record.rule = core::AllocationRuleFor(allocation.rule);
        writes.allocations.push_back(std::move(record));
      }
      writes.payments.push_back(std::move(payment));
      month_received += event.amount;
    }

    // 3. Persist the month.
    store::InsertPayments(db, writes.payments);
    for (store::AllocationRecord& allocation : writes.allocations) {
      allocation.payment_id = writes.payments[static_cast<size_t>(allocation.payment_id)].id;
    }
    store::InsertAllocations(db, writes.allocations, now);
    std::vector<store::InvoiceRecord> balances;
    for (const ChangedBalance& changed : book.TakeChanged()) {
      store::InvoiceRecord invoice;
      invoice.id = changed.invoice_id;
      invoice.balance = {changed.status, changed.open, 0};
      balances.push_back(std::move(invoice));
    }
    store::UpdateInvoiceBalances(db, balances, now);
    summary.payments += static_cast<int64_t>(writes.payments.size());
    summary.allocations += static_cast<int64_t>(writes.allocations.size());
    summary.received += month_received;
    const absl::CivilDay month_day = absl::CivilDay(1970, 1, 1) + month_end;
    write.audit.RecordJson(
        "ledger:seedMonth", "",
        absl::StrFormat(R"({"month":"%04d-%02d","invoices":%d,"invoiced_fen":%d,)"
                        R"("payments":%d,"received_fen":%d,"allocations":%d})",
                        month_day.year(), month_day.month(), next_order - begin, month_invoiced,
                        writes.payments.size(), month_received, writes.allocations.size()));
    write.audit.Flush(db);
    if (month_end >= history.today) break;
  }
  return summary;
}

}  // namespace huikuan::demo
