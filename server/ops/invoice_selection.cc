#include "server/ops/invoice_selection.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/invoice_state.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {

absl::StatusOr<SelectedInvoices> LockCustomerInvoices(WriteScope& write, int64_t customer_id,
                                                      absl::string_view customer_name,
                                                      const std::vector<int64_t>& invoice_ids,
                                                      absl::string_view field, Owed owed) {
  SelectedInvoices selected;
  HK_ASSIGN_OR_RETURN(selected.customer,
                      LockVisibleCustomer(write.db, write.caller, customer_id, customer_name));
  if (invoice_ids.empty()) return core::FieldViolation(field, "name at least one invoice");
  absl::flat_hash_set<int64_t> seen;
  for (size_t k = 0; k < invoice_ids.size(); ++k) {
    if (!seen.insert(invoice_ids[k]).second) {
      return core::FieldViolation(absl::StrCat(field, "[", k, "]"), "is named twice");
    }
  }
  // Locked in id order (another writer of the customer holds its row lock anyway).
  std::vector<int64_t> order = invoice_ids;
  std::sort(order.begin(), order.end());
  absl::flat_hash_map<int64_t, store::InvoiceRecord> locked;
  for (int64_t id : order) {
    absl::StatusOr<store::InvoiceRecord> invoice =
        store::GetInvoice(write.db, id, store::Lock::kForUpdate);
    if (invoice.ok()) locked.emplace(id, *std::move(invoice));
  }
  for (size_t k = 0; k < invoice_ids.size(); ++k) {
    auto it = locked.find(invoice_ids[k]);
    if (it == locked.end() || it->second.customer_id != customer_id) {
      return core::FieldViolation(absl::StrCat(field, "[", k, "]"),
                                  absl::StrCat("is not an invoice of ", customer_name));
    }
    const store::InvoiceRecord& invoice = it->second;
    const core::InvoiceStatus status = invoice.balance.status;
    const bool ok = invoice.balance.open > 0 &&
                    (status == core::InvoiceStatus::kOpen ||
                     (owed == Owed::kOpenOrDisputed && status == core::InvoiceStatus::kDisputed));
    if (!ok) {
      const std::string name = core::FormatResourceName("invoices", invoice.id);
      return core::RuleViolation(
          core::kInvoiceNotOpen, name,
          absl::StrCat(name, " is ", core::InvoiceStatusName(status),
                       owed == Owed::kOpenOnly ? ": only open invoices" : ": nothing is owed"));
    }
    HK_ASSIGN_OR_RETURN(selected.open_total,
                        core::AddFen(selected.open_total, invoice.balance.open));
    selected.invoices.push_back(invoice);
  }
  return selected;
}

}  // namespace huikuan::ops
