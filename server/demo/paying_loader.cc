#include "server/demo/paying_loader.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/audit_images.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/clock.h"
#include "server/ops/paying.h"
#include "server/ops/payments.h"
#include "server/ops/statements.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::demo {
namespace {

constexpr char kMethod[] = "huikuan-server seed-demo";
constexpr int kStatementCustomers = 5;

// A demo user acting on a day, audited under the seed's method.
class Actor {
 public:
  Actor(store::ConnectionPool::Lease& db, const store::UserRecord& user, absl::Time now)
      : db_(db), now_(now) {
    caller_.user_id = user.id;
    caller_.username = user.username;
    caller_.department = ops::ParseDepartmentKey(user.department).value_or(ops::Department::kAdmin);
    caller_.level = ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff);
    caller_.customer_id = user.customer_id;
  }

  template <typename Fn>
  absl::Status On(core::EpochDay day, Fn fn) {
    ops::AuditTrail audit(caller_, kMethod, absl::StrCat("seed-demo-paying-", ++runs_), now_);
    ops::WriteScope write(db_, caller_, now_, day, audit);
    HK_RETURN_IF_ERROR(fn(write));
    audit.Flush(db_);
    return absl::OkStatus();
  }

 private:
  store::ConnectionPool::Lease& db_;
  absl::Time now_;
  ops::Caller caller_;
  int runs_ = 0;
};

std::string CustomerName(int64_t id) { return core::FormatResourceName("customers", id); }

// "YYYY-MM" of the month before `day`.
std::string PreviousMonth(core::EpochDay day) {
  const absl::CivilDay civil = core::FromEpochDay(day).value();
  const absl::CivilMonth previous = absl::CivilMonth(civil) - 1;
  return absl::StrFormat("%04d-%02d", previous.year(), previous.month());
}

}  // namespace

absl::StatusOr<PayingSummary> LoadDemoPaying(store::ConnectionPool::Lease& db,
                                             const std::vector<int64_t>& customer_ids,
                                             absl::Time now, core::EpochDay today) {
  PayingSummary summary;
  const std::optional<store::UserRecord> finance = store::FindUserByUsername(db, "finance01");
  if (!finance || customer_ids.empty()) return summary;
  Actor clerk(db, *finance, now);

  // Last month's statements: each has its payment reference (HK-nnnnnnn-c).
  const std::string month = PreviousMonth(today);
  HK_ASSIGN_OR_RETURN(core::Period period, ops::ParseMonth("month", month));
  for (size_t k = 0; k < customer_ids.size() && k < kStatementCustomers; ++k) {
    HK_RETURN_IF_ERROR(clerk.On(today, [&](ops::WriteScope& write) {
      return ops::GenerateStatement(write, customer_ids[k], CustomerName(customer_ids[k]), month,
                                    period)
          .status();
    }));
    ++summary.statements;
  }

  // The first customer on credit terms with at least three open invoices dated last week or
  // before, due two weeks from now or later and untouched: a portal user of its own
  // ("customer02"; customer01's company buys on prepayment, so nothing of it can be paid early),
  // last month's statement, and offers on two of its invoices.
  std::vector<store::InvoiceRecord> candidates;
  int64_t paying_customer = 0;
  for (int64_t id : customer_ids) {
    store::InvoiceFilter filter;
    filter.customer_id = id;
    filter.status = core::InvoiceStatus::kOpen;
    filter.due_from = today + 14;
    candidates.clear();
    for (store::InvoiceRecord& invoice : store::ListInvoices(db, filter, 0, 50)) {
      if (invoice.balance.open == invoice.amount && invoice.invoice_day <= today - 6) {
        candidates.push_back(std::move(invoice));
      }
    }
    if (candidates.size() >= 3) {
      paying_customer = id;
      break;
    }
  }
  if (paying_customer == 0) return summary;
  store::UserRecord user;
  user.username = "customer02";
  user.display_name = absl::StrCat("客户财务 (customers/", paying_customer, " portal)");
  user.department = "customer";
  user.level = "staff";
  user.customer_id = paying_customer;
  user.create_time = now;
  if (store::FindUserByUsername(db, user.username)) return summary;
  user = store::InsertUser(db, user);
  ++summary.users;
  HK_RETURN_IF_ERROR(clerk.On(today, [&](ops::WriteScope& write) {
    write.audit.Record(core::FormatResourceName("users", user.id), core::Json(),
                       ops::UserImage(user));
    const auto with_statement =
        customer_ids.begin() +
        static_cast<std::ptrdiff_t>(std::min<size_t>(customer_ids.size(), kStatementCustomers));
    if (std::find(customer_ids.begin(), with_statement, paying_customer) != with_statement) {
      return absl::OkStatus();
    }
    ++summary.statements;
    return ops::GenerateStatement(write, paying_customer, CustomerName(paying_customer), month,
                                  period)
        .status();
  }));
  Actor customer(db, user, now);

  // The first: offered five days ago for payment by yesterday, accepted, paid two days ago.
  const store::InvoiceRecord& taken = candidates.front();
  store::DiscountOfferRecord offer;
  HK_RETURN_IF_ERROR(clerk.On(today - 5, [&](ops::WriteScope& write) -> absl::Status {
    HK_ASSIGN_OR_RETURN(
        offer, ops::ProposeDiscountOffer(
                   write, taken.id, core::FormatResourceName("invoices", taken.id), today - 1));
    return absl::OkStatus();
  }));
  const std::string offer_name = core::FormatResourceName("discountOffers", offer.id);
  HK_RETURN_IF_ERROR(customer.On(today - 4, [&](ops::WriteScope& write) {
    return ops::AcceptDiscountOffer(write, offer.id, offer_name).status();
  }));
  ops::PaymentDraft payment;
  payment.customer_id = paying_customer;
  payment.amount = offer.open - offer.discount;
  payment.reference = taken.invoice_number;
  payment.received_day = today - 2;
  HK_RETURN_IF_ERROR(clerk.On(today - 2, [&](ops::WriteScope& write) {
    return ops::RecordPayment(write, payment, CustomerName(paying_customer)).status();
  }));
  summary.offers = 1;
  summary.payments = 1;
  // The second: offered today for payment within a week, waiting in the portal.
  const store::InvoiceRecord& waiting = candidates[1];
  HK_RETURN_IF_ERROR(clerk.On(today, [&](ops::WriteScope& write) {
    return ops::ProposeDiscountOffer(write, waiting.id,
                                     core::FormatResourceName("invoices", waiting.id), today + 7)
        .status();
  }));
  ++summary.offers;
  return summary;
}

}  // namespace huikuan::demo
