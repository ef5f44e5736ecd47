// Issue 14: statements' payment references (check digit), the statement's invoices first in cash
// application, and early-payment discounts (R-DISC-1..3) to the fen.
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/cash_application.h"
#include "server/core/early_discount.h"
#include "server/core/payment_reference.h"

namespace huikuan::core {
namespace {

constexpr EpochDay kDay = 19783;  // 2024-03-01

TEST(PaymentReferenceTest, FormatsIdAndDammDigit) {
  // Damm's published example: 572 -> check digit 4.
  EXPECT_EQ(DammCheckDigit("572"), 4);
  EXPECT_EQ(FormatPaymentReference(572), "HK-0000572-4");
  EXPECT_EQ(FormatPaymentReference(12'345'678),
            "HK-12345678-" + std::to_string(DammCheckDigit("12345678")));
  absl::StatusOr<int64_t> back = ParsePaymentReference("hk 0000572 4", "f");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, 572);
  EXPECT_EQ(*ParsePaymentReference("HK00005724", "f"), 572);
}

TEST(PaymentReferenceTest, EverySingleDigitTypoAndAdjacentSwapIsCaught) {
  for (int64_t id : {1, 42, 572, 9'090'909, 1'234'567}) {
    const std::string good = FormatPaymentReference(id);
    ASSERT_TRUE(ParsePaymentReference(good, "f").ok()) << good;
    std::set<std::string> typos;
    for (size_t k = 3; k < good.size(); ++k) {
      if (good[k] == '-') continue;
      for (char d = '0'; d <= '9'; ++d) {
        if (d == good[k]) continue;
        std::string typo = good;
        typo[k] = d;
        typos.insert(typo);
      }
      size_t next = k + 1;
      if (next < good.size() && good[next] == '-') ++next;
      if (next < good.size() && good[next] != good[k]) {
        std::string swapped = good;
        std::swap(swapped[k], swapped[next]);
        typos.insert(swapped);
      }
    }
    for (const std::string& typo : typos) {
      absl::StatusOr<int64_t> parsed = ParsePaymentReference(typo, "payment.payment_reference");
      EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << typo;
    }
  }
  EXPECT_NE(ParsePaymentReference("HK-0000572-5", "f").status().message().find("check digit"),
            std::string::npos);
  EXPECT_NE(ParsePaymentReference("INV-0000572", "f").status().message().find("not a payment"),
            std::string::npos);
  EXPECT_FALSE(ParsePaymentReference("HK-0000000-0", "f").ok());  // no statement 0
}

TEST(PaymentReferenceTest, FoundInMemoOnlyWithRightDigit) {
  EXPECT_EQ(FindPaymentReference("payment for march HK-0000572-4 thanks"), 572);
  EXPECT_EQ(FindPaymentReference("INV-1, HK-0000572-4"), 572);
  EXPECT_EQ(FindPaymentReference("HK-0000572-5"), std::nullopt);
  EXPECT_EQ(FindPaymentReference("INV-1 INV-2"), std::nullopt);
}

std::vector<OpenInvoice> Book() {
  return {
      {101, "INV-001", kDay - 60, kDay - 30, 50'000},
      {102, "INV-002", kDay - 30, kDay, 30'000},
      {103, "INV-003", kDay - 90, kDay - 60, 20'000},
  };
}

TEST(CashApplicationTest, StatementInvoicesFirstThenTheRules) {
  // The statement holds 102 and 101; 103 is the oldest but not on it.
  const std::vector<int64_t> statement = {102, 101};
  absl::StatusOr<CashApplication> r = ApplyPayment(90'000, "", statement, Book());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->allocations.size(), 3u);
  EXPECT_EQ(r->allocations[0].invoice_id, 102);
  EXPECT_EQ(r->allocations[0].amount, 30'000);
  EXPECT_EQ(r->allocations[0].rule, MatchRule::kReference);
  EXPECT_EQ(r->allocations[1].invoice_id, 101);
  EXPECT_EQ(r->allocations[1].amount, 50'000);
  EXPECT_EQ(r->allocations[1].rule, MatchRule::kReference);
  // The remainder by the ordinary rules: 10,000 to the oldest, 103.
  EXPECT_EQ(r->allocations[2].invoice_id, 103);
  EXPECT_EQ(r->allocations[2].amount, 10'000);
  EXPECT_EQ(r->allocations[2].rule, MatchRule::kOldestFirst);
  EXPECT_EQ(r->unapplied, 0);
  // An id that is not open (paid meanwhile) is skipped.
  r = ApplyPayment(30'000, "", std::vector<int64_t>{999, 102}, Book());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->allocations.size(), 1u);
  EXPECT_EQ(r->allocations[0].invoice_id, 102);
}

TEST(EarlyDiscountTest, R_DISC_1_RateRoundedDownToTheFen) {
  // 1,000,000.00 yuan, 20 days early at 2 bp a day: 40 bp = 4,000.00 yuan.
  absl::StatusOr<DiscountQuote> q =
      QuoteEarlyDiscount(100'000'000, kDay + 30, kDay, kDay + 10, 2, "invoices/1");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->days_early, 20);
  EXPECT_EQ(q->rate_bp, 40);
  EXPECT_EQ(q->discount, 400'000);
  EXPECT_EQ(q->to_pay, 99'600'000);
  // 12,345.67 yuan, 7 days at 3 bp: 1,234,567 x 21 / 10,000 = 2,592.5907 -> 2,592 fen.
  q = QuoteEarlyDiscount(1'234'567, kDay + 7, kDay, kDay, 3, "invoices/1");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->discount, 2'592);
  EXPECT_EQ(q->to_pay, 1'231'975);
  // Huge amounts do not overflow (128-bit product).
  q = QuoteEarlyDiscount(kMaxAbsFen, kDay + 99, kDay, kDay, 100, "invoices/1");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->discount, kMaxAbsFen / 100 * 99);
}

TEST(EarlyDiscountTest, R_DISC_1_Refusals) {
  EXPECT_EQ(QuoteEarlyDiscount(10'000, kDay + 5, kDay, kDay - 1, 2, "i").status().code(),
            absl::StatusCode::kInvalidArgument);  // pay-by in the past
  EXPECT_EQ(QuoteEarlyDiscount(10'000, kDay + 5, kDay, kDay + 5, 2, "i").status().code(),
            absl::StatusCode::kInvalidArgument);  // not before due
  EXPECT_EQ(QuoteEarlyDiscount(10'000, kDay + 5, kDay, kDay, 0, "i").status().code(),
            absl::StatusCode::kFailedPrecondition);  // rate 0
  EXPECT_EQ(QuoteEarlyDiscount(100, kDay + 5, kDay, kDay, 2, "i").status().code(),
            absl::StatusCode::kFailedPrecondition);  // rounds to 0 fen
  EXPECT_EQ(QuoteEarlyDiscount(10'000, kDay + 200, kDay, kDay, 50, "i").status().code(),
            absl::StatusCode::kFailedPrecondition);  // 100% or more
}

TEST(EarlyDiscountTest, R_DISC_2_OfferStates) {
  DiscountOfferStatus s = DiscountOfferStatus::kProposed;
  EXPECT_EQ(AcceptOffer(s, kDay, kDay + 1, "o").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s, DiscountOfferStatus::kProposed);
  ASSERT_TRUE(AcceptOffer(s, kDay, kDay, "o").ok());
  EXPECT_EQ(s, DiscountOfferStatus::kAccepted);
  EXPECT_EQ(AcceptOffer(s, kDay, kDay, "o").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(OfferHonourable(s, kDay, 10'000, kDay, 10'000));
  EXPECT_FALSE(OfferHonourable(s, kDay, 10'000, kDay + 1, 10'000));  // too late
  EXPECT_FALSE(OfferHonourable(s, kDay, 10'000, kDay, 9'000));       // open changed
  EXPECT_FALSE(OfferHonourable(DiscountOfferStatus::kProposed, kDay, 10'000, kDay, 10'000));
  EXPECT_TRUE(OfferExpired(DiscountOfferStatus::kAccepted, kDay, kDay + 1));
  EXPECT_FALSE(OfferExpired(DiscountOfferStatus::kHonoured, kDay, kDay + 1));
}

TEST(EarlyDiscountTest, R_DISC_2_CashApplicationHonoursToTheFen) {
  std::vector<OpenInvoice> book = Book();
  book[1].discount = 120;  // INV-002: 30,000 open, pays 29,880
  absl::StatusOr<CashApplication> r = ApplyPayment(29'880, "", book);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->allocations.size(), 1u);  // the exact-amount rule finds it
  EXPECT_EQ(r->allocations[0].invoice_id, 102);
  EXPECT_EQ(r->allocations[0].amount, 29'880);
  EXPECT_EQ(r->allocations[0].discount, 120);
  EXPECT_EQ(r->discounted, 120);
  EXPECT_EQ(r->unapplied, 0);
  // By reference with more cash: the invoice takes 29,880 + the discount, the rest goes on.
  r = ApplyPayment(40'000, "INV-002", book);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->allocations[0].amount, 29'880);
  EXPECT_EQ(r->allocations[0].discount, 120);
  EXPECT_EQ(r->applied, 40'000);
  // One fen short: no discount, the invoice keeps owing the rest.
  r = ApplyPayment(29'879, "INV-002", book);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->allocations[0].amount, 29'879);
  EXPECT_EQ(r->allocations[0].discount, 0);
  EXPECT_EQ(r->discounted, 0);
  book[1].discount = 30'000;  // not below open
  EXPECT_EQ(ApplyPayment(1, "", book).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(EarlyDiscountTest, GrantAndReturnKeepTheBalance) {
  InvoiceBalance b{.status = InvoiceStatus::kOpen, .open = 30'000};
  ASSERT_TRUE(ApplyCash(b, 29'880, "invoices/2").ok());
  ASSERT_TRUE(GrantDiscount(b, 120, "invoices/2").ok());
  EXPECT_EQ(b.status, InvoiceStatus::kPaid);
  EXPECT_EQ(b.open, 0);
  EXPECT_EQ(b.discounted, 120);
  EXPECT_EQ(GrantDiscount(b, 1, "invoices/2").code(), absl::StatusCode::kFailedPrecondition);
  ReturnCash(b, 29'880);
  ReturnDiscount(b, 120);
  EXPECT_EQ(b.status, InvoiceStatus::kOpen);
  EXPECT_EQ(b.open, 30'000);
  EXPECT_EQ(b.discounted, 0);
}

TEST(EarlyDiscountTest, R_DISC_3_DsoDaysSaved) {
  // 99,600 fen 20 days early and 50,000 fen 10 days early, month's credit sales 1,000,000 fen:
  // (99,600 x 20 + 50,000 x 10) / 1,000,000 = 2.492 -> 2.5 DSO days.
  DiscountEffect e = SummariseDiscounts({{400, 99'600, 20}, {100, 50'000, 10}}, 1'000'000);
  EXPECT_EQ(e.count, 2);
  EXPECT_EQ(e.cost, 500);
  EXPECT_EQ(e.cash_early, 149'600);
  EXPECT_EQ(e.fen_days, 2'492'000);
  EXPECT_EQ(e.dso_days_x10, 25);
  EXPECT_EQ(e.avg_days_early_x10, 167);  // 16.66 -> 16.7
  EXPECT_EQ(SummariseDiscounts({}, 0).dso_days_x10, 0);
}

}  // namespace
}  // namespace huikuan::core
