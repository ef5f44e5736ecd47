// What the reports read (issue 11): the customers with the attributes reports group by, the
// invoices open at the end of a day (ledger_as_of.h, the definition dunning uses), and the whole
// invoice and settlement history up to a day as columns for the KPI, commission and RFM cores.
// Same conventions as ledger_store.h: inside the caller's transaction, prepared statements only,
// SQL errors throw. `owner_user_id` restricts every read to one salesperson's customers (the row
// scope of sales staff); none reads every customer.
#ifndef HUIKUAN_SERVER_STORE_REPORT_STORE_H_
#define HUIKUAN_SERVER_STORE_REPORT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"

namespace huikuan::store {

struct ReportCustomer {
  int64_t id = 0;
  std::string name;
  int64_t owner_user_id = 0;
  std::string owner_name;
  std::string owner_department;  // the owner's users.department ("sales", ...)
  std::string tier;              // core::TierName as stored
  std::string industry;
};
// In id order.
std::vector<ReportCustomer> ListReportCustomers(ConnectionPool::Lease& db,
                                                std::optional<int64_t> owner_user_id);

struct OpenInvoiceAsOf {
  int64_t invoice_id = 0;
  int64_t customer_id = 0;
  core::EpochDay due_day = 0;
  core::Fen open = 0;  // > 0
};
// Invoices issued on or before as_of with something still owed at its end, in id order.
// `end_of_as_of`: the first instant of as_of + 1 in the company's time zone.
std::vector<OpenInvoiceAsOf> ListOpenInvoicesAsOf(ConnectionPool::Lease& db,
                                                  std::optional<int64_t> owner_user_id,
                                                  core::EpochDay as_of, absl::Time end_of_as_of);

struct ReportInvoice {
  int64_t id = 0;
  int64_t customer_id = 0;
  core::EpochDay invoice_day = 0;
  core::EpochDay due_day = 0;
  core::Fen amount = 0;
};
// Invoices issued on or before last_day, in id order.
std::vector<ReportInvoice> ListReportInvoices(ConnectionPool::Lease& db,
                                              std::optional<int64_t> owner_user_id,
                                              core::EpochDay last_day);

// kDiscount: an honoured early-payment discount (discount_offers), which takes its amount off the
// invoice like a settlement: the price of the early cash, neither cash nor bad debt.
enum class SettlementKind : int8_t {
  kPayment = 0,
  kWriteOff = 1,
  kGoodsForDebt = 2,
  kDiscount = 3
};
struct ReportSettlement {
  int64_t invoice_id = 0;
  SettlementKind kind = SettlementKind::kPayment;
  // Payments: the received date; settlements: the decided date; discounts: the honoured date
  // (the received date of the payment that earned them); write-offs: unset (use
  // approve_time, a timestamp: the caller converts it to the company's day).
  core::EpochDay day = 0;
  absl::Time approve_time;
  core::Fen amount = 0;
};
// What reduced the invoices of ListReportInvoices up to the end of last_day, by the rules of
// ledger_as_of.h: live allocations of payments received on or before last_day, write-offs
// approved before end_of_last_day, settlements approved and discounts honoured on or before
// last_day.
std::vector<ReportSettlement> ListReportSettlements(ConnectionPool::Lease& db,
                                                    std::optional<int64_t> owner_user_id,
                                                    core::EpochDay last_day,
                                                    absl::Time end_of_last_day);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_REPORT_STORE_H_
