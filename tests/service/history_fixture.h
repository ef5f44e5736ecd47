// A ledger history built for the report and forecast tests: salespeople of their own (so their
// figures are only the test's), customers with a generous limit, invoices on past days written
// straight to the store, and payments recorded through the channel as finance staff.
#ifndef HUIKUAN_TESTS_SERVICE_HISTORY_FIXTURE_H_
#define HUIKUAN_TESTS_SERVICE_HISTORY_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/core/civil_date.h"
#include "server/core/tiering.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {

class HistoryFixture : public ::testing::Test {
 protected:
  // `prefix` names this binary's users ("<prefix>_N") and invoices.
  explicit HistoryFixture(std::string prefix);

  // A sales staff user of its own and its token key.
  std::pair<int64_t, std::string> NewSalesperson();
  // A customer in 制造业 with a 100,000,000-yuan active limit at `tier`.
  int64_t NewCustomer(int64_t owner, const std::string& name,
                      core::Tier tier = core::Tier::kGeneral);
  void Invoice(int64_t customer, int64_t amount, core::EpochDay day, int32_t credit_days);
  void Pay(int64_t customer, int64_t amount, core::EpochDay day);

  ServiceTestEnv& env = ServiceTestEnv::Get();
  std::unique_ptr<v1::LedgerService::Stub> ledger = v1::LedgerService::NewStub(env.channel());
  const core::EpochDay today;

 private:
  const std::string prefix_;
};

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_SERVICE_HISTORY_FIXTURE_H_
