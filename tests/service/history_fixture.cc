#include "tests/service/history_fixture.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/ops/clock.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"
#include "server/store/transaction.h"

namespace huikuan::testing {

HistoryFixture::HistoryFixture(std::string prefix)
    : today(ops::CompanyDay(absl::Now())), prefix_(std::move(prefix)) {}

std::pair<int64_t, std::string> HistoryFixture::NewSalesperson() {
  static std::atomic<int> counter{0};
  const std::string key = absl::StrCat(prefix_, "_", counter++);
  return {env.CreateUserWithToken(absl::StrCat("t.", key), "sales", "staff", std::nullopt, key),
          key};
}

int64_t HistoryFixture::NewCustomer(int64_t owner, const std::string& name, core::Tier tier) {
  auto id = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        store::CustomerRecord customer;
        customer.display_name = name;
        customer.owner_user_id = owner;
        customer.industry = "制造业";
        customer.create_time = customer.update_time = absl::Now();
        customer = store::InsertCustomer(db, customer);
        store::SetCustomerCredit(db, customer.id, 10'000'000'000, core::CreditStatus::kActive,
                                 tier);
        return customer.id;
      });
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or(0);
}

void HistoryFixture::Invoice(int64_t customer, int64_t amount, core::EpochDay day,
                             int32_t credit_days) {
  auto id = store::RunInTransaction<int64_t>(
      env.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        return InsertTestInvoice(db, customer, amount, day, credit_days, prefix_);
      });
  ASSERT_TRUE(id.ok()) << id.status();
}

void HistoryFixture::Pay(int64_t customer, int64_t amount, core::EpochDay day) {
  grpc::ClientContext context;
  env.Authorize(context, "finance_staff");
  v1::RecordPaymentRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_payment()->set_customer(absl::StrCat("customers/", customer));
  request.mutable_payment()->set_amount_fen(amount);
  request.mutable_payment()->set_received_date(core::FormatDate(day));
  v1::RecordPaymentResponse response;
  grpc::Status status = ledger->RecordPayment(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

}  // namespace huikuan::testing
