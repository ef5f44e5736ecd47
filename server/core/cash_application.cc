#include "server/core/cash_application.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/core/status_macros.h"

namespace huikuan::core {

absl::string_view MatchRuleName(MatchRule rule) {
  switch (rule) {
    case MatchRule::kReference:
      return "reference";
    case MatchRule::kExactAmount:
      return "exact_amount";
    case MatchRule::kOldestFirst:
      return "oldest_first";
  }
  return "unknown";
}

absl::StatusOr<CashApplication> ApplyPayment(Fen payment, absl::string_view reference,
                                             absl::Span<const OpenInvoice> invoices) {
  return ApplyPayment(payment, reference, {}, invoices);
}

absl::StatusOr<CashApplication> ApplyPayment(Fen payment, absl::string_view reference,
                                             absl::Span<const int64_t> first_invoices,
                                             absl::Span<const OpenInvoice> invoices) {
  HK_RETURN_IF_ERROR(ValidateAmount(payment, "payment"));
  if (payment == 0) return absl::InvalidArgumentError("payment: 0 is not a payment");
  absl::flat_hash_set<int64_t> ids;
  for (size_t i = 0; i < invoices.size(); ++i) {
    const OpenInvoice& inv = invoices[i];
    const std::string at = absl::StrCat("invoices[", i, "]");
    HK_RETURN_IF_ERROR(ValidateAmount(inv.open_amount, absl::StrCat(at, ".open_amount")));
    HK_RETURN_IF_ERROR(ValidateEpochDay(inv.invoice_day, absl::StrCat(at, ".invoice_day")));
    HK_RETURN_IF_ERROR(ValidateEpochDay(inv.due_day, absl::StrCat(at, ".due_day")));
    if (inv.discount < 0 || (inv.discount > 0 && inv.discount >= inv.open_amount)) {
      return absl::InvalidArgumentError(absl::StrCat(at, ".discount: must be in [0, open_amount)"));
    }
    if (!ids.insert(inv.invoice_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".invoice_id: ", inv.invoice_id, " appears twice"));
    }
  }

  CashApplication out;
  Fen remaining = payment;
  // owed[i]: what cash must still bring to invoice i; discount[i] is granted when one allocation
  // brings all of it (R-DISC-2) and forfeited by a smaller one.
  std::vector<Fen> open(invoices.size());
  std::vector<Fen> discount(invoices.size());
  for (size_t i = 0; i < invoices.size(); ++i) {
    discount[i] = invoices[i].discount;
    open[i] = invoices[i].open_amount - discount[i];
  }
  auto allocate = [&](size_t row, Fen amount, MatchRule rule) {
    Fen granted = 0;
    if (amount == open[row]) {
      granted = discount[row];
    } else {
      open[row] += discount[row];  // a part payment: the invoice owes its full open amount
    }
    discount[row] = 0;
    open[row] -= amount;
    if (granted > 0) open[row] = 0;
    remaining -= amount;
    out.discounted += granted;
    out.allocations.push_back({row, invoices[row].invoice_id, amount, rule, granted});
  };
  auto older = [&](size_t a, size_t b) {
    if (invoices[a].invoice_day != invoices[b].invoice_day) {
      return invoices[a].invoice_day < invoices[b].invoice_day;
    }
    if (invoices[a].due_day != invoices[b].due_day)
      return invoices[a].due_day < invoices[b].due_day;
    return a < b;
  };

  // 0. A statement's payment reference: its invoices, in its order.
  for (int64_t id : first_invoices) {
    if (remaining == 0) break;
    for (size_t i = 0; i < invoices.size(); ++i) {
      if (open[i] > 0 && invoices[i].invoice_id == id) {
        allocate(i, std::min(remaining, open[i]), MatchRule::kReference);
        break;
      }
    }
  }
  // 1. By reference, token by token.
  for (absl::string_view token :
       absl::StrSplit(reference, absl::ByAnyChar(",; \t\r\n/"), absl::SkipEmpty())) {
    if (remaining == 0) break;
    for (size_t i = 0; i < invoices.size(); ++i) {
      if (open[i] > 0 && invoices[i].number == token) {
        allocate(i, std::min(remaining, open[i]), MatchRule::kReference);
        break;
      }
    }
  }
  // 2. Exact amount: the oldest invoice whose open amount equals the remainder.
  if (remaining > 0) {
    bool found = false;
    size_t best = 0;
    for (size_t i = 0; i < invoices.size(); ++i) {
      if (open[i] == remaining && (!found || older(i, best))) {
        best = i;
        found = true;
      }
    }
    if (found) allocate(best, remaining, MatchRule::kExactAmount);
  }
  // 3. Oldest first.
  if (remaining > 0) {
    std::vector<size_t> order(invoices.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), older);
    for (size_t row : order) {
      if (remaining == 0) break;
      if (open[row] > 0) allocate(row, std::min(remaining, open[row]), MatchRule::kOldestFirst);
    }
  }
  out.applied = payment - remaining;
  out.unapplied = remaining;
  return out;
}

}  // namespace huikuan::core
