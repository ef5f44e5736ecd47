#include "server/store/report_store.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/store/ledger_as_of.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

std::vector<ReportCustomer> ListReportCustomers(ConnectionPool::Lease& db,
                                                std::optional<int64_t> owner_user_id) {
  auto& select = db.Prepare(
      "SELECT c.id, c.display_name, c.owner_user_id, u.display_name AS owner_name, "
      "u.department AS owner_department, c.tier, c.industry FROM customers c "
      "JOIN users u ON u.id = c.owner_user_id WHERE (? IS NULL OR c.owner_user_id = ?) "
      "ORDER BY c.id");
  Params(select).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(select);
  std::vector<ReportCustomer> customers;
  while (rows->next()) {
    ReportCustomer customer;
    customer.id = rows->getInt64("id");
    customer.name = GetString(*rows, "display_name");
    customer.owner_user_id = rows->getInt64("owner_user_id");
    customer.owner_name = GetString(*rows, "owner_name");
    customer.owner_department = GetString(*rows, "owner_department");
    customer.tier = GetString(*rows, "tier");
    customer.industry = GetString(*rows, "industry");
    customers.push_back(std::move(customer));
  }
  return customers;
}

std::vector<OpenInvoiceAsOf> ListOpenInvoicesAsOf(ConnectionPool::Lease& db,
                                                  std::optional<int64_t> owner_user_id,
                                                  core::EpochDay as_of, absl::Time end_of_as_of) {
  // Every status: an invoice paid or written off since may still have been open on as_of.
  auto& select = db.Prepare(absl::StrCat(
      "SELECT * FROM (SELECT i.id, i.customer_id, DATEDIFF(i.due_date, '1970-01-01') AS due_day, ",
      OpenFenAsOfSql("i"),
      " AS open_fen FROM invoices i JOIN customers c ON c.id = i.customer_id "
      "WHERE i.invoice_date <= ? AND (? IS NULL OR c.owner_user_id = ?)) t "
      "WHERE open_fen > 0 ORDER BY id"));
  Params params(select);
  BindOpenFenAsOf(params, as_of, end_of_as_of);
  params.Day(as_of).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(select);
  std::vector<OpenInvoiceAsOf> open;
  while (rows->next()) {
    OpenInvoiceAsOf invoice;
    invoice.invoice_id = rows->getInt64("id");
    invoice.customer_id = rows->getInt64("customer_id");
    invoice.due_day = GetDay(*rows, "due_day");
    invoice.open = rows->getInt64("open_fen");
    open.push_back(invoice);
  }
  return open;
}

std::vector<ReportInvoice> ListReportInvoices(ConnectionPool::Lease& db,
                                              std::optional<int64_t> owner_user_id,
                                              core::EpochDay last_day) {
  auto& select = db.Prepare(
      "SELECT i.id, i.customer_id, DATEDIFF(i.invoice_date, '1970-01-01') AS invoice_day, "
      "DATEDIFF(i.due_date, '1970-01-01') AS due_day, i.amount_fen FROM invoices i "
      "WHERE i.invoice_date <= ? AND (? IS NULL OR i.customer_id IN "
      "(SELECT c.id FROM customers c WHERE c.owner_user_id = ?)) ORDER BY i.id");
  Params(select).Day(last_day).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(select);
  std::vector<ReportInvoice> invoices;
  while (rows->next()) {
    ReportInvoice invoice;
    invoice.id = rows->getInt64("id");
    invoice.customer_id = rows->getInt64("customer_id");
    invoice.invoice_day = GetDay(*rows, "invoice_day");
    invoice.due_day = GetDay(*rows, "due_day");
    invoice.amount = rows->getInt64("amount_fen");
    invoices.push_back(invoice);
  }
  return invoices;
}

