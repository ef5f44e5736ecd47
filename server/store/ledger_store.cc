#include "server/store/ledger_store.h"

#include <cppconn/datatype.h>
#include <cppconn/exception.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/violations.h"
#include "server/store/json_layouts.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

// IN lists and multi-row statements are built in chunks of this many rows: a few statement texts
// per chunk size stay in the per-connection prepared-statement cache.
constexpr size_t kLookupChunk = 500;

constexpr char kInvoiceColumns[] =
    "SELECT i.id, i.customer_id, i.order_number, i.invoice_number, i.amount_fen, i.prepaid_fen, "
    "i.prepayment_bp, DATEDIFF(i.invoice_date, '1970-01-01') AS invoice_day, "
    "DATEDIFF(i.due_date, '1970-01-01') AS due_day, i.credit_days, i.status, i.open_fen, "
    "i.written_off_fen, i.settled_fen, i.discounted_fen, i.terms_breakdown, i.create_time, "
    "i.update_time, "
    "i.version "
    "FROM invoices i ";

// The same without terms_breakdown (read as '').
constexpr char kInvoiceColumnsWithoutTerms[] =
    "SELECT i.id, i.customer_id, i.order_number, i.invoice_number, i.amount_fen, i.prepaid_fen, "
    "i.prepayment_bp, DATEDIFF(i.invoice_date, '1970-01-01') AS invoice_day, "
    "DATEDIFF(i.due_date, '1970-01-01') AS due_day, i.credit_days, i.status, i.open_fen, "
    "i.written_off_fen, i.settled_fen, i.discounted_fen, '' AS terms_breakdown, i.create_time, "
    "i.update_time, "
    "i.version "
    "FROM invoices i ";

core::InvoiceStatus GetInvoiceStatus(sql::ResultSet& rows) {
  return GetEnum<core::InvoiceStatus, core::kInvoiceStatusCount>(rows, "status",
                                                                 core::InvoiceStatusName);
}

InvoiceRecord ReadInvoice(sql::ResultSet& rows) {
  InvoiceRecord invoice;
  invoice.id = rows.getInt64("id");
  invoice.customer_id = rows.getInt64("customer_id");
  invoice.order_number = GetString(rows, "order_number");
  invoice.invoice_number = GetString(rows, "invoice_number");
  invoice.amount = rows.getInt64("amount_fen");
  invoice.prepaid = rows.getInt64("prepaid_fen");
  invoice.prepayment_bp = rows.getInt64("prepayment_bp");
  invoice.invoice_day = GetDay(rows, "invoice_day");
  invoice.due_day = GetDay(rows, "due_day");
  invoice.credit_days = rows.getInt("credit_days");
  invoice.balance.status = GetInvoiceStatus(rows);
  invoice.balance.open = rows.getInt64("open_fen");
  invoice.balance.written_off = rows.getInt64("written_off_fen");
  invoice.balance.settled = rows.getInt64("settled_fen");
  invoice.balance.discounted = rows.getInt64("discounted_fen");
  const std::string terms = GetString(rows, "terms_breakdown");
  if (!terms.empty()) {
    absl::StatusOr<core::TermsBreakdown> breakdown = DecodeTermsBreakdown(terms);
    if (!breakdown.ok()) throw sql::SQLException(std::string(breakdown.status().message()));
    invoice.terms = *std::move(breakdown);
  }
  invoice.create_time = GetTimestamp(rows, "create_time");
  invoice.update_time = GetTimestamp(rows, "update_time");
  invoice.version = rows.getInt64("version");
  return invoice;
}

constexpr char kPaymentColumns[] =
    "SELECT id, customer_id, amount_fen, reference, "
    "DATEDIFF(received_date, '1970-01-01') AS received_day, status, unapplied_fen, "
    "reversal_reason, create_time, update_time, version FROM payments ";

