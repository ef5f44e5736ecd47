#include "server/store/ledger_as_of.h"

#include "absl/strings/str_cat.h"

namespace huikuan::store {

std::string OpenFenAsOfSql(absl::string_view i) {
  return absl::StrCat(
      "(", i,
      ".amount_fen "
      "- COALESCE((SELECT SUM(a.amount_fen) FROM payment_allocations a JOIN payments p "
      "ON p.id = a.payment_id WHERE a.invoice_id = ",
      i,
      ".id AND a.reversed = 0 "
      "AND p.received_date <= ?), 0) "
      "- COALESCE((SELECT SUM(w.amount_fen) FROM write_offs w WHERE w.invoice_id = ",
      i,
      ".id "
      "AND w.status = 'approved' AND w.update_time < ?), 0) "
      "- COALESCE((SELECT SUM(s.amount_fen) FROM settlements s WHERE s.invoice_id = ",
      i,
      ".id "
      "AND s.status = 'approved' AND s.decided_date <= ?), 0) "
      "- COALESCE((SELECT SUM(o.discount_fen) FROM discount_offers o WHERE o.invoice_id = ",
      i,
      ".id "
      "AND o.status = 'honoured' AND o.honoured_date <= ?), 0))");
}

void BindOpenFenAsOf(Params& params, core::EpochDay as_of, absl::Time end_of_as_of) {
  params.Day(as_of).Time(end_of_as_of).Day(as_of).Day(as_of);
}

}  // namespace huikuan::store
