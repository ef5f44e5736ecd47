#include "server/core/cash_application.h"

#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

constexpr EpochDay kDay = 19783;

std::vector<OpenInvoice> Book() {
  return {
      {101, "INV-001", kDay - 60, kDay - 30, 50'000},
      {102, "INV-002", kDay - 30, kDay, 30'000},
      {103, "INV-003", kDay - 90, kDay - 60, 20'000},
      {104, "INV-004", kDay - 10, kDay + 20, 30'000},
  };
}

TEST(CashApplicationTest, R_PAY_1_ReferenceThenExactAmountThenOldest) {
  absl::StatusOr<CashApplication> r = ApplyPayment(80'000, "INV-002", Book());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->allocations.size(), 2u);
  EXPECT_EQ(r->allocations[0].invoice_id, 102);
  EXPECT_EQ(r->allocations[0].amount, 30'000);
  EXPECT_EQ(r->allocations[0].rule, MatchRule::kReference);
  // 50,000 left equals INV-001's open amount exactly.
  EXPECT_EQ(r->allocations[1].invoice_id, 101);
  EXPECT_EQ(r->allocations[1].amount, 50'000);
  EXPECT_EQ(r->allocations[1].rule, MatchRule::kExactAmount);
  EXPECT_EQ(r->unapplied, 0);
  // 40,000 referencing INV-002: 30,000 there, the 10,000 left matches no open amount and goes to
  // the oldest invoice (INV-003).
  r = ApplyPayment(40'000, "INV-002", Book());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->allocations.size(), 2u);
  EXPECT_EQ(r->allocations[1].invoice_id, 103);
  EXPECT_EQ(r->allocations[1].amount, 10'000);
  EXPECT_EQ(r->allocations[1].rule, MatchRule::kOldestFirst);
}

TEST(CashApplicationTest, R_PAY_1_ExactAmountPicksOldestMatch) {
  // 30,000 matches INV-002 and INV-004: the older (INV-002) wins.
  absl::StatusOr<CashApplication> r = ApplyPayment(30'000, "", Book());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->allocations.size(), 1u);
  EXPECT_EQ(r->allocations[0].invoice_id, 102);
  EXPECT_EQ(r->allocations[0].rule, MatchRule::kExactAmount);
  EXPECT_EQ(r->unapplied, 0);
  EXPECT_EQ(r->applied, 30'000);
}

TEST(CashApplicationTest, R_PAY_1_OldestFirstAndUnappliedCash) {
  absl::StatusOr<CashApplication> r = ApplyPayment(200'000, "thanks", Book());
  ASSERT_TRUE(r.ok());
  std::vector<int64_t> ids;
  for (const Allocation& a : r->allocations) {
    ids.push_back(a.invoice_id);
    EXPECT_EQ(a.rule, MatchRule::kOldestFirst);
  }
  EXPECT_EQ(ids, (std::vector<int64_t>{103, 101, 102, 104}));
  EXPECT_EQ(r->applied, 130'000);
  EXPECT_EQ(r->unapplied, 70'000);
}

TEST(CashApplicationTest, R_PAY_1_PartialOldestFirst) {
  absl::StatusOr<CashApplication> r = ApplyPayment(60'000, "", Book());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->allocations.size(), 2u);
  EXPECT_EQ(r->allocations[0].invoice_id, 103);
  EXPECT_EQ(r->allocations[0].amount, 20'000);
  EXPECT_EQ(r->allocations[1].invoice_id, 101);
  EXPECT_EQ(r->allocations[1].amount, 40'000);
  EXPECT_EQ(r->unapplied, 0);
}

TEST(CashApplicationTest, R_PAY_1_SeveralReferencesInTokenOrder) {
  absl::StatusOr<CashApplication> r = ApplyPayment(60'000, "INV-004, INV-001", Book());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->allocations.size(), 2u);
  EXPECT_EQ(r->allocations[0].invoice_id, 104);
  EXPECT_EQ(r->allocations[0].amount, 30'000);
  EXPECT_EQ(r->allocations[1].invoice_id, 101);
  EXPECT_EQ(r->allocations[1].amount, 30'000);  // partial: the payment ran out
  EXPECT_EQ(r->allocations[1].rule, MatchRule::kReference);
  // Case-sensitive, exact tokens: "inv-001" and "INV-0012" match nothing.
  r = ApplyPayment(1, "inv-001 INV-0012", Book());
  EXPECT_EQ(r->allocations[0].rule, MatchRule::kOldestFirst);
}

TEST(CashApplicationTest, SettledInvoicesAreIgnored) {
  std::vector<OpenInvoice> book = Book();
  book[2].open_amount = 0;  // INV-003 settled
  absl::StatusOr<CashApplication> r = ApplyPayment(10, "INV-003", book);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->allocations.size(), 1u);
  EXPECT_EQ(r->allocations[0].invoice_id, 101);
  r = ApplyPayment(10, "", {});
  EXPECT_TRUE(r->allocations.empty());
  EXPECT_EQ(r->unapplied, 10);
}

TEST(CashApplicationTest, RejectsBadInput) {
  EXPECT_EQ(ApplyPayment(0, "", Book()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyPayment(-5, "", Book()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyPayment(kMaxAbsFen + 1, "", Book()).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<OpenInvoice> book = Book();
  book[3].invoice_id = 101;
  EXPECT_EQ(ApplyPayment(5, "", book).status().message(),
            "invoices[3].invoice_id: 101 appears twice");
  book = Book();
  book[1].open_amount = -1;
  EXPECT_EQ(ApplyPayment(5, "", book).status().message(),
            "invoices[1].open_amount: -1 is negative");
  book = Book();
  book[0].due_day = kMaxEpochDay + 1;
  EXPECT_EQ(ApplyPayment(5, "", book).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