PaymentRecord ReadPayment(sql::ResultSet& rows) {
  PaymentRecord payment;
  payment.id = rows.getInt64("id");
  payment.customer_id = rows.getInt64("customer_id");
  payment.amount = rows.getInt64("amount_fen");
  payment.reference = GetString(rows, "reference");
  payment.received_day = GetDay(rows, "received_day");
  payment.balance.status = GetEnum<core::PaymentStatus, core::kPaymentStatusCount>(
      rows, "status", core::PaymentStatusName);
  payment.balance.unapplied = rows.getInt64("unapplied_fen");
  payment.reversal_reason = GetString(rows, "reversal_reason");
  payment.create_time = GetTimestamp(rows, "create_time");
  payment.update_time = GetTimestamp(rows, "update_time");
  payment.version = rows.getInt64("version");
  return payment;
}

}  // namespace

const char kPaymentInsertColumns[] =
    "customer_id, amount_fen, reference, received_date, status, unapplied_fen, reversal_reason, "
    "create_time, update_time";

void BindPaymentInsert(Params& params, const PaymentRecord& payment) {
  params.Int64(payment.customer_id)
      .Int64(payment.amount)
      .String(payment.reference)
      .Day(payment.received_day)
      .Name(payment.balance.status, core::PaymentStatusName)
      .Int64(payment.balance.unapplied)
      .String(payment.reversal_reason)
      .Time(payment.create_time)
      .Time(payment.update_time);
}

const char kAllocationInsertColumns[] = "payment_id, invoice_id, amount_fen, rule, create_time";

void BindAllocationInsert(Params& params, const AllocationRecord& allocation,
                          absl::Time create_time) {
  params.Int64(allocation.payment_id)
      .Int64(allocation.invoice_id)
      .Int64(allocation.amount)
      .Name(allocation.rule, core::AllocationRuleName)
      .Time(create_time);
}

