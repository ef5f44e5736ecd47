#include "server/ops/invoices.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/order_credit.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/terms.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"
#include "server/ops/term_rules.h"
#include "server/store/relationship_store.h"

namespace huikuan::ops {
namespace {

// The first day of the calendar month before `day`'s: R-TERM-1 looks at the previous month.
absl::StatusOr<core::EpochDay> PreviousMonthStart(core::EpochDay day) {
  HK_ASSIGN_OR_RETURN(absl::CivilDay civil, core::FromEpochDay(day));
  return core::ToEpochDay(absl::CivilDay(absl::CivilMonth(civil) - 1));
}

// Defaults invoice numbers and finds repeats within the batch. The rows' own strings are the
// keys' storage: they stay in place until the rows are returned.
absl::Status CheckBatchKeys(std::vector<store::InvoiceRecord>& rows, const RowNames& names) {
  core::FieldViolations violations;
  absl::flat_hash_map<std::pair<int64_t, absl::string_view>, size_t> order_rows;
  absl::flat_hash_map<absl::string_view, size_t> number_rows;
  order_rows.reserve(rows.size());
  number_rows.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    store::InvoiceRecord& row = rows[i];
    if (row.invoice_number.empty()) {
      row.invoice_number = absl::StrCat("INV-", row.customer_id, "-", row.order_number);
      if (row.invoice_number.size() > core::kMaxKeyBytes) {
        violations.Add(names.Field(i, "invoice_number"),
                       "the default INV-{customer}-{order_number} is longer than 64 characters: "
                       "give an invoice number");
        continue;
      }
    }
    auto [order_it, new_order] =
        order_rows.try_emplace({row.customer_id, absl::string_view(row.order_number)}, i);
    if (!new_order) {
      violations.Add(names.Field(i, "order_number"),
                     absl::StrCat("repeats the order of ", names.Row(order_it->second)));
      continue;
    }
    auto [number_it, new_number] =
        number_rows.try_emplace(absl::string_view(row.invoice_number), i);
    if (!new_number) {
      violations.Add(names.Field(i, "invoice_number"),
                     absl::StrCat("repeats the invoice number of ", names.Row(number_it->second)));
    }
  }
  return violations.empty() ? absl::OkStatus() : violations.ToStatus();
}

// After a failed insert: ALREADY_EXISTS naming the first row whose order or invoice number is
// taken.
absl::Status NameTakenKey(store::ConnectionPool::Lease& db,
                          const std::vector<store::InvoiceRecord>& rows, const RowNames& names) {
  std::vector<std::pair<int64_t, std::string>> keys;
  std::vector<std::string> numbers;
  for (const auto& row : rows) {
    keys.emplace_back(row.customer_id, row.order_number);
    numbers.push_back(row.invoice_number);
  }
  auto more = [](size_t count) {
    return count > 1 ? absl::StrCat(" (and ", count - 1, " more)") : std::string();
  };
  const auto taken_orders = store::ExistingOrderNumbers(db, keys);
  if (!taken_orders.empty()) {
    size_t first = rows.size();
    for (size_t i = 0; i < rows.size() && first == rows.size(); ++i) {
      for (const auto& key : taken_orders) {
        if (key.first == rows[i].customer_id && key.second == rows[i].order_number) first = i;
      }
    }
    return absl::AlreadyExistsError(
        absl::StrCat(names.Field(first, "order_number"), ": customers/", rows[first].customer_id,
                     " already has an invoice for order \"", rows[first].order_number, "\"",
                     more(taken_orders.size())));
  }
  const auto taken_numbers = store::ExistingInvoiceNumbers(db, numbers);
  if (!taken_numbers.empty()) {
    size_t first = rows.size();
    for (size_t i = 0; i < rows.size() && first == rows.size(); ++i) {
      for (const auto& number : taken_numbers) {
        if (number == rows[i].invoice_number) first = i;
      }
    }
    return absl::AlreadyExistsError(absl::StrCat(names.Field(first, "invoice_number"), ": \"",
                                                 rows[first].invoice_number, "\" is already taken",
                                                 more(taken_numbers.size())));
  }
  return absl::AlreadyExistsError("an order or invoice number is already taken");
}

}  // namespace

