#include "server/service/ledger_service.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "google/rpc/error_details.pb.h"
#include "server/core/cash_application.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/service/customer_service.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/service/term_policy_service.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/term_policy_store.h"

namespace huikuan::service {
namespace {

constexpr absl::string_view kPreconditionFailureUrl =
    "type.googleapis.com/google.rpc.PreconditionFailure";

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

// FAILED_PRECONDITION whose google.rpc.PreconditionFailure names the rule (`type`, e.g.
// "CREDIT_LIMIT") and the resource it is about, so clients can branch on it without parsing text.
absl::Status RuleViolation(absl::string_view type, absl::string_view subject,
                           const std::string& message) {
  absl::Status status = absl::FailedPreconditionError(message);
  google::rpc::PreconditionFailure failure;
  auto* violation = failure.add_violations();
  violation->set_type(std::string(type));
  violation->set_subject(std::string(subject));
  violation->set_description(message);
  status.SetPayload(kPreconditionFailureUrl, absl::Cord(failure.SerializeAsString()));
  return status;
}

std::string Etag(int64_t version) { return absl::StrCat("\"", version, "\""); }

// Business dates are civil days in Asia/Shanghai (UTC+8 all year, no daylight saving).
core::EpochDay TodayInCompanyZone(absl::Time now) {
  const absl::CivilDay day = absl::ToCivilDay(now, absl::FixedTimeZone(8 * 60 * 60));
  absl::StatusOr<core::EpochDay> epoch_day = core::ToEpochDay(day);
  return epoch_day.ok() ? *epoch_day : core::kMaxEpochDay;
}

// A key such as an order or invoice number: 1-64 printable characters, no control characters.
bool IsValidKey(absl::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

v1::InvoiceStatus InvoiceStatusFromKey(absl::string_view key) {
  if (key == "open") return v1::INVOICE_STATUS_OPEN;
  if (key == "paid") return v1::INVOICE_STATUS_PAID;
  if (key == "disputed") return v1::INVOICE_STATUS_DISPUTED;
  if (key == "written_off") return v1::INVOICE_STATUS_WRITTEN_OFF;
  return v1::INVOICE_STATUS_UNSPECIFIED;
}

absl::string_view InvoiceStatusKey(v1::InvoiceStatus status) {
  switch (status) {
    case v1::INVOICE_STATUS_OPEN:
      return "open";
    case v1::INVOICE_STATUS_PAID:
      return "paid";
    case v1::INVOICE_STATUS_DISPUTED:
      return "disputed";
    case v1::INVOICE_STATUS_WRITTEN_OFF:
      return "written_off";
    default:
      return "";
  }
}

v1::AllocationRule AllocationRuleFromKey(absl::string_view key) {
  if (key == "reference") return v1::ALLOCATION_RULE_REFERENCE;
  if (key == "exact_amount") return v1::ALLOCATION_RULE_EXACT_AMOUNT;
  if (key == "oldest_first") return v1::ALLOCATION_RULE_OLDEST_FIRST;
  if (key == "manual") return v1::ALLOCATION_RULE_MANUAL;
  return v1::ALLOCATION_RULE_UNSPECIFIED;
}

v1::Invoice InvoiceToProto(const store::InvoiceRecord& invoice, bool with_terms) {
  v1::Invoice proto;
  proto.set_name(core::FormatResourceName("invoices", invoice.id));
  proto.set_customer(core::FormatResourceName("customers", invoice.customer_id));
  proto.set_order_number(invoice.order_number);
  proto.set_invoice_number(invoice.invoice_number);
  proto.set_amount_fen(invoice.amount);
  proto.set_prepaid_fen(invoice.prepaid);
  proto.set_prepayment_bp(invoice.prepayment_bp);
  proto.set_invoice_date(core::FormatDate(invoice.invoice_day));
  proto.set_due_date(core::FormatDate(invoice.due_day));
  proto.set_credit_days(invoice.credit_days);
  proto.set_status(InvoiceStatusFromKey(invoice.status));
  proto.set_open_fen(invoice.open);
  if (with_terms) {
    // Written by this service from a TermsBreakdown; an unreadable text leaves terms empty.
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(invoice.terms_json, proto.mutable_terms(),
                                                     options)
             .ok()) {
      proto.clear_terms();
    }
  }
  *proto.mutable_create_time() = ToProtoTimestamp(invoice.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(invoice.update_time);
  proto.set_etag(Etag(invoice.version));
  return proto;
}

v1::Payment PaymentToProto(const store::PaymentRecord& payment,
                           const std::vector<store::AllocationRecord>& allocations) {
  v1::Payment proto;
  proto.set_name(core::FormatResourceName("payments", payment.id));
  proto.set_customer(core::FormatResourceName("customers", payment.customer_id));
  proto.set_amount_fen(payment.amount);
  proto.set_reference(payment.reference);
  proto.set_received_date(core::FormatDate(payment.received_day));
  proto.set_status(payment.status == "reversed" ? v1::PAYMENT_STATUS_REVERSED
                                                : v1::PAYMENT_STATUS_RECEIVED);
  proto.set_unapplied_fen(payment.unapplied);
  proto.set_reversal_reason(payment.reversal_reason);
  for (const auto& allocation : allocations) {
    auto* out = proto.add_allocations();
    out->set_invoice(core::FormatResourceName("invoices", allocation.invoice_id));
    out->set_invoice_number(allocation.invoice_number);
    out->set_amount_fen(allocation.amount);
    out->set_rule(AllocationRuleFromKey(allocation.rule));
    out->set_reversed(allocation.reversed);
  }
  *proto.mutable_create_time() = ToProtoTimestamp(payment.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(payment.update_time);
  proto.set_etag(Etag(payment.version));
  return proto;
}

bool CanSeeLedgerCustomer(const Principal& caller, const store::LedgerCustomer& customer) {
  store::CustomerRecord record;
  record.id = customer.id;
  record.owner_user_id = customer.owner_user_id;
  return CanSeeCustomer(caller, record);
}

// Locks the customer's row (the ledger's per-customer lock, see ledger_store.h) and applies row
// scoping: NOT_FOUND naming `name_for_errors` when absent or outside the caller's scope.
absl::StatusOr<store::LedgerCustomer> LockVisibleCustomer(store::ConnectionPool::Lease& db,
                                                          const Principal& caller,
                                                          int64_t customer_id,
                                                          absl::string_view name_for_errors) {
  auto customers = store::LockCustomers(db, {customer_id});
  auto it = customers.find(customer_id);
  if (it == customers.end() || !CanSeeLedgerCustomer(caller, it->second)) {
    return NotFound(name_for_errors);
  }
  return it->second;
}

absl::StatusOr<core::Tier> ParseTier(absl::string_view name) {
  for (core::Tier tier : {core::Tier::kStrategicCore, core::Tier::kKeyPartner, core::Tier::kGeneral,
                          core::Tier::kPotential}) {
    if (core::TierName(tier) == name) return tier;
  }
  return absl::InternalError(absl::StrCat("customer has an unknown tier \"", name, "\""));
}

// A JSON string literal. The core's explanations are UTF-8 text; only quotes, backslashes and
// control characters need escaping.
void AppendJsonString(std::string& out, absl::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      out += c;
    }
  }
  out += '"';
}

// The breakdown as the JSON that JsonStringToMessage reads back into a TermsBreakdown (field names
// as in the proto). Written by hand: protobuf's JSON printer costs as much per row as the insert
// in a 10,000-row batch.
std::string TermsJson(absl::string_view tier, int32_t prior_orders, int64_t policy_version,
                      const std::vector<core::TermStep>& steps) {
  std::string json = "{\"tier\":";
  AppendJsonString(json, tier);
  // int64 fields are JSON strings in the proto3 mapping.
  absl::StrAppend(&json, ",\"prior_orders\":", prior_orders, ",\"policy_version\":\"",
                  policy_version, "\",\"steps\":[");
  for (size_t i = 0; i < steps.size(); ++i) {
    if (i > 0) json += ',';
    json += "{\"step\":";
    AppendJsonString(json, steps[i].step);
    absl::StrAppend(&json, ",\"days_after\":", steps[i].days_after, ",\"explanation\":");
    AppendJsonString(json, steps[i].explanation);
    json += '}';
  }
  json += "]}";
  return json;
}

// The one path that creates invoices (CreateInvoice is a batch of one). `row_name(i)` names
// input i in errors: "invoice" or "invoices[17]". In order: every input is validated (all
// violations reported together); the customers are locked and scoped; then, row by row in request
// order, the credit status, the effective terms (core::ComputeEffectiveTerms, with the customer's
// earlier invoices, earlier rows of this batch included, as prior orders) and the credit limit.
// Only when every row passes do all rows go in with multi-row INSERTs; an order or invoice number
// already taken is found by the unique keys and reported naming the first such row.
absl::StatusOr<std::vector<store::InvoiceRecord>> CreateInvoiceRows(
    store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now,
    const std::vector<const v1::Invoice*>& inputs,
    absl::FunctionRef<std::string(size_t)> row_name) {
  const size_t n = inputs.size();
  std::vector<store::InvoiceRecord> rows(n);
  FieldViolations violations;
  std::vector<int64_t> customer_ids;
  customer_ids.reserve(n);
  // Keyed by views of the rows' own strings, which stay in place until the rows are returned.
  absl::flat_hash_map<std::pair<int64_t, absl::string_view>, size_t> order_rows;
  absl::flat_hash_map<absl::string_view, size_t> number_rows;
  order_rows.reserve(n);
  number_rows.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const v1::Invoice& in = *inputs[i];
    store::InvoiceRecord& row = rows[i];
    // Built on the error paths only: most rows of a batch have none.
    auto field = [&](absl::string_view name) { return absl::StrCat(row_name(i), ".", name); };
    bool row_ok = true;
    absl::StatusOr<int64_t> customer_id = core::ParseResourceId("customers", in.customer());
    if (customer_id.ok()) {
      row.customer_id = *customer_id;
    } else {
      violations.Add(field("customer"), customer_id.status().message());
      row_ok = false;
    }
    if (!IsValidKey(in.order_number())) {
      violations.Add(field("order_number"),
                     "is required: 1-64 characters without control characters");
      row_ok = false;
    }
    if (!in.invoice_number().empty() && !IsValidKey(in.invoice_number())) {
      violations.Add(field("invoice_number"),
                     "must be 1-64 characters without control characters (or empty for the "
                     "default INV-{customer}-{order_number})");
      row_ok = false;
    }
    if (in.amount_fen() <= 0 || in.amount_fen() > core::kMaxAbsFen) {
      violations.Add(field("amount_fen"),
                     absl::StrCat("must be > 0 and at most ", core::kMaxAbsFen, " fen"));
      row_ok = false;
    }
    absl::StatusOr<core::EpochDay> invoice_day = core::ParseDate(in.invoice_date());
    if (invoice_day.ok()) {
      row.invoice_day = *invoice_day;
    } else {
      violations.Add(field("invoice_date"),
                     absl::StrCat("must be a date \"YYYY-MM-DD\" in 1900-2199: ",
                                  invoice_day.status().message()));
      row_ok = false;
    }
    if (!row_ok) continue;
    row.order_number = in.order_number();
    row.invoice_number = in.invoice_number().empty()
                             ? absl::StrCat("INV-", row.customer_id, "-", in.order_number())
                             : in.invoice_number();
    if (row.invoice_number.size() > 64) {
      violations.Add(field("invoice_number"),
                     "the default INV-{customer}-{order_number} is longer than 64 characters: "
                     "give an invoice number");
      continue;
    }
    row.amount = in.amount_fen();
    auto [order_it, new_order] =
        order_rows.try_emplace({row.customer_id, absl::string_view(row.order_number)}, i);
    if (!new_order) {
      violations.Add(field("order_number"),
                     absl::StrCat("repeats the order of ", row_name(order_it->second)));
      continue;
    }
    auto [number_it, new_number] =
        number_rows.try_emplace(absl::string_view(row.invoice_number), i);
    if (!new_number) {
      violations.Add(field("invoice_number"),
                     absl::StrCat("repeats the invoice number of ", row_name(number_it->second)));
      continue;
    }
    customer_ids.push_back(row.customer_id);
  }
  if (!violations.empty()) return violations.ToStatus();

