// Monthly customer statements (R-STMT-1, 对账单): opening balance, what was invoiced and received
// in the period, closing balance, and one line per invoice with its order number, amount, due date
// and what is still open; plus the due-date reminder sentence that seed 000 recommends attaching.
//
//   absl::StatusOr<Statement> s = BuildStatement(invoices, payments, march);
//   s->opening_balance + s->invoiced - s->received - s->written_off - s->settled_in_kind
//       - s->discounted == s->closing_balance
//   DueReminderText(123456, *ParseDate("2024-03-01"))
//   // "贵司应付账款1234.56元将于2024年3月1日到期,请及时安排付款"
//
// One customer per call (the caller selects its invoices). The customer confirms or disputes the
// statement through the service; the core only computes it.
//
// Thread-safe: pure functions of their arguments, no global state, no I/O.
#ifndef HUIKUAN_SERVER_CORE_STATEMENT_H_
#define HUIKUAN_SERVER_CORE_STATEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/kpi.h"
#include "server/core/money.h"

namespace huikuan::core {

struct StatementInvoice {
  int64_t invoice_id = 0;
  std::string order_number;
  EpochDay invoice_day = 0;
  EpochDay due_day = 0;
  Fen amount = 0;  // >= 0
};

// A payment, write-off or non-cash settlement applied to invoices[invoice_row].
struct StatementSettlement {
  size_t invoice_row = 0;
  EpochDay day = 0;
  Fen amount = 0;  // > 0
  bool write_off = false;
  bool in_kind = false;   // goods taken in payment (以货抵债); never together with write_off
  bool discount = false;  // an early-payment discount honoured (issue 14); never with the others
};

struct StatementLine {
  int64_t invoice_id = 0;
  std::string order_number;
  EpochDay invoice_day = 0;
  EpochDay due_day = 0;
  Fen amount = 0;
  Fen open_at_end = 0;          // still owed at the end of the period
  bool overdue_at_end = false;  // open and due_day < last_day
};

struct Statement {
  Period period;
  Fen opening_balance = 0;  // AR at first_day - 1
  Fen invoiced = 0;         // invoices dated in the period
  Fen received = 0;         // payments dated in the period
  Fen written_off = 0;      // write-offs dated in the period
  Fen settled_in_kind = 0;  // non-cash settlements dated in the period
  Fen discounted = 0;       // early-payment discounts honoured in the period (issue 14)
  Fen closing_balance = 0;  // AR at last_day
  Fen overdue_at_end = 0;   // part of closing_balance past due on last_day
  // Invoices dated in the period or open at its end (invoices dated after the period are left out),
  // ordered by due day, then invoice day, then input order.
  std::vector<StatementLine> lines;
};

// Errors (INVALID_ARGUMENT naming the argument): period out of range or reversed, a bad amount or
// date, settlement row out of range, dated before its invoice, or exceeding the invoice's amount,
// both write_off and in_kind, duplicate invoice_id, overflow.
absl::StatusOr<Statement> BuildStatement(absl::Span<const StatementInvoice> invoices,
                                         absl::Span<const StatementSettlement> settlements,
                                         const Period& period);

// The statement's states: issued, then confirmed by the customer (or by finance on its behalf) or
// disputed line by line. Stable numeric values.
enum class StatementStatus : int8_t { kIssued = 0, kConfirmed = 1, kDisputed = 2 };
inline constexpr int kStatementStatusCount = 3;
absl::string_view StatementStatusName(StatementStatus status);  // "issued", "confirmed", ...
std::optional<StatementStatus> ParseStatementStatus(absl::string_view name);

inline constexpr absl::string_view kStatementDecided = "STATEMENT_DECIDED";

// Confirming: only an issued statement (FAILED_PRECONDITION STATEMENT_DECIDED otherwise).
absl::Status ConfirmStatement(StatementStatus& status, absl::string_view statement_name);
// Disputing lines: an issued or already disputed statement; a confirmed one no longer.
absl::Status DisputeStatement(StatementStatus& status, absl::string_view statement_name);

// Seed 000's reminder: "贵司应付账款{amount}元将于{Y}年{M}月{D}日到期,请及时安排付款" (amount in
// yuan with two decimals, date without zero padding). Errors: negative/oversized amount, date out
// of range.
absl::StatusOr<std::string> DueReminderText(Fen amount, EpochDay due_day);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_STATEMENT_H_
