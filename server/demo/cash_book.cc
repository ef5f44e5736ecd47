#include "server/demo/cash_book.h"

#include <utility>

#include "server/core/status_macros.h"

namespace huikuan::demo {

void CashBook::Issue(int64_t customer_id, BookInvoice invoice) {
  if (invoice.open > 0) open_[customer_id].push_back(std::move(invoice));
}

absl::StatusOr<core::CashApplication> CashBook::Pay(int64_t customer_id, core::Fen amount,
                                                    absl::string_view reference) {
  std::vector<BookInvoice>& invoices = open_[customer_id];
  std::vector<core::OpenInvoice> candidates;
  candidates.reserve(invoices.size());
  for (const BookInvoice& invoice : invoices) {
    core::OpenInvoice candidate;
    candidate.invoice_id = invoice.id;
    candidate.number = invoice.number;
    candidate.invoice_day = invoice.invoice_day;
    candidate.due_day = invoice.due_day;
    candidate.open_amount = invoice.open;
    candidates.push_back(std::move(candidate));
  }
  HK_ASSIGN_OR_RETURN(core::CashApplication application,
                      core::ApplyPayment(amount, reference, candidates));
  for (const core::Allocation& allocation : application.allocations) {
    BookInvoice& invoice = invoices.at(allocation.invoice_row);
    core::InvoiceBalance balance{core::InvoiceStatus::kOpen, invoice.open, 0};
    HK_RETURN_IF_ERROR(core::ApplyCash(balance, allocation.amount, invoice.number));
    invoice.open = balance.open;
    auto [it, added] = changed_index_.try_emplace(invoice.id, changed_.size());
    if (added) changed_.push_back({invoice.id, balance.open, balance.status});
    changed_[it->second].open = balance.open;
    changed_[it->second].status = balance.status;
  }
  std::erase_if(invoices, [](const BookInvoice& invoice) { return invoice.open == 0; });
  return application;
}

std::vector<ChangedBalance> CashBook::TakeChanged() {
  changed_index_.clear();
  return std::exchange(changed_, {});
}

const std::vector<BookInvoice>& CashBook::OpenInvoices(int64_t customer_id) const {
  static const std::vector<BookInvoice> kNone;
  auto it = open_.find(customer_id);
  return it == open_.end() ? kNone : it->second;
}

}  // namespace huikuan::demo