  auto customers = store::LockCustomers(db, customer_ids);
  for (size_t i = 0; i < n; ++i) {
    auto it = customers.find(rows[i].customer_id);
    if (it == customers.end() || !CanSeeLedgerCustomer(caller, it->second)) {
      return absl::NotFoundError(
          absl::StrCat(row_name(i), ".customer: ", inputs[i]->customer(), " not found"));
    }
  }
  // The term rules in force on each invoice date (R-TERM-3) are loaded once per distinct day. The
  // customers' order counts, credit exposure and previous calendar month (R-TERM-1) come in one
  // read per month that the batch's orders follow, for all the customers with such an order:
  // the same inputs TermPolicyService.GetEffectiveTerms shows. They come from the ledger as it was
  // before this request (rows of the same batch do not count towards last month's volume).
  std::vector<core::EpochDay> last_month_start(n);
  absl::flat_hash_map<core::EpochDay, std::vector<int64_t>> customers_by_month;
  for (size_t i = 0; i < n; ++i) {
    HK_ASSIGN_OR_RETURN(absl::CivilDay civil_day, core::FromEpochDay(rows[i].invoice_day));
    HK_ASSIGN_OR_RETURN(last_month_start[i],
                        core::ToEpochDay(absl::CivilDay(absl::CivilMonth(civil_day) - 1)));
    customers_by_month[last_month_start[i]].push_back(rows[i].customer_id);
  }
  absl::flat_hash_map<int64_t, store::InvoiceStats> stats;
  absl::flat_hash_map<std::pair<int64_t, core::EpochDay>, store::OrderTermsFacts> month_facts;
  for (auto& [month_start, ids] : customers_by_month) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    HK_ASSIGN_OR_RETURN(absl::CivilDay first_day, core::FromEpochDay(month_start));
    const absl::CivilMonth month(first_day);
    auto facts = store::GetCustomerOrderFacts(db, ids, absl::FormatCivilTime(first_day),
                                              absl::FormatCivilTime(absl::CivilDay(month + 1) - 1));
    // Customers without invoices have no row: zero figures. Stats are the same in every month's
    // read (the customers are locked).
    for (int64_t id : ids) {
      const store::CustomerOrderFacts& figures = facts[id];
      stats[id] = figures.stats;
      month_facts[{id, month_start}] = figures.last_month;
    }
  }
  absl::flat_hash_map<core::EpochDay, TermRules> rules_by_day;
  for (size_t i = 0; i < n; ++i) {
    store::InvoiceRecord& row = rows[i];
    const store::LedgerCustomer& customer = customers.at(row.customer_id);
    store::InvoiceStats& customer_stats = stats[row.customer_id];
    // Built on the error paths only.
    auto customer_name = [&] { return core::FormatResourceName("customers", customer.id); };
    if (customer.credit_status == "on_hold") {
      return RuleViolation("CREDIT_HOLD", customer_name(),
                           absl::StrCat(row_name(i), ": ", customer_name(),
                                        " is on credit hold: no new invoices until the hold is "
                                        "released"));
    }
    if (customer.credit_status == "in_litigation") {
      return RuleViolation(
          "IN_LITIGATION", customer_name(),
          absl::StrCat(row_name(i), ": ", customer_name(), " is in litigation: no new invoices"));
    }
    HK_ASSIGN_OR_RETURN(core::Tier tier, ParseTier(customer.tier));
    auto rules_it = rules_by_day.find(row.invoice_day);
    if (rules_it == rules_by_day.end()) {
      HK_ASSIGN_OR_RETURN(TermRules rules, TermRulesInForce(db, row.invoice_day));
      rules_it = rules_by_day.emplace(row.invoice_day, std::move(rules)).first;
    }
    const TermRules& rules = rules_it->second;
    const store::OrderTermsFacts& facts = month_facts.at({row.customer_id, last_month_start[i]});
    core::OrderTermsInput terms_input;
    terms_input.tier_terms = rules.matrix[static_cast<int>(tier)];
    terms_input.prior_orders = customer_stats.invoice_count;
    terms_input.last_month_orders = facts.month_orders;
    terms_input.last_month_paid_early =
        facts.month_invoices > 0 && facts.month_paid_early == facts.month_invoices;
    terms_input.order_amount = row.amount;
    terms_input.invoice_day = row.invoice_day;
    absl::StatusOr<core::EffectiveTerms> terms =
        core::ComputeEffectiveTerms(terms_input, rules.terms);
    if (!terms.ok()) {
      return absl::Status(terms.status().code(),
                          absl::StrCat(row_name(i), ": ", terms.status().message()));
    }
    if (!terms->due_day) return absl::InternalError("effective terms without a due day");
    // The credit limit covers the credit part only; prepaid parts are excepted.
    if (terms->credit_amount > 0 &&
        customer_stats.credit_exposure > customer.credit_limit - terms->credit_amount) {
      return RuleViolation(
          "CREDIT_LIMIT", customer_name(),
          absl::StrCat(row_name(i), ": order \"", row.order_number,
                       "\" would exceed the credit limit of ", customer_name(), ": open credit ",
                       core::FormatYuan(customer_stats.credit_exposure),
                       " yuan + this order's credit part ", core::FormatYuan(terms->credit_amount),
                       " yuan > limit ", core::FormatYuan(customer.credit_limit), " yuan"));
    }
    // Checked: with an extreme limit, thousands of maximal rows could otherwise wrap.
    HK_ASSIGN_OR_RETURN(customer_stats.credit_exposure,
                        core::AddFen(customer_stats.credit_exposure, terms->credit_amount));
    row.terms_json =
        TermsJson(core::TierName(tier), customer_stats.invoice_count, rules.version, terms->steps);
    ++customer_stats.invoice_count;
    row.prepaid = terms->prepayment;
    row.prepayment_bp = terms->prepayment_bp;
    row.credit_days = terms->credit_days;
    row.due_day = *terms->due_day;
    row.status = "open";
    row.open = row.amount;
    row.create_time = now;
    row.update_time = now;
  }
  absl::Status inserted = store::InsertInvoices(db, rows);
  if (absl::IsAlreadyExists(inserted)) {
    // Name the first offending row (the insert was rolled back to its savepoint).
    std::vector<std::pair<int64_t, std::string>> keys;
    std::vector<std::string> numbers;
    keys.reserve(n);
    numbers.reserve(n);
    for (const auto& row : rows) {
      keys.emplace_back(row.customer_id, row.order_number);
      numbers.push_back(row.invoice_number);
    }
    auto taken_orders = store::ExistingOrderNumbers(db, keys);
    if (!taken_orders.empty()) {
      size_t i = n;  // the first row in request order
      for (const auto& [customer_id, order] : taken_orders) {
        i = std::min(i, order_rows.at({customer_id, absl::string_view(order)}));
      }
      return absl::AlreadyExistsError(absl::StrCat(
          row_name(i), ".order_number: customers/", rows[i].customer_id,
          " already has an invoice for order \"", rows[i].order_number, "\"",
          taken_orders.size() > 1 ? absl::StrCat(" (and ", taken_orders.size() - 1, " more)")
                                  : ""));
    }
    auto taken_numbers = store::ExistingInvoiceNumbers(db, numbers);
    if (!taken_numbers.empty()) {
      size_t i = n;
      for (const auto& number : taken_numbers) i = std::min(i, number_rows.at(number));
      return absl::AlreadyExistsError(absl::StrCat(
          row_name(i), ".invoice_number: \"", rows[i].invoice_number, "\" is already taken",
          taken_numbers.size() > 1 ? absl::StrCat(" (and ", taken_numbers.size() - 1, " more)")
                                   : ""));
    }
  }
  HK_RETURN_IF_ERROR(inserted);
  return rows;
}

