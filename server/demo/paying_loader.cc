#include "server/demo/paying_loader.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
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
  const std::optional<store::UserRecord> portal = store::FindUserByUsername(db, "customer01");
  if (!finance || !portal || customer_ids.empty()) return summary;
  Actor clerk(db, *finance, now);
  Actor customer(db, *portal, now);

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

  // Offers on the portal customer's open invoices not due for at least two weeks, untouched.
  const int64_t portal_customer = *portal->customer_id;
  store::InvoiceFilter filter;
  filter.customer_id = portal_customer;
  filter.status = core::InvoiceStatus::kOpen;
  filter.due_from = today + 14;
  std::vector<store::InvoiceRecord> candidates;
  for (store::InvoiceRecord& invoice : store::ListInvoices(db, filter, 0, 50)) {
    if (invoice.balance.open == invoice.amount && invoice.invoice_day <= today - 6) {
      candidates.push_back(std::move(invoice));
    }
  }
  if (candidates.empty()) return summary;
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
  payment.customer_id = portal_customer;
  payment.amount = offer.open - offer.discount;
  payment.reference = taken.invoice_number;
  payment.received_day = today - 2;
  HK_RETURN_IF_ERROR(clerk.On(today - 2, [&](ops::WriteScope& write) {
    return ops::RecordPayment(write, payment, CustomerName(portal_customer)).status();
  }));
  summary.offers = 1;
  summary.payments = 1;
  // The second: offered today for payment within a week, waiting in the portal.
  if (candidates.size() > 1) {
    const store::InvoiceRecord& waiting = candidates[1];
    HK_RETURN_IF_ERROR(clerk.On(today, [&](ops::WriteScope& write) {
      return ops::ProposeDiscountOffer(write, waiting.id,
                                       core::FormatResourceName("invoices", waiting.id), today + 7)
          .status();
    }));
    ++summary.offers;
  }
  return summary;
}

}  // namespace huikuan::demo