const char kLedgerInvariantsSql[] =
    // 1. Every invoice: open = amount - live allocations - write-offs - non-cash settlements -
    //    early-payment discounts >= 0, and "paid" exactly when nothing is open (written-off
    //    invoices excepted).
    "SELECT CONCAT('invoices/', i.id, ': open_fen ', i.open_fen, ', amount - allocations - "
    "written off - settled - discounted = ', "
    "i.amount_fen - COALESCE(a.applied, 0) - i.written_off_fen - i.settled_fen - i.discounted_fen, "
    "', status ', i.status) AS violation "
    "FROM invoices i LEFT JOIN (SELECT invoice_id, SUM(amount_fen) AS applied "
    "FROM payment_allocations WHERE reversed = 0 GROUP BY invoice_id) a ON a.invoice_id = i.id "
    "WHERE i.open_fen <> i.amount_fen - COALESCE(a.applied, 0) - i.written_off_fen - i.settled_fen "
    "- i.discounted_fen "
    "OR i.open_fen < 0 OR (i.status = 'paid' AND i.open_fen <> 0) "
    "OR (i.status IN ('open', 'disputed') AND i.open_fen = 0) "
    "UNION ALL "
    // 2. Every payment: unapplied = amount - live allocations >= 0 while received; a reversed
    //    payment has nothing unapplied and no live allocation.
    "SELECT CONCAT('payments/', p.id, ': unapplied_fen ', p.unapplied_fen, ', amount - "
    "allocations = ', p.amount_fen - COALESCE(a.applied, 0), ', status ', p.status) "
    "FROM payments p LEFT JOIN (SELECT payment_id, SUM(amount_fen) AS applied "
    "FROM payment_allocations WHERE reversed = 0 GROUP BY payment_id) a ON a.payment_id = p.id "
    "WHERE p.unapplied_fen < 0 "
    "OR (p.status = 'received' AND p.unapplied_fen <> p.amount_fen - COALESCE(a.applied, 0)) "
    "OR (p.status = 'reversed' AND (p.unapplied_fen <> 0 OR COALESCE(a.applied, 0) <> 0)) "
    "UNION ALL "
    // 3. In total: live allocations = cash applied from received payments = amounts the
    //    invoices no longer have open (other than write-offs, non-cash settlements and
    //    discounts).
    "SELECT CONCAT('totals: allocations ', x.allocated, ', applied cash ', y.applied, ', "
    "invoices paid down ', z.paid_down) "
    "FROM (SELECT COALESCE(SUM(amount_fen), 0) AS allocated FROM payment_allocations "
    "WHERE reversed = 0) x, "
    "(SELECT COALESCE(SUM(amount_fen - unapplied_fen), 0) AS applied FROM payments "
    "WHERE status = 'received') y, "
    "(SELECT COALESCE(SUM(amount_fen - open_fen - written_off_fen - settled_fen - discounted_fen), "
    "0) AS paid_down "
    "FROM invoices) z "
    "WHERE x.allocated <> y.applied OR x.allocated <> z.paid_down "
    "UNION ALL "
    // 4. Every invoice: settled = its approved non-cash settlements (goods for debt).
    "SELECT CONCAT('invoices/', i.id, ': settled_fen ', i.settled_fen, ', approved settlements ', "
    "COALESCE(s.settled, 0)) "
    "FROM invoices i LEFT JOIN (SELECT invoice_id, SUM(amount_fen) AS settled FROM settlements "
    "WHERE status = 'approved' GROUP BY invoice_id) s ON s.invoice_id = i.id "
    "WHERE i.settled_fen <> COALESCE(s.settled, 0) "
    "UNION ALL "
    // 5. Every invoice: discounted = its honoured early-payment discount offers, each earned by a
    //    received payment that has a live allocation to the invoice (issue 14).
    "SELECT CONCAT('invoices/', i.id, ': discounted_fen ', i.discounted_fen, ', honoured offers ', "
    "COALESCE(d.discounted, 0)) "
    "FROM invoices i LEFT JOIN (SELECT invoice_id, SUM(discount_fen) AS discounted "
    "FROM discount_offers WHERE status = 'honoured' GROUP BY invoice_id) d ON d.invoice_id = i.id "
    "WHERE i.discounted_fen <> COALESCE(d.discounted, 0) "
    "UNION ALL "
    "SELECT CONCAT('discount_offers/', o.id, ': honoured without a live payment to its invoice') "
    "FROM discount_offers o WHERE o.status = 'honoured' AND NOT EXISTS (SELECT 1 FROM "
    "payment_allocations pa JOIN payments p ON p.id = pa.payment_id WHERE pa.payment_id = "
    "o.payment_id AND pa.invoice_id = o.invoice_id AND pa.reversed = 0 AND p.status = 'received')";

LedgerCustomer ReadLedgerCustomer(sql::ResultSet& rows) {
  LedgerCustomer customer;
  customer.id = rows.getInt64("id");
  customer.owner_user_id = rows.getInt64("owner_user_id");
  customer.credit_limit = rows.getInt64("credit_limit_fen");
  customer.credit_status = GetEnum<core::CreditStatus, core::kCreditStatusCount>(
      rows, "credit_status", core::CreditStatusName);
  customer.tier = GetEnum<core::Tier, 4>(rows, "tier", core::TierName);
  return customer;
}

void SetCustomerCredit(ConnectionPool::Lease& db, int64_t customer_id, core::Fen credit_limit,
                       core::CreditStatus credit_status, core::Tier tier) {
  auto& update = db.Prepare(
      // update_time: the reports' cache reads the customers changed since its last refresh.
      "UPDATE customers SET credit_limit_fen = ?, credit_status = ?, tier = ?, "
      "update_time = CURRENT_TIMESTAMP(6) WHERE id = ?");
  Params(update)
      .Int64(credit_limit)
      .Name(credit_status, core::CreditStatusName)
      .Name(tier, core::TierName)
      .Int64(customer_id);
  update.executeUpdate();
}