absl::StatusOr<std::vector<store::InvoiceRecord>> CreateInvoices(
    WriteScope& write, const std::vector<InvoiceDraft>& drafts, const RowNames& names) {
  const size_t n = drafts.size();
  std::vector<store::InvoiceRecord> rows(n);
  std::vector<int64_t> customer_ids;
  customer_ids.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    store::InvoiceRecord& row = rows[i];
    row.customer_id = drafts[i].customer_id;
    row.order_number = drafts[i].order_number;
    row.invoice_number = drafts[i].invoice_number;
    row.amount = drafts[i].amount;
    row.invoice_day = drafts[i].invoice_day;
    customer_ids.push_back(row.customer_id);
  }
  HK_RETURN_IF_ERROR(CheckBatchKeys(rows, names));

  auto customers = store::LockCustomers(write.db, customer_ids);
  for (size_t i = 0; i < n; ++i) {
    auto it = customers.find(rows[i].customer_id);
    if (it == customers.end() ||
        !CanSeeCustomer(write.caller, it->second.id, it->second.owner_user_id)) {
      return core::NotFoundError(
          absl::StrCat(names.Field(i, "customer"), ": ",
                       core::FormatResourceName("customers", rows[i].customer_id)));
    }
  }
  // The customers' order counts, credit exposure and previous calendar month (R-TERM-1) come in
  // one read per month that the batch's orders follow, for all the customers with such an order:
  // the same inputs GetEffectiveTerms shows, from the ledger as it was before this call (rows of
  // the same batch do not count towards last month's volume).
  std::vector<core::EpochDay> last_month_start(n);
  absl::flat_hash_map<core::EpochDay, std::vector<int64_t>> customers_by_month;
  for (size_t i = 0; i < n; ++i) {
    HK_ASSIGN_OR_RETURN(last_month_start[i], PreviousMonthStart(rows[i].invoice_day));
    customers_by_month[last_month_start[i]].push_back(rows[i].customer_id);
  }
  absl::flat_hash_map<int64_t, store::InvoiceStats> stats;
  absl::flat_hash_map<std::pair<int64_t, core::EpochDay>, store::OrderTermsFacts> month_facts;
  // R-TERM-1: customers with a joint promotion approved for last month (promotions.h).
  absl::flat_hash_set<std::pair<int64_t, core::EpochDay>> joint_promotion;
  for (auto& [month_start, ids] : customers_by_month) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    HK_ASSIGN_OR_RETURN(absl::CivilDay first_day, core::FromEpochDay(month_start));
    HK_ASSIGN_OR_RETURN(core::EpochDay month_end,
                        core::ToEpochDay(absl::CivilDay(absl::CivilMonth(first_day) + 1) - 1));
    auto facts = store::GetCustomerOrderFacts(write.db, ids, month_start, month_end);
    // Customers without invoices have no row: zero figures. Stats are the same in every month's
    // read (the customers are locked).
    for (int64_t id : ids) {
      const store::CustomerOrderFacts& figures = facts[id];
      stats[id] = figures.stats;
      month_facts[{id, month_start}] = figures.last_month;
    }
    for (const auto& promoted : store::ApprovedPromotions(write.db, ids, month_start, month_end)) {
      joint_promotion.insert({promoted.first, month_start});
    }
  }
  const TermPolicies policies = TermPolicies::Load(write.db);
  for (size_t i = 0; i < n; ++i) {
    store::InvoiceRecord& row = rows[i];
    const store::LedgerCustomer& customer = customers.at(row.customer_id);
    store::InvoiceStats& customer_stats = stats[row.customer_id];
    const std::string customer_name = core::FormatResourceName("customers", customer.id);
    const std::string prefix = absl::StrCat(names.Row(i), ": ");
    const TermRulesInForce& in_force = policies.InForce(row.invoice_day);
    const store::OrderTermsFacts& facts = month_facts.at({row.customer_id, last_month_start[i]});
    core::OrderTermsInput terms_input;
    terms_input.tier_terms = in_force.rules.matrix[static_cast<int>(customer.tier)];
    terms_input.prior_orders = customer_stats.invoice_count;
    terms_input.last_month_orders = facts.month_orders;
    terms_input.last_month_paid_early =
        facts.month_invoices > 0 && facts.month_paid_early == facts.month_invoices;
    terms_input.joint_promotion = joint_promotion.contains({row.customer_id, last_month_start[i]});
    terms_input.order_amount = row.amount;
    terms_input.invoice_day = row.invoice_day;
    // Holds are checked before the terms: a held customer gets no terms at all.
    HK_RETURN_IF_ERROR(
        core::WithMessagePrefix(core::CheckNoHold(customer.credit_status, customer_name), prefix));
    absl::StatusOr<core::EffectiveTerms> terms =
        core::ComputeEffectiveTerms(terms_input, in_force.rules.terms);
    if (!terms.ok()) return core::WithMessagePrefix(terms.status(), prefix);
    if (!terms->due_day) return absl::InternalError("effective terms without a due day");
    const core::CreditPosition position{customer.credit_status, customer.credit_limit,
                                        customer_stats.credit_exposure};
    HK_RETURN_IF_ERROR(core::WithMessagePrefix(
        core::CheckOrderCredit(position, terms->credit_amount, customer_name, row.order_number),
        prefix));
    // Checked: with an extreme limit, thousands of maximal rows could otherwise wrap.
    HK_ASSIGN_OR_RETURN(customer_stats.credit_exposure,
                        core::AddFen(customer_stats.credit_exposure, terms->credit_amount));
    row.terms = core::TermsBreakdown{customer.tier, customer_stats.invoice_count, in_force.version,
                                     std::move(terms->steps)};
    ++customer_stats.invoice_count;
    row.prepaid = terms->prepayment;
    row.prepayment_bp = terms->prepayment_bp;
    row.credit_days = terms->credit_days;
    row.due_day = *terms->due_day;
    row.balance = {core::InvoiceStatus::kOpen, row.amount, 0};
    row.create_time = write.now;
    row.update_time = write.now;
  }
  absl::Status inserted = store::InsertInvoices(write.db, rows);
  if (absl::IsAlreadyExists(inserted)) return NameTakenKey(write.db, rows, names);
  HK_RETURN_IF_ERROR(inserted);
  for (const store::InvoiceRecord& row : rows) {
    write.audit.Record(core::FormatResourceName("invoices", row.id), core::Json(),
                       InvoiceImage(row));
  }
  return rows;
}

