// The cash applied to invoices, by the day it was received: what promises and payment plans are
// judged by (core/promise.h, core/payment_plan.h) and the partial payments that interrupt the
// limitation period (core/limitation.h). "As of" a day: payments received on or before it (the
// business date, also for history imported later) whose allocation was live at the end of it (a
// payment reversed later still counted that day). Same conventions as ledger_store.h.
#ifndef HUIKUAN_SERVER_STORE_CASH_HISTORY_STORE_H_
#define HUIKUAN_SERVER_STORE_CASH_HISTORY_STORE_H_

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct InvoiceCash {
  int64_t invoice_id = 0;
  core::EpochDay day = 0;  // the payment's received date
  core::Fen amount = 0;    // applied to the invoice from payments received that day
};

// Per invoice and received day, in invoice then day order. `day_end`: the first instant after
// `as_of` in the company's time zone (ops::StartOfCompanyDay(as_of + 1)).
std::vector<InvoiceCash> LoadCashApplied(ConnectionPool::Lease& db,
                                         const std::vector<int64_t>& invoice_ids,
                                         core::EpochDay as_of, absl::Time day_end);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_CASH_HISTORY_STORE_H_