absl::flat_hash_map<int64_t, LedgerCustomer> LockCustomers(ConnectionPool::Lease& db,
                                                           std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  absl::flat_hash_map<int64_t, LedgerCustomer> customers;
  for (size_t begin = 0; begin < ids.size(); begin += kLookupChunk) {
    const size_t n = std::min(kLookupChunk, ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT id, owner_user_id, credit_limit_fen, credit_status, tier FROM customers "
        "WHERE id IN (",
        Placeholders(n), ") ORDER BY id FOR UPDATE"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) {
      LedgerCustomer customer = ReadLedgerCustomer(*rows);
      customers.emplace(customer.id, customer);
    }
  }
  return customers;
}

absl::flat_hash_map<int64_t, CustomerOrderFacts> GetCustomerOrderFacts(
    ConnectionPool::Lease& db, const std::vector<int64_t>& ids, core::EpochDay month_start,
    core::EpochDay month_end) {
  // Chunks of a fixed size (the last one padded with its own first id) keep to one statement text.
  constexpr size_t kChunk = 100;
  constexpr int kMonthParameters = 6;
  absl::flat_hash_map<int64_t, CustomerOrderFacts> facts;
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - begin);
    // A locking read: it must see invoices committed after this transaction's snapshot (the RPCs
    // run it in READ COMMITTED, which leaves the gaps unlocked: ledger_service.cc). Every
    // column but the paid-early subquery's is in invoices_customer_status_due, so it reads (and
    // locks) that index alone: one pass over each customer's history for all the figures.
    auto& select = db.Prepare(absl::StrCat(
        "SELECT i.customer_id, ", kOrderTermsFactsColumns,
        ", COALESCE(SUM(CASE WHEN i.status IN ('open', 'disputed') "
        "THEN LEAST(i.open_fen, i.amount_fen - i.prepaid_fen) ELSE 0 END), 0) AS exposure "
        "FROM invoices i FORCE INDEX (invoices_customer_status_due) WHERE i.customer_id IN (",
        Placeholders(kChunk), ") GROUP BY i.customer_id LOCK IN SHARE MODE"));
    SetOrderTermsMonth(select, month_start, month_end);
    Params params(select, kMonthParameters + 1);
    for (size_t i = 0; i < kChunk; ++i) params.Int64(ids[begin + (i < n ? i : 0)]);
    auto rows = Query(select);
    while (rows->next()) {
      CustomerOrderFacts& entry = facts[rows->getInt64("customer_id")];
      entry.last_month = ReadOrderTermsFacts(*rows);
      entry.stats.invoice_count = entry.last_month.invoice_count;
      entry.stats.credit_exposure = rows->getInt64("exposure");
    }
  }
  return facts;
}

std::vector<std::pair<int64_t, std::string>> ExistingOrderNumbers(
    ConnectionPool::Lease& db, const std::vector<std::pair<int64_t, std::string>>& keys) {
  std::vector<std::pair<int64_t, std::string>> existing;
  for (size_t begin = 0; begin < keys.size(); begin += kLookupChunk) {
    const size_t n = std::min(kLookupChunk, keys.size() - begin);
    auto& select =
        db.Prepare(absl::StrCat("SELECT customer_id, order_number FROM invoices "
                                "WHERE (customer_id, order_number) IN (",
                                Tuples(n, 2), ")"));
    Params params(select);
    for (size_t i = 0; i < n; ++i)
      params.Int64(keys[begin + i].first).String(keys[begin + i].second);
    auto rows = Query(select);
    while (rows->next()) {
      existing.emplace_back(rows->getInt64("customer_id"), GetString(*rows, "order_number"));
    }
  }
  return existing;
}