absl::StatusOr<store::InvoiceRecord> GetInvoice(ReadScope& read, int64_t id,
                                                absl::string_view name_for_errors) {
  absl::StatusOr<store::InvoiceRecord> invoice = store::GetInvoice(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(invoice.status())) return core::NotFoundError(name_for_errors);
  HK_RETURN_IF_ERROR(invoice.status());
  // Only a salesperson's scope needs the customer's owner; the others are decided from the
  // invoice's customer id alone (the foreign key guarantees that customer exists).
  if (!read.caller.scoped_to_owned_customers()) {
    if (!CanSeeCustomer(read.caller, invoice->customer_id, 0)) {
      return core::NotFoundError(name_for_errors);
    }
    return invoice;
  }
  HK_RETURN_IF_ERROR(
      GetVisibleCustomer(read.db, read.caller, invoice->customer_id, name_for_errors).status());
  return invoice;
}

std::vector<store::InvoiceRecord> ListInvoices(ReadScope& read, const InvoiceQuery& query,
                                               int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, query.customer_id);
  if (scope.nothing) return {};
  store::InvoiceFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = query.status;
  if (query.overdue_only) filter.overdue_as_of = query.overdue_as_of.value_or(read.today);
  filter.due_from = query.due_from;
  filter.due_to = query.due_to;
  return store::ListInvoices(read.db, filter, after_id, limit);
}

}  // namespace huikuan::ops
