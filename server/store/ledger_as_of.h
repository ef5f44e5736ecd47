// How much of an invoice was still owed at the end of a past day, in SQL: the one definition the
// collection run (dunning_store.h) and the reports (report_store.h) share, so a report of last
// month and last month's dunning letters agree and neither moves when a payment arrives today.
//
//   open as of D = amount
//     - cash applied from payments received on or before D (a reversed allocation never counts:
//       the cash did not come)
//     - write-offs approved before the end of D (end_of_as_of: the first instant of D + 1 in the
//       company's time zone)
//     - goods-for-debt settlements approved on or before D
//     - early-payment discounts honoured on or before D (the discount's ledger entry, dated with
//       the payment that earned it: discount_offers.honoured_date)
//
//   auto& select = db.Prepare(absl::StrCat("SELECT i.id, ", OpenFenAsOfSql("i"),
//                                          " AS open_fen FROM invoices i WHERE ..."));
//   Params params(select);
//   BindOpenFenAsOf(params, as_of, end_of_as_of);   // the expression's parameters come first
#ifndef HUIKUAN_SERVER_STORE_LEDGER_AS_OF_H_
#define HUIKUAN_SERVER_STORE_LEDGER_AS_OF_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

// The expression (may be negative only on corrupt data: callers clamp at 0) for the invoice
// table aliased `invoice_alias`. It has four parameters, bound by BindOpenFenAsOf.
std::string OpenFenAsOfSql(absl::string_view invoice_alias);
void BindOpenFenAsOf(Params& params, core::EpochDay as_of, absl::Time end_of_as_of);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LEDGER_AS_OF_H_