std::vector<std::string> ExistingInvoiceNumbers(ConnectionPool::Lease& db,
                                                const std::vector<std::string>& numbers) {
  std::vector<std::string> existing;
  for (size_t begin = 0; begin < numbers.size(); begin += kLookupChunk) {
    const size_t n = std::min(kLookupChunk, numbers.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT invoice_number FROM invoices WHERE invoice_number IN (", Placeholders(n), ")"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.String(numbers[begin + i]);
    auto rows = Query(select);
    while (rows->next()) existing.push_back(GetString(*rows, "invoice_number"));
  }
  return existing;
}

absl::flat_hash_map<std::string, int64_t> InvoiceIdsByNumber(
    ConnectionPool::Lease& db, const std::vector<std::string>& numbers) {
  absl::flat_hash_map<std::string, int64_t> ids;
  for (size_t begin = 0; begin < numbers.size(); begin += kLookupChunk) {
    const size_t n = std::min(kLookupChunk, numbers.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        "SELECT id, invoice_number FROM invoices WHERE invoice_number IN (", Placeholders(n), ")"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.String(numbers[begin + i]);
    auto rows = Query(select);
    while (rows->next()) ids.emplace(GetString(*rows, "invoice_number"), rows->getInt64("id"));
  }
  return ids;
}

namespace {

// The SQL text of a value that repeats from row to row (a batch's dates and its one clock
// reading), formatted once per run of equal values rather than once per row.
template <typename T>
class FormattedValue {
 public:
  explicit FormattedValue(std::string (*format)(T)) : format_(format) {}
  const std::string& Get(T value) {
    if (!valid_ || value != value_) {
      text_ = format_(value);
      value_ = value;
      valid_ = true;
    }
    return text_;
  }

 private:
  std::string (*format_)(T);
  bool valid_ = false;
  T value_{};
  std::string text_;
};

std::string FormatDay(core::EpochDay day) { return core::FormatDate(day); }

constexpr char kInvoiceInsertColumns[] =
    "customer_id, order_number, invoice_number, amount_fen, prepaid_fen, prepayment_bp, "
    "invoice_date, due_date, credit_days, status, open_fen, written_off_fen, terms_breakdown, "
    "create_time, update_time, version";
constexpr int kInvoiceInsertColumnCount = 16;

std::string InsertInvoicesSql(size_t rows) {
  return absl::StrCat("INSERT INTO invoices (", kInvoiceInsertColumns, ") VALUES ",
                      Tuples(rows, kInvoiceInsertColumnCount));
}

}  // namespace

absl::Status InsertInvoices(ConnectionPool::Lease& db, std::vector<InvoiceRecord>& invoices) {
  constexpr int kDuplicateKey = 1062;
  // Duplicates are found by the unique keys rather than by a lookup before every batch (which
  // would cost as much as a fifth of the insert); the savepoint makes the failure clean.
  db.Prepare("SAVEPOINT insert_invoices").execute();
  FormattedValue<core::EpochDay> invoice_date(&FormatDay);
  FormattedValue<core::EpochDay> due_date(&FormatDay);
  FormattedValue<absl::Time> create_time(&FormatSqlTimestamp);
  FormattedValue<absl::Time> update_time(&FormatSqlTimestamp);
  // Prepare() clears every bound parameter of a cached statement, a cost per parameter: a full
  // chunk's statement is looked up once and reused by every full chunk of the call.
  sql::PreparedStatement* full_chunk = nullptr;
  for (size_t begin = 0; begin < invoices.size(); begin += kInsertChunk) {
    const size_t n = std::min(kInsertChunk, invoices.size() - begin);
    sql::PreparedStatement* insert = nullptr;
    if (n == kInsertChunk) {
      if (full_chunk == nullptr) full_chunk = &db.Prepare(InsertInvoicesSql(kInsertChunk));
      insert = full_chunk;
    } else {
      insert = &db.Prepare(InsertInvoicesSql(n));
    }
    Params params(*insert);
    for (size_t r = 0; r < n; ++r) {
      const InvoiceRecord& invoice = invoices[begin + r];
      params.Int64(invoice.customer_id)
          .String(invoice.order_number)
          .String(invoice.invoice_number)
          .Int64(invoice.amount)
          .Int64(invoice.prepaid)
          .Int64(invoice.prepayment_bp)
          .String(invoice_date.Get(invoice.invoice_day))
          .String(due_date.Get(invoice.due_day))
          .Int(invoice.credit_days)
          .Name(invoice.balance.status, core::InvoiceStatusName)
          .Int64(invoice.balance.open)
          .Int64(invoice.balance.written_off)
          .String(invoice.terms ? EncodeTermsBreakdown(*invoice.terms) : std::string())
          .String(create_time.Get(invoice.create_time))
          .String(update_time.Get(invoice.update_time))
          .Int64(1);
    }
    try {
      insert->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() != kDuplicateKey) throw;
      db.Prepare("ROLLBACK TO SAVEPOINT insert_invoices").execute();
      return absl::AlreadyExistsError("an order or invoice number is already taken");
    }
    const int64_t first_id = LastInsertId(db);
    // The last row of the chunk must have the last id of a consecutive range.
    const InvoiceRecord& last = invoices[begin + n - 1];
    auto& check = db.Prepare("SELECT id FROM invoices WHERE customer_id = ? AND order_number = ?");
    Params(check).Int64(last.customer_id).String(last.order_number);
    auto rows = Query(check);
    if (!rows->next() || rows->getInt64("id") != first_id + static_cast<int64_t>(n) - 1) {
      throw sql::SQLException(
          "multi-row INSERT got non-consecutive AUTO_INCREMENT ids (innodb_autoinc_lock_mode 2?)",
          "HY000", 0);
    }
    for (size_t r = 0; r < n; ++r) {
      invoices[begin + r].id = first_id + static_cast<int64_t>(r);
      invoices[begin + r].version = 1;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<InvoiceRecord> GetInvoice(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kInvoiceColumns, "WHERE i.id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("invoices/", id));
  return ReadInvoice(*rows);
}

std::vector<InvoiceRecord> ListInvoices(ConnectionPool::Lease& db, const InvoiceFilter& filter,
                                        int64_t after_id, int limit) {
  // NULL parameters switch a filter off (one statement text, as in ListCustomers). The owner
  // filter joins the customer; the customer filter uses invoices_customer_status_due.
  auto& select = db.Prepare(absl::StrCat(
      kInvoiceColumnsWithoutTerms,
      "JOIN customers c ON c.id = i.customer_id "
      "WHERE i.id > ? AND (? IS NULL OR i.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR i.status = ?) "
      "AND (? IS NULL OR (i.status IN ('open', 'disputed') AND i.open_fen > 0 AND i.due_date < ?)) "
      "AND (? IS NULL OR i.due_date >= ?) AND (? IS NULL OR i.due_date <= ?) "
      "ORDER BY i.id LIMIT ?"));
  std::optional<std::string> status;
  if (filter.status) status = std::string(core::InvoiceStatusName(*filter.status));
  Params params(select);
  params.Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(status)
      .OptionalString(status);
  for (const auto& day : {filter.overdue_as_of, filter.due_from, filter.due_to}) {
    params.OptionalDay(day).OptionalDay(day);
  }
  params.Int(limit);
  auto rows = Query(select);
  std::vector<InvoiceRecord> invoices;
  while (rows->next()) invoices.push_back(ReadInvoice(*rows));
  return invoices;
}

std::vector<InvoiceRecord> LockOpenInvoices(ConnectionPool::Lease& db, int64_t customer_id) {
  // The index names the plan: on a young table's estimates MariaDB may otherwise walk (and lock)
  // the whole primary key in id order instead of the customer's open range plus a sort.
  auto& select = db.Prepare(absl::StrCat(
      kInvoiceColumnsWithoutTerms,
      "FORCE INDEX (invoices_customer_status_due) "
      "WHERE i.customer_id = ? AND i.status = 'open' AND i.open_fen > 0 ORDER BY i.id FOR UPDATE"));
  select.setInt64(1, customer_id);
  auto rows = Query(select);
  std::vector<InvoiceRecord> invoices;
  while (rows->next()) invoices.push_back(ReadInvoice(*rows));
  return invoices;
}

std::optional<CustomerOpenInvoices> LockCustomerAndOpenInvoices(ConnectionPool::Lease& db,
                                                                int64_t customer_id) {
  // The customer is a const table (primary key), read and locked before the join reads the
  // invoices through the same index and range as LockOpenInvoices, and each invoice's offers by
  // invoice (only accepted ones match; an invoice with two would come twice). Sorted here, not
  // by ORDER BY: ordering by a joined table's column made MariaDB build a temporary table for
  // every payment (the rows are locked in index order either way).
  auto& select = db.Prepare(
      "SELECT c.id AS c_id, c.owner_user_id AS c_owner_user_id, "
      "c.credit_limit_fen AS c_credit_limit_fen, c.credit_status AS c_credit_status, "
      "c.tier AS c_tier, i.id, i.customer_id, i.order_number, i.invoice_number, i.amount_fen, "
      "i.prepaid_fen, i.prepayment_bp, DATEDIFF(i.invoice_date, '1970-01-01') AS invoice_day, "
      "DATEDIFF(i.due_date, '1970-01-01') AS due_day, i.credit_days, i.status, i.open_fen, "
      "i.written_off_fen, i.settled_fen, i.discounted_fen, '' AS terms_breakdown, i.create_time, "
      "i.update_time, i.version, o.id AS accepted_offer_id "
      "FROM customers c LEFT JOIN invoices i FORCE INDEX (invoices_customer_status_due) "
      "ON i.customer_id = c.id AND i.status = 'open' AND i.open_fen > 0 "
      "LEFT JOIN discount_offers o FORCE INDEX (discount_offers_invoice) "
      "ON o.invoice_id = i.id AND o.status = 'accepted' "
      "WHERE c.id = ? FOR UPDATE");
  select.setInt64(1, customer_id);
  auto rows = Query(select);
  std::optional<CustomerOpenInvoices> result;
  while (rows->next()) {
    if (!result.has_value()) {
      result.emplace();
      LedgerCustomer& customer = result->customer;
      customer.id = rows->getInt64("c_id");
      customer.owner_user_id = rows->getInt64("c_owner_user_id");
      customer.credit_limit = rows->getInt64("c_credit_limit_fen");
      customer.credit_status = GetEnum<core::CreditStatus, core::kCreditStatusCount>(
          *rows, "c_credit_status", core::CreditStatusName);
      customer.tier = GetEnum<core::Tier, 4>(*rows, "c_tier", core::TierName);
    }
    if (rows->isNull("id")) continue;  // no open invoice: the customer's row alone
    if (!rows->isNull("accepted_offer_id")) result->open_invoices_have_accepted_offers = true;
    // A join yields an invoice's rows one after another.
    if (!result->open.empty() && result->open.back().id == rows->getInt64("id")) continue;
    result->open.push_back(ReadInvoice(*rows));
  }
  if (result.has_value()) {
    std::sort(result->open.begin(), result->open.end(),
              [](const InvoiceRecord& a, const InvoiceRecord& b) { return a.id < b.id; });
  }
  return result;
}

void UpdateInvoiceBalance(ConnectionPool::Lease& db, InvoiceRecord& invoice) {
  auto& update = db.Prepare(
      "UPDATE invoices SET status = ?, open_fen = ?, written_off_fen = ?, settled_fen = ?, "
      "discounted_fen = ?, update_time = ?, version = version + 1 WHERE id = ?");
  Params(update)
      .Name(invoice.balance.status, core::InvoiceStatusName)
      .Int64(invoice.balance.open)
      .Int64(invoice.balance.written_off)
      .Int64(invoice.balance.settled)
      .Int64(invoice.balance.discounted)
      .Time(invoice.update_time)
      .Int64(invoice.id);
  update.executeUpdate();
  ++invoice.version;
}

PaymentRecord InsertPayment(ConnectionPool::Lease& db, PaymentRecord payment) {
  // RETURNING: the new id in the same round trip (no SELECT LAST_INSERT_ID()).
  auto& insert =
      db.Prepare(absl::StrCat("INSERT INTO payments (", kPaymentInsertColumns, ") VALUES (",
                              Placeholders(kPaymentInsertColumnCount), ") RETURNING id"));
  Params params(insert);
  BindPaymentInsert(params, payment);
  payment.id = InsertedId(insert);
  payment.version = 1;
  return payment;
}

absl::StatusOr<PaymentRecord> GetPayment(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kPaymentColumns, "WHERE id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("payments/", id));
  return ReadPayment(*rows);
}

void UpdatePayment(ConnectionPool::Lease& db, PaymentRecord& payment) {
  auto& update = db.Prepare(
      "UPDATE payments SET status = ?, unapplied_fen = ?, reversal_reason = ?, update_time = ?, "
      "version = version + 1 WHERE id = ?");
  Params(update)
      .Name(payment.balance.status, core::PaymentStatusName)
      .Int64(payment.balance.unapplied)
      .String(payment.reversal_reason)
      .Time(payment.update_time)
      .Int64(payment.id);
  update.executeUpdate();
  ++payment.version;
}

AllocationRecord InsertAllocation(ConnectionPool::Lease& db, AllocationRecord allocation,
                                  absl::Time now) {
  auto& insert = db.Prepare(
      absl::StrCat("INSERT INTO payment_allocations (", kAllocationInsertColumns, ") VALUES (",
                   Placeholders(kAllocationInsertColumnCount), ") RETURNING id"));
  Params params(insert);
  BindAllocationInsert(params, allocation, now);
  allocation.id = InsertedId(insert);
  allocation.reversed = false;
  return allocation;
}

std::vector<AllocationRecord> ListAllocations(ConnectionPool::Lease& db, int64_t payment_id,
                                              Read read) {
  auto& select = db.Prepare(absl::StrCat(
      "SELECT a.id, a.payment_id, a.invoice_id, i.invoice_number, a.amount_fen, a.rule, "
      "a.reversed FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id "
      "WHERE a.payment_id = ? ORDER BY a.id",
      ReadClause(read)));
  select.setInt64(1, payment_id);
  auto rows = Query(select);
  std::vector<AllocationRecord> allocations;
  while (rows->next()) {
    AllocationRecord allocation;
    allocation.id = rows->getInt64("id");
    allocation.payment_id = rows->getInt64("payment_id");
    allocation.invoice_id = rows->getInt64("invoice_id");
    allocation.invoice_number = GetString(*rows, "invoice_number");
    allocation.amount = rows->getInt64("amount_fen");
    allocation.rule = GetEnum<core::AllocationRule, core::kAllocationRuleCount>(
        *rows, "rule", core::AllocationRuleName);
    allocation.reversed = rows->getInt("reversed") != 0;
    allocations.push_back(std::move(allocation));
  }
  return allocations;
}

void MarkAllocationsReversed(ConnectionPool::Lease& db, int64_t payment_id, absl::Time now) {
  auto& update = db.Prepare(
      "UPDATE payment_allocations SET reversed = 1, reverse_time = ? "
      "WHERE payment_id = ? AND reversed = 0");
  Params(update).Time(now).Int64(payment_id);
  update.executeUpdate();
}

std::vector<std::string> CheckLedgerInvariants(ConnectionPool::Lease& db) {
  auto rows = Query(db.Prepare(kLedgerInvariantsSql));
  std::vector<std::string> violations;
  while (rows->next()) violations.push_back(rows->getString(1));
  return violations;
}

}  // namespace huikuan::store