namespace {

// Live allocations of payments received on or before last_day, summed per invoice and received
// day. Two plain scans joined here: the join of allocations to payments in SQL (nested loops
// over wide payment rows, then a temporary table for the GROUP BY) took 8 s on the demo's
// 290,000 allocations; the scans take a fraction of it.
std::vector<ReportSettlement> ListReportPaymentSettlements(ConnectionPool::Lease& db,
                                                           std::optional<int64_t> owner_user_id,
                                                           core::EpochDay last_day) {
  auto& payments = db.Prepare(
      "SELECT p.id, DATEDIFF(p.received_date, '1970-01-01') AS day FROM payments p "
      "WHERE p.received_date <= ? AND (? IS NULL OR p.customer_id IN "
      "(SELECT c.id FROM customers c WHERE c.owner_user_id = ?))");
  Params(payments).Day(last_day).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  absl::flat_hash_map<int64_t, core::EpochDay> day_of_payment;
  auto rows = Query(payments);
  while (rows->next()) day_of_payment.emplace(rows->getInt64(1), GetDay(*rows, "day"));

  auto& allocations = db.Prepare(
      "SELECT a.payment_id, a.invoice_id, a.amount_fen FROM payment_allocations a "
      "WHERE a.reversed = 0");
  absl::flat_hash_map<std::pair<int64_t, core::EpochDay>, core::Fen> per_invoice_day;
  rows = Query(allocations);
  while (rows->next()) {
    auto payment = day_of_payment.find(rows->getInt64(1));
    if (payment == day_of_payment.end()) continue;
    per_invoice_day[{rows->getInt64(2), payment->second}] += rows->getInt64(3);
  }
  std::vector<ReportSettlement> settlements;
  settlements.reserve(per_invoice_day.size());
  for (const auto& [invoice_day, amount] : per_invoice_day) {
    settlements.push_back({invoice_day.first, SettlementKind::kPayment, invoice_day.second,
                           absl::InfinitePast(), amount});
  }
  std::sort(settlements.begin(), settlements.end(),
            [](const ReportSettlement& a, const ReportSettlement& b) {
              return std::tie(a.invoice_id, a.day) < std::tie(b.invoice_id, b.day);
            });
  return settlements;
}

// Appends the rows of `select_up_to_day` (invoice_id, day, amount_fen; its one parameter the
// last day, the owner filter added here) as settlements of `kind`.
void AppendDatedSettlements(ConnectionPool::Lease& db, std::optional<int64_t> owner_user_id,
                            core::EpochDay last_day, SettlementKind kind,
                            absl::string_view select_up_to_day,
                            std::vector<ReportSettlement>& settlements) {
  auto& select =
      db.Prepare(absl::StrCat(select_up_to_day, "AND (? IS NULL OR c.owner_user_id = ?)"));
  Params(select).Day(last_day).OptionalInt64(owner_user_id).OptionalInt64(owner_user_id);
  auto rows = Query(select);
  while (rows->next()) {
    settlements.push_back({rows->getInt64("invoice_id"), kind, GetDay(*rows, "day"),
                           absl::InfinitePast(), rows->getInt64("amount_fen")});
  }
}

}  // namespace

std::vector<ReportSettlement> ListReportSettlements(ConnectionPool::Lease& db,
                                                    std::optional<int64_t> owner_user_id,
                                                    core::EpochDay last_day,
                                                    absl::Time end_of_last_day) {
  std::vector<ReportSettlement> settlements =
      ListReportPaymentSettlements(db, owner_user_id, last_day);
  auto& write_offs = db.Prepare(
      "SELECT w.invoice_id, w.update_time, w.amount_fen FROM write_offs w "
      "JOIN customers c ON c.id = w.customer_id WHERE w.status = 'approved' "
      "AND w.update_time < ? AND (? IS NULL OR c.owner_user_id = ?)");
  Params(write_offs)
      .Time(end_of_last_day)
      .OptionalInt64(owner_user_id)
      .OptionalInt64(owner_user_id);
  auto rows = Query(write_offs);
  while (rows->next()) {
    settlements.push_back({rows->getInt64("invoice_id"), SettlementKind::kWriteOff, 0,
                           GetTimestamp(*rows, "update_time"), rows->getInt64("amount_fen")});
  }
  // Goods-for-debt settlements by decided date, honoured discounts by the day of the payment
  // that earned them: the same shape, a day and an amount per invoice.
  AppendDatedSettlements(db, owner_user_id, last_day, SettlementKind::kGoodsForDebt,
                         "SELECT s.invoice_id, DATEDIFF(s.decided_date, '1970-01-01') AS day, "
                         "s.amount_fen FROM settlements s JOIN customers c ON c.id = s.customer_id "
                         "WHERE s.status = 'approved' AND s.decided_date <= ? ",
                         settlements);
  AppendDatedSettlements(db, owner_user_id, last_day, SettlementKind::kDiscount,
                         "SELECT o.invoice_id, DATEDIFF(o.honoured_date, '1970-01-01') AS day, "
                         "o.discount_fen AS amount_fen FROM discount_offers o "
                         "JOIN customers c ON c.id = o.customer_id "
                         "WHERE o.status = 'honoured' AND o.honoured_date <= ? ",
                         settlements);
  return settlements;
}

}  // namespace huikuan::store
