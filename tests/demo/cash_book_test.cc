// CashBook: the demo loader's in-memory ledger applies cash with core::ApplyPayment (R-PAY-1)
// and reports each changed balance once.
#include "server/demo/cash_book.h"

#include <gtest/gtest.h>

namespace huikuan::demo {
namespace {

TEST(CashBookTest, AppliesByReferenceThenOldestFirstAndKeepsTheRestUnapplied) {
  CashBook book;
  book.Issue(7, {1, "INV-1", 100, 130, 50'000});
  book.Issue(7, {2, "INV-2", 110, 140, 30'000});
  book.Issue(8, {3, "INV-3", 100, 130, 10'000});  // another customer's
  absl::StatusOr<core::CashApplication> first = book.Pay(7, 40'000, "货款 INV-2");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->allocations.size(), 2u);
  EXPECT_EQ(first->allocations[0].invoice_id, 2);
  EXPECT_EQ(first->allocations[0].amount, 30'000);
  EXPECT_EQ(first->allocations[0].rule, core::MatchRule::kReference);
  EXPECT_EQ(first->allocations[1].invoice_id, 1);
  EXPECT_EQ(first->allocations[1].amount, 10'000);
  EXPECT_EQ(first->allocations[1].rule, core::MatchRule::kOldestFirst);
  EXPECT_EQ(first->unapplied, 0);

  absl::StatusOr<core::CashApplication> second = book.Pay(7, 45'000, "");
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->allocations.size(), 1u);
  EXPECT_EQ(second->allocations[0].invoice_id, 1);
  EXPECT_EQ(second->allocations[0].amount, 40'000);
  EXPECT_EQ(second->unapplied, 5'000);
  EXPECT_TRUE(book.OpenInvoices(7).empty());
  EXPECT_EQ(book.OpenInvoices(8).size(), 1u);

  std::vector<ChangedBalance> changed = book.TakeChanged();
  ASSERT_EQ(changed.size(), 2u);  // invoice 1 changed twice, reported once with its last balance
  EXPECT_EQ(changed[0].invoice_id, 2);
  EXPECT_EQ(changed[0].open, 0);
  EXPECT_EQ(changed[1].invoice_id, 1);
  EXPECT_EQ(changed[1].open, 0);
  EXPECT_TRUE(book.TakeChanged().empty());
}

TEST(CashBookTest, PaymentWithoutOpenInvoicesIsAllUnapplied) {
  CashBook book;
  absl::StatusOr<core::CashApplication> paid = book.Pay(9, 1'000, "INV-9");
  ASSERT_TRUE(paid.ok());
  EXPECT_TRUE(paid->allocations.empty());
  EXPECT_EQ(paid->unapplied, 1'000);
  EXPECT_EQ(book.Pay(9, 0, "").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::demo