absl::Status ValidatePaymentId(absl::string_view field, absl::string_view name, int64_t* id) {
  HK_ASSIGN_OR_RETURN(*id, ParseIdField("payments", field, name));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<v1::Invoice>> CreateInvoicesInTransaction(
    store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now,
    const std::vector<const v1::Invoice*>& invoices) {
  HK_ASSIGN_OR_RETURN(std::vector<store::InvoiceRecord> created,
                      CreateInvoiceRows(db, caller, now, invoices, [](size_t i) {
                        return absl::StrCat("invoices[", i, "]");
                      }));
  std::vector<v1::Invoice> out;
  out.reserve(created.size());
  for (const auto& invoice : created) out.push_back(InvoiceToProto(invoice, /*with_terms=*/false));
  return out;
}

absl::StatusOr<RecordedPayment> RecordPaymentInTransaction(store::ConnectionPool::Lease& db,
                                                           const Principal& caller, absl::Time now,
                                                           const v1::Payment& in) {
  FieldViolations violations;
  store::PaymentRecord payment;
  absl::StatusOr<int64_t> customer_id = core::ParseResourceId("customers", in.customer());
  if (customer_id.ok()) {
    payment.customer_id = *customer_id;
  } else {
    violations.Add("payment.customer", customer_id.status().message());
  }
  if (in.amount_fen() <= 0 || in.amount_fen() > core::kMaxAbsFen) {
    violations.Add("payment.amount_fen",
                   absl::StrCat("must be > 0 and at most ", core::kMaxAbsFen, " fen"));
  }
  if (in.reference().size() > 200) {
    violations.Add("payment.reference", "must be at most 200 characters");
  }
  absl::StatusOr<core::EpochDay> received_day = core::ParseDate(in.received_date());
  if (received_day.ok()) {
    payment.received_day = *received_day;
  } else {
    violations.Add("payment.received_date", "is required: a date \"YYYY-MM-DD\" in 1900-2199");
  }
  if (!violations.empty()) return violations.ToStatus();

  HK_RETURN_IF_ERROR(LockVisibleCustomer(db, caller, payment.customer_id, in.customer()).status());
  std::vector<store::InvoiceRecord> open = store::LockOpenInvoices(db, payment.customer_id);
  std::vector<core::OpenInvoice> candidates;
  candidates.reserve(open.size());
  for (const auto& invoice : open) {
    core::OpenInvoice candidate;
    candidate.invoice_id = invoice.id;
    candidate.number = invoice.invoice_number;
    candidate.invoice_day = invoice.invoice_day;
    candidate.due_day = invoice.due_day;
    candidate.open_amount = invoice.open;
    candidates.push_back(std::move(candidate));
  }
  HK_ASSIGN_OR_RETURN(core::CashApplication application,
                      core::ApplyPayment(in.amount_fen(), in.reference(), candidates));

  RecordedPayment recorded;
  payment.amount = in.amount_fen();
  payment.reference = in.reference();
  payment.status = "received";
  payment.unapplied = application.unapplied;
  payment.create_time = now;
  payment.update_time = now;
  payment = store::InsertPayment(db, payment);
  for (const core::Allocation& allocation : application.allocations) {
    store::InvoiceRecord& invoice = open.at(allocation.invoice_row);
    if (allocation.amount <= 0 || allocation.amount > invoice.open) {
      return absl::InternalError("cash application allocated more than an invoice's open amount");
    }
    v1::Invoice before = InvoiceToProto(invoice, false);
    invoice.open -= allocation.amount;
    if (invoice.open == 0) invoice.status = "paid";
    invoice.update_time = now;
    store::UpdateInvoiceBalance(db, invoice);
    store::AllocationRecord record;
    record.payment_id = payment.id;
    record.invoice_id = invoice.id;
    record.amount = allocation.amount;
    record.rule = std::string(core::MatchRuleName(allocation.rule));
    store::InsertAllocation(db, record);
    recorded.changed_invoices.emplace_back(std::move(before), InvoiceToProto(invoice, false));
  }
  recorded.payment = PaymentToProto(payment, store::ListAllocations(db, payment.id, true));
  return recorded;
}

grpc::Status LedgerServiceImpl::CreateInvoice(grpc::ServerContext* context,
                                              const v1::CreateInvoiceRequest* request,
                                              v1::CreateInvoiceResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(
            std::vector<store::InvoiceRecord> created,
            CreateInvoiceRows(write.db, write.caller, write.now, {&request->invoice()},
                              [](size_t) { return std::string("invoice"); }));
        *response->mutable_invoice() = InvoiceToProto(created.front(), /*with_terms=*/true);
        write.Audit(response->invoice().name(), nullptr, &response->invoice());
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::CreateInvoices(grpc::ServerContext* context,
                                               const v1::CreateInvoicesRequest* request,
                                               v1::CreateInvoicesResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        if (request->invoices_size() == 0 || request->invoices_size() > kMaxInvoicesPerBatch) {
          return FieldViolation("invoices",
                                absl::StrCat("must hold 1-", kMaxInvoicesPerBatch, " invoices"));
        }
        std::vector<const v1::Invoice*> inputs;
        inputs.reserve(static_cast<size_t>(request->invoices_size()));
        for (const v1::Invoice& invoice : request->invoices()) inputs.push_back(&invoice);
        HK_ASSIGN_OR_RETURN(
            std::vector<store::InvoiceRecord> created,
            CreateInvoiceRows(write.db, write.caller, write.now, inputs,
                              [](size_t i) { return absl::StrCat("invoices[", i, "]"); }));
        response->mutable_invoices()->Reserve(static_cast<int>(created.size()));
        for (const auto& invoice : created) {
          v1::CreatedInvoice* out = response->add_invoices();
          out->set_name(core::FormatResourceName("invoices", invoice.id));
          out->set_invoice_number(invoice.invoice_number);
          out->set_due_date(core::FormatDate(invoice.due_day));
          out->set_prepaid_fen(invoice.prepaid);
        }
        // One audit event for the batch (its after image lists every invoice created): per-row
        // events would cost as much as the inserts themselves.
        write.Audit("invoices:batchCreate", nullptr, response);
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::GetInvoice(grpc::ServerContext* context,
                                           const v1::GetInvoiceRequest* request,
                                           v1::GetInvoiceResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("invoices", "name", request->name()));
        absl::StatusOr<store::InvoiceRecord> invoice = store::GetInvoice(db, id, false);
        if (absl::IsNotFound(invoice.status())) return NotFound(request->name());
        HK_RETURN_IF_ERROR(invoice.status());
        HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                            store::GetCustomer(db, invoice->customer_id, false));
        if (!CanSeeCustomer(caller, customer)) return NotFound(request->name());
        *response->mutable_invoice() = InvoiceToProto(*invoice, /*with_terms=*/true);
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::ListInvoices(grpc::ServerContext* context,
                                             const v1::ListInvoicesRequest* request,
                                             v1::ListInvoicesResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        store::InvoiceFilter filter;
        FieldViolations violations;
        if (!request->customer().empty()) {
          absl::StatusOr<int64_t> id = core::ParseResourceId("customers", request->customer());
          if (id.ok()) {
            filter.customer_id = *id;
          } else {
            violations.Add("customer", id.status().message());
          }
        }
        if (request->status() != v1::INVOICE_STATUS_UNSPECIFIED) {
          absl::string_view key = InvoiceStatusKey(request->status());
          if (key.empty()) {
            violations.Add("status", "is not a known invoice status");
          } else {
            filter.status = std::string(key);
          }
        }
        auto parse_day = [&](absl::string_view field, const std::string& text,
                             std::optional<core::EpochDay>& out) {
          if (text.empty()) return;
          absl::StatusOr<core::EpochDay> day = core::ParseDate(text);
          if (day.ok()) {
            out = *day;
          } else {
            violations.Add(std::string(field), "must be a date \"YYYY-MM-DD\" in 1900-2199");
          }
        };
        std::optional<core::EpochDay> as_of;
        parse_day("as_of_date", request->as_of_date(), as_of);
        if (as_of && !request->overdue_only()) {
          violations.Add("as_of_date", "is only used with overdue_only");
        }
        parse_day("due_date_from", request->due_date_from(), filter.due_from);
        parse_day("due_date_to", request->due_date_to(), filter.due_to);
        if (!violations.empty()) return violations.ToStatus();
        if (request->overdue_only()) {
          filter.overdue_as_of = as_of ? *as_of : TodayInCompanyZone(absl::Now());
        }
        if (caller.scoped_to_owned_customers()) filter.owner_user_id = caller.user_id;
        if (caller.department == v1::DEPARTMENT_CUSTOMER) {
          if (!caller.customer_id) return absl::OkStatus();
          // Another customer's invoices: nothing, as in ListCustomers (filters AND the scope).
          if (filter.customer_id && *filter.customer_id != *caller.customer_id) {
            return absl::OkStatus();
          }
          filter.customer_id = *caller.customer_id;
        }
        std::vector<store::InvoiceRecord> invoices =
            store::ListInvoices(db, filter, after_id, page_size + 1);
        const bool more = static_cast<int>(invoices.size()) > page_size;
        if (more) invoices.pop_back();
        for (const auto& invoice : invoices) {
          *response->add_invoices() = InvoiceToProto(invoice, /*with_terms=*/false);
        }
        if (more) response->set_next_page_token(EncodePageToken(invoices.back().id));
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::RecordPayment(grpc::ServerContext* context,
                                              const v1::RecordPaymentRequest* request,
                                              v1::RecordPaymentResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(
            RecordedPayment recorded,
            RecordPaymentInTransaction(write.db, write.caller, write.now, request->payment()));
        for (const auto& [before, after] : recorded.changed_invoices) {
          write.Audit(after.name(), &before, &after);
        }
        *response->mutable_payment() = std::move(recorded.payment);
        write.Audit(response->payment().name(), nullptr, &response->payment());
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::GetPayment(grpc::ServerContext* context,
                                           const v1::GetPaymentRequest* request,
                                           v1::GetPaymentResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        int64_t id = 0;
        HK_RETURN_IF_ERROR(ValidatePaymentId("name", request->name(), &id));
        absl::StatusOr<store::PaymentRecord> payment = store::GetPayment(db, id, false);
        if (absl::IsNotFound(payment.status())) return NotFound(request->name());
        HK_RETURN_IF_ERROR(payment.status());
        HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                            store::GetCustomer(db, payment->customer_id, false));
        if (!CanSeeCustomer(caller, customer)) return NotFound(request->name());
        *response->mutable_payment() =
            PaymentToProto(*payment, store::ListAllocations(db, id, false));
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::AllocatePayment(grpc::ServerContext* context,
                                                const v1::AllocatePaymentRequest* request,
                                                v1::AllocatePaymentResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> payment_id = core::ParseResourceId("payments", request->payment());
        if (!payment_id.ok()) violations.Add("payment", payment_id.status().message());
        absl::StatusOr<int64_t> invoice_id = core::ParseResourceId("invoices", request->invoice());
        if (!invoice_id.ok()) violations.Add("invoice", invoice_id.status().message());
        if (request->amount_fen() <= 0 || request->amount_fen() > core::kMaxAbsFen) {
          violations.Add("amount_fen",
                         absl::StrCat("must be > 0 and at most ", core::kMaxAbsFen, " fen"));
        }
        if (!violations.empty()) return violations.ToStatus();

        // The customer never changes: read it unlocked, then take the customer lock first.
        absl::StatusOr<store::PaymentRecord> peek = store::GetPayment(write.db, *payment_id, false);
        if (absl::IsNotFound(peek.status())) return NotFound(request->payment());
        HK_RETURN_IF_ERROR(peek.status());
        HK_RETURN_IF_ERROR(
            LockVisibleCustomer(write.db, write.caller, peek->customer_id, request->payment())
                .status());
        HK_ASSIGN_OR_RETURN(store::PaymentRecord payment,
                            store::GetPayment(write.db, *payment_id, true));
        absl::StatusOr<store::InvoiceRecord> invoice =
            store::GetInvoice(write.db, *invoice_id, true);
        if (absl::IsNotFound(invoice.status())) return NotFound(request->invoice());
        HK_RETURN_IF_ERROR(invoice.status());
        if (invoice->customer_id != payment.customer_id) {
          return RuleViolation(
              "OTHER_CUSTOMER", request->invoice(),
              absl::StrCat(request->invoice(), " is not an invoice of ",
                           core::FormatResourceName("customers", payment.customer_id)));
        }
        if (payment.status != "received") {
          return RuleViolation("PAYMENT_REVERSED", request->payment(),
                               absl::StrCat(request->payment(), " was reversed"));
        }
        if (invoice->status == "paid" || invoice->status == "written_off") {
          return RuleViolation("INVOICE_CLOSED", request->invoice(),
                               absl::StrCat(request->invoice(), " is ", invoice->status));
        }
        if (request->amount_fen() > payment.unapplied) {
          return RuleViolation(
              "EXCEEDS_UNAPPLIED", request->payment(),
              absl::StrCat("amount ", core::FormatYuan(request->amount_fen()),
                           " yuan exceeds the unapplied cash of ", request->payment(), " (",
                           core::FormatYuan(payment.unapplied), " yuan)"));
        }
        if (request->amount_fen() > invoice->open) {
          return RuleViolation("EXCEEDS_OPEN", request->invoice(),
                               absl::StrCat("amount ", core::FormatYuan(request->amount_fen()),
                                            " yuan exceeds the open amount of ", request->invoice(),
                                            " (", core::FormatYuan(invoice->open), " yuan)"));
        }
        const v1::Invoice invoice_before = InvoiceToProto(*invoice, false);
        const v1::Payment payment_before =
            PaymentToProto(payment, store::ListAllocations(write.db, payment.id, true));
        invoice->open -= request->amount_fen();
        if (invoice->open == 0) invoice->status = "paid";
        invoice->update_time = write.now;
        store::UpdateInvoiceBalance(write.db, *invoice);
        payment.unapplied -= request->amount_fen();
        payment.update_time = write.now;
        store::UpdatePayment(write.db, payment);
        store::AllocationRecord record;
        record.payment_id = payment.id;
        record.invoice_id = invoice->id;
        record.amount = request->amount_fen();
        record.rule = "manual";
        store::InsertAllocation(write.db, record);
        *response->mutable_invoice() = InvoiceToProto(*invoice, false);
        *response->mutable_payment() =
            PaymentToProto(payment, store::ListAllocations(write.db, payment.id, true));
        write.Audit(response->invoice().name(), &invoice_before, &response->invoice());
        write.Audit(response->payment().name(), &payment_before, &response->payment());
        return absl::OkStatus();
      });
}

grpc::Status LedgerServiceImpl::ReversePayment(grpc::ServerContext* context,
                                               const v1::ReversePaymentRequest* request,
                                               v1::ReversePaymentResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        int64_t id = 0;
        HK_RETURN_IF_ERROR(ValidatePaymentId("name", request->name(), &id));
        if (request->reason().size() > 500) {
          return FieldViolation("reason", "must be at most 500 characters");
        }
        absl::StatusOr<store::PaymentRecord> peek = store::GetPayment(write.db, id, false);
        if (absl::IsNotFound(peek.status())) return NotFound(request->name());
        HK_RETURN_IF_ERROR(peek.status());
        HK_RETURN_IF_ERROR(
            LockVisibleCustomer(write.db, write.caller, peek->customer_id, request->name())
                .status());
        HK_ASSIGN_OR_RETURN(store::PaymentRecord payment, store::GetPayment(write.db, id, true));
        if (payment.status == "reversed") {
          return RuleViolation("PAYMENT_REVERSED", request->name(),
                               absl::StrCat(request->name(), " is already reversed"));
        }
        std::vector<store::AllocationRecord> allocations =
            store::ListAllocations(write.db, id, true);
        const v1::Payment before = PaymentToProto(payment, allocations);
        for (const auto& allocation : allocations) {
          if (allocation.reversed) continue;
          HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                              store::GetInvoice(write.db, allocation.invoice_id, true));
          const v1::Invoice invoice_before = InvoiceToProto(invoice, false);
          invoice.open += allocation.amount;
          if (invoice.status == "paid") invoice.status = "open";
          invoice.update_time = write.now;
          store::UpdateInvoiceBalance(write.db, invoice);
          const v1::Invoice invoice_after = InvoiceToProto(invoice, false);
          write.Audit(invoice_after.name(), &invoice_before, &invoice_after);
        }
        store::MarkAllocationsReversed(write.db, id, write.now);
        payment.status = "reversed";
        payment.unapplied = 0;
        payment.reversal_reason = request->reason();
        payment.update_time = write.now;
        store::UpdatePayment(write.db, payment);
        *response->mutable_payment() =
            PaymentToProto(payment, store::ListAllocations(write.db, id, true));
        write.Audit(response->payment().name(), &before, &response->payment());
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
