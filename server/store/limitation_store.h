// What the limitation periods of overdue invoices are computed from (R-LAW-1): the invoices, and
// their interruption events (PRC Civil Code art. 195) from every record that holds one:
//   - limitation_events (migration 0234): entered by legal (an acknowledgement, a written demand
//     sent outside the ladder, a suit), idempotent by source_key;
//   - promises to pay (promises/N): the debtor's promise, on the day it was made;
//   - payment allocations (payments/N): a partial payment, on the day the payment was received;
//   - legal case stages (legalCases/N): the lawyer letter (a written demand) and the filing;
//   - contacts (contacts/N): a written dunning message (letter, email, SMS, notice) sent by the
//     ladder for the invoice's work item, on the day it was sent (Asia/Shanghai).
// Same conventions as ledger_store.h.
#ifndef HUIKUAN_SERVER_STORE_LIMITATION_STORE_H_
#define HUIKUAN_SERVER_STORE_LIMITATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/limitation.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct LimitationEventRecord {
  int64_t id = 0;
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  core::InterruptionKind kind = core::InterruptionKind::kAcknowledgement;
  core::EpochDay day = 0;
  std::string source_key;
  std::string note;
  int64_t user_id = 0;  // 0: the system
  absl::Time create_time;
};

// Inserts the event unless its source_key is taken (then id is the existing event's); returns
// whether it did.
bool InsertLimitationEvent(ConnectionPool::Lease& db, LimitationEventRecord& event);

struct InvoiceInterruption {
  int64_t invoice_id = 0;
  core::Interruption interruption;
  std::string source;  // the record it comes from: "promises/5", "payments/9", ...
};
// Every interruption of these invoices dated on or before `as_of` (allocations live at `day_end`,
// the first instant after as_of), in invoice, day, source order.
std::vector<InvoiceInterruption> LoadInterruptions(ConnectionPool::Lease& db,
                                                   const std::vector<int64_t>& invoice_ids,
                                                   core::EpochDay as_of, absl::Time day_end);

struct OverdueInvoice {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string invoice_number;
  core::EpochDay due_day = 0;
  core::Fen open = 0;
};
// Invoices still owed (open or disputed, something open) due on or before `latest_due`, of one
// customer or of all, in id order.
std::vector<OverdueInvoice> ListOwedInvoicesDueBy(ConnectionPool::Lease& db,
                                                  core::EpochDay latest_due,
                                                  std::optional<int64_t> customer_id);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LIMITATION_STORE_H_
