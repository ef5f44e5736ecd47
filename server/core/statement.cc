#include "server/core/statement.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/enum_names.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::StatusOr<Statement> BuildStatement(absl::Span<const StatementInvoice> invoices,
                                         absl::Span<const StatementSettlement> settlements,
                                         const Period& period) {
  HK_RETURN_IF_ERROR(ValidateEpochDay(period.first_day, "period.first_day"));
  HK_RETURN_IF_ERROR(ValidateEpochDay(period.last_day, "period.last_day"));
  if (period.last_day < period.first_day) {
    return absl::InvalidArgumentError("period: last_day is before first_day");
  }
  const EpochDay first = period.first_day;
  const EpochDay last = period.last_day;
  absl::flat_hash_set<int64_t> ids;
  for (size_t i = 0; i < invoices.size(); ++i) {
    const StatementInvoice& inv = invoices[i];
    const std::string at = absl::StrCat("invoices[", i, "]");
    HK_RETURN_IF_ERROR(ValidateAmount(inv.amount, absl::StrCat(at, ".amount")));
    HK_RETURN_IF_ERROR(ValidateEpochDay(inv.invoice_day, absl::StrCat(at, ".invoice_day")));
    HK_RETURN_IF_ERROR(ValidateEpochDay(inv.due_day, absl::StrCat(at, ".due_day")));
    if (!ids.insert(inv.invoice_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".invoice_id: ", inv.invoice_id, " appears twice"));
    }
  }

  // Settled by the end of the period (and before it) per invoice; totals in 128 bits.
  std::vector<Fen> settled_total(invoices.size(), 0);
  std::vector<Fen> settled_by_end(invoices.size(), 0);
  std::vector<Fen> settled_before(invoices.size(), 0);
  Int128 received = 0;
  Int128 written_off = 0;
  Int128 settled_in_kind = 0;
  Int128 discounted = 0;
  for (size_t j = 0; j < settlements.size(); ++j) {
    const StatementSettlement& s = settlements[j];
    const std::string at = absl::StrCat("settlements[", j, "]");
    if (s.invoice_row >= invoices.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".invoice_row: ", s.invoice_row, " is not a row of invoices"));
    }
    HK_RETURN_IF_ERROR(ValidateAmount(s.amount, absl::StrCat(at, ".amount")));
    HK_RETURN_IF_ERROR(ValidateEpochDay(s.day, absl::StrCat(at, ".day")));
    if (static_cast<int>(s.write_off) + static_cast<int>(s.in_kind) + static_cast<int>(s.discount) >
        1) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ": a settlement is a write-off or in kind, not both"));
    }
    const StatementInvoice& inv = invoices[s.invoice_row];
    if (s.day < inv.invoice_day) {
      return absl::InvalidArgumentError(absl::StrCat(at, ".day: ", FormatDate(s.day),
                                                     " is before its invoice's date ",
                                                     FormatDate(inv.invoice_day)));
    }
    settled_total[s.invoice_row] += s.amount;
    if (settled_total[s.invoice_row] > inv.amount) {
      return absl::InvalidArgumentError(absl::StrCat(at, ".amount: settlements of invoice ",
                                                     inv.invoice_id, " exceed its amount"));
    }
    if (s.day <= last) settled_by_end[s.invoice_row] += s.amount;
    if (s.day < first) settled_before[s.invoice_row] += s.amount;
    if (s.day >= first && s.day <= last) {
      (s.write_off  ? written_off
       : s.in_kind  ? settled_in_kind
       : s.discount ? discounted
                    : received) += s.amount;
    }
  }

  Statement st;
  st.period = period;
  Int128 opening = 0, invoiced = 0, closing = 0, overdue = 0;
  std::vector<size_t> rows;
  for (size_t i = 0; i < invoices.size(); ++i) {
    const StatementInvoice& inv = invoices[i];
    if (inv.invoice_day < first) opening += inv.amount - settled_before[i];
    if (inv.invoice_day > last) continue;
    if (inv.invoice_day >= first) invoiced += inv.amount;
    const Fen open = inv.amount - settled_by_end[i];
    closing += open;
    if (open > 0 && inv.due_day < last) overdue += open;
    if (inv.invoice_day >= first || open > 0) rows.push_back(i);
  }
  std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
    if (invoices[a].due_day != invoices[b].due_day)
      return invoices[a].due_day < invoices[b].due_day;
    return invoices[a].invoice_day < invoices[b].invoice_day;
  });
  for (size_t i : rows) {
    const StatementInvoice& inv = invoices[i];
    const Fen open = inv.amount - settled_by_end[i];
    st.lines.push_back({inv.invoice_id, inv.order_number, inv.invoice_day, inv.due_day, inv.amount,
                        open, open > 0 && inv.due_day < last});
  }
  constexpr Int128 kMax = std::numeric_limits<int64_t>::max();
  for (Int128 v :
       {opening, invoiced, closing, received, written_off, settled_in_kind, discounted}) {
    if (v > kMax) return absl::InvalidArgumentError("invoices: statement total overflows int64");
  }
  st.opening_balance = static_cast<Fen>(opening);
  st.invoiced = static_cast<Fen>(invoiced);
  st.received = static_cast<Fen>(received);
  st.written_off = static_cast<Fen>(written_off);
  st.settled_in_kind = static_cast<Fen>(settled_in_kind);
  st.discounted = static_cast<Fen>(discounted);
  st.closing_balance = static_cast<Fen>(closing);
  st.overdue_at_end = static_cast<Fen>(overdue);
  return st;
}

absl::StatusOr<std::string> DueReminderText(Fen amount, EpochDay due_day) {
  HK_RETURN_IF_ERROR(ValidateAmount(amount, "amount"));
  HK_ASSIGN_OR_RETURN(const absl::CivilDay day, FromEpochDay(due_day));
  return absl::StrCat("贵司应付账款", FormatYuan(amount), "元将于", day.year(), "年", day.month(),
                      "月", day.day(), "日到期,请及时安排付款");
}

absl::string_view StatementStatusName(StatementStatus status) {
  switch (status) {
    case StatementStatus::kIssued:
      return "issued";
    case StatementStatus::kConfirmed:
      return "confirmed";
    case StatementStatus::kDisputed:
      return "disputed";
  }
  return "issued";
}

std::optional<StatementStatus> ParseStatementStatus(absl::string_view name) {
  return ParseEnumName<StatementStatus, kStatementStatusCount>(name, StatementStatusName);
}

absl::Status ConfirmStatement(StatementStatus& status, absl::string_view statement_name) {
  if (status != StatementStatus::kIssued) {
    return RuleViolation(kStatementDecided, statement_name,
                         absl::StrCat(statement_name, " is already ", StatementStatusName(status)));
  }
  status = StatementStatus::kConfirmed;
  return absl::OkStatus();
}

absl::Status DisputeStatement(StatementStatus& status, absl::string_view statement_name) {
  if (status == StatementStatus::kConfirmed) {
    return RuleViolation(
        kStatementDecided, statement_name,
        absl::StrCat(statement_name, " is confirmed: it can no longer be disputed"));
  }
  status = StatementStatus::kDisputed;
  return absl::OkStatus();
}

}  // namespace huikuan::core
