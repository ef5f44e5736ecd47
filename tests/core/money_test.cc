#include "server/core/money.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

int64_t Div(int64_t n, int64_t d, Rounding r) {
  absl::StatusOr<int64_t> q = MulDiv(n, 1, d, r);
  EXPECT_TRUE(q.ok()) << q.status();
  return q.value_or(-999999);
}

TEST(MoneyTest, HalfUpRoundsHalvesAwayFromZero) {
  EXPECT_EQ(Div(25, 10, Rounding::kHalfUp), 3);
  EXPECT_EQ(Div(-25, 10, Rounding::kHalfUp), -3);
  EXPECT_EQ(Div(24, 10, Rounding::kHalfUp), 2);
  EXPECT_EQ(Div(-24, 10, Rounding::kHalfUp), -2);
  EXPECT_EQ(Div(26, -10, Rounding::kHalfUp), -3);
  EXPECT_EQ(Div(15, 10, Rounding::kHalfUp), 2);
}

TEST(MoneyTest, HalfEvenRoundsHalvesToEven) {
  EXPECT_EQ(Div(25, 10, Rounding::kHalfEven), 2);
  EXPECT_EQ(Div(35, 10, Rounding::kHalfEven), 4);
  EXPECT_EQ(Div(-25, 10, Rounding::kHalfEven), -2);
  EXPECT_EQ(Div(-35, 10, Rounding::kHalfEven), -4);
  EXPECT_EQ(Div(26, 10, Rounding::kHalfEven), 3);
  EXPECT_EQ(Div(7, 2, Rounding::kHalfEven), 4);
  EXPECT_EQ(Div(5, 2, Rounding::kHalfEven), 2);
}

TEST(MoneyTest, DirectedRoundings) {
  EXPECT_EQ(Div(29, 10, Rounding::kDown), 2);
  EXPECT_EQ(Div(-29, 10, Rounding::kDown), -2);
  EXPECT_EQ(Div(-21, 10, Rounding::kFloor), -3);
  EXPECT_EQ(Div(21, 10, Rounding::kFloor), 2);
  EXPECT_EQ(Div(21, 10, Rounding::kCeiling), 3);
  EXPECT_EQ(Div(-29, 10, Rounding::kCeiling), -2);
  EXPECT_EQ(Div(30, 10, Rounding::kCeiling), 3);
}

TEST(MoneyTest, MulDivUses128BitIntermediates) {
  // kMax * 3 overflows int64 but the quotient by 3 fits exactly.
  absl::StatusOr<int64_t> q = MulDiv(kMax, 3, 3, Rounding::kHalfUp);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(*q, kMax);
  q = MulDiv(kMin, 2, 2, Rounding::kHalfUp);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(*q, kMin);
}

TEST(MoneyTest, RoundingOnThe128BitPath) {
  // kMax * 10 does not fit in 64 bits: (2^63 - 1) / 2 = 4611686018427387903.5 exactly.
  EXPECT_EQ(*MulDiv(kMax, 10, 20, Rounding::kHalfEven), 4611686018427387904);
  EXPECT_EQ(*MulDiv(kMax, 10, 20, Rounding::kHalfUp), 4611686018427387904);
  EXPECT_EQ(*MulDiv(kMax, 10, 20, Rounding::kDown), 4611686018427387903);
  EXPECT_EQ(*MulDiv(kMax, 10, 20, Rounding::kFloor), 4611686018427387903);
  EXPECT_EQ(*MulDiv(kMax, 10, 20, Rounding::kCeiling), 4611686018427387904);
  EXPECT_EQ(*MulDiv(kMin + 1, 10, 20, Rounding::kHalfUp), -4611686018427387904);
  EXPECT_EQ(*MulDiv(kMin + 1, 10, 20, Rounding::kHalfEven), -4611686018427387904);
  EXPECT_EQ(*MulDiv(kMin + 1, 10, 20, Rounding::kCeiling), -4611686018427387903);
  EXPECT_EQ(*MulDiv(kMin + 1, 10, 20, Rounding::kFloor), -4611686018427387904);
  EXPECT_EQ(*MulDiv(kMin + 1, 10, 20, Rounding::kDown), -4611686018427387903);
  // The product 1.5e19 exceeds int64; the quotient 3.75e18 fits.
  EXPECT_EQ(*MulDiv(5'000'000'000'000'000'000, 3, 4, Rounding::kHalfUp), 3'750'000'000'000'000'000);
  // Halves with a negative denominator round like their positive mirror.
  EXPECT_EQ(*MulDiv(5, 1, -2, Rounding::kHalfUp), -3);
  EXPECT_EQ(*MulDiv(5, 1, -2, Rounding::kHalfEven), -2);
  EXPECT_EQ(*MulDiv(-5, 1, -2, Rounding::kFloor), 2);
}

TEST(MoneyTest, MulDivOverflowAndZeroDenominatorAreErrors) {
  EXPECT_EQ(MulDiv(kMax, 2, 1, Rounding::kHalfUp).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MulDiv(kMin, -1, 1, Rounding::kDown).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MulDiv(1, 1, 0, Rounding::kHalfUp).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MulMulDiv(kMax, kMax, kMax, 1, Rounding::kHalfUp).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MulMulDiv(kMin, kMin, -2, -1, Rounding::kHalfUp).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MoneyTest, MulMulDivExactThreeFactorProduct) {
  // R-TERM-4 shape: amount x bp x days / 10000.
  absl::StatusOr<int64_t> q = MulMulDiv(1'000'000, 5, 10, 10'000, Rounding::kHalfUp);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q, 5'000);
  // 1e17 fen x 5 bp x 36500 days: the product (1.8e22) exceeds int64 but the quotient fits.
  q = MulMulDiv(kMaxAbsFen, 5, 36'500, 10'000, Rounding::kHalfUp);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q, 1'825'000'000'000'000'000);
}

TEST(MoneyTest, ApplyBasisPoints) {
  EXPECT_EQ(*ApplyBasisPoints(1'000'000, 5), 500);
  EXPECT_EQ(*ApplyBasisPoints(1, 5'000), 1);                       // 0.5 -> 1 half-up
  EXPECT_EQ(*ApplyBasisPoints(1, 5'000, Rounding::kHalfEven), 0);  // 0.5 -> 0 half-even
  EXPECT_EQ(*ApplyBasisPoints(3, 5'000, Rounding::kHalfEven), 2);  // 1.5 -> 2
  EXPECT_EQ(*ApplyBasisPoints(-3, 5'000), -2);                     // -1.5 -> -2
}

TEST(MoneyTest, CheckedAddSubtractSum) {
  EXPECT_EQ(*AddFen(2, 3), 5);
  EXPECT_EQ(AddFen(kMax, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SubtractFen(kMin, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*SubtractFen(2, 3), -1);
  std::vector<Fen> v = {1, 2, 3};
  EXPECT_EQ(*SumFen(v), 6);
  EXPECT_EQ(*SumFen({}), 0);
  std::vector<Fen> big = {kMax, 1};
  absl::Status s = SumFen(big, "open_amounts").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("open_amounts"), absl::string_view::npos) << s;
  // Intermediate overflow that comes back into range is fine: the accumulator is 128 bits.
  std::vector<Fen> back = {kMax, 1, -2};
  EXPECT_EQ(*SumFen(back), kMax - 1);
}

TEST(MoneyTest, YuanToFen) {
  EXPECT_EQ(*YuanToFen(1'000'000), 100'000'000);
  EXPECT_EQ(YuanToFen(kMax / 10).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MoneyTest, ParseYuanAcceptsStrictDecimals) {
  EXPECT_EQ(*ParseYuan("1234.56"), 123456);
  EXPECT_EQ(*ParseYuan("1234.5"), 123450);
  EXPECT_EQ(*ParseYuan("7"), 700);
  EXPECT_EQ(*ParseYuan("0.05"), 5);
  EXPECT_EQ(*ParseYuan("-0.5"), -50);
  EXPECT_EQ(*ParseYuan("-0"), 0);
  EXPECT_EQ(*ParseYuan("1000000000000000"), kMaxAbsFen);
  EXPECT_EQ(*ParseYuan("-1000000000000000.00"), -kMaxAbsFen);
}

TEST(MoneyTest, ParseYuanRejectsEverythingElse) {
  for (const char* bad :
       {"", "-", ".5", "1.", "1.234", "+1", "1,234.56", " 1", "1 ", "1e3", "abc", "1.2x", "--1",
        "1000000000000000.01", "99999999999999999999999", "0x10", "1.-2"}) {
    absl::StatusOr<Fen> r = ParseYuan(bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << "\"" << bad << "\"";
  }
}

TEST(MoneyTest, FormatYuanGroupedSeparatesThousands) {
  EXPECT_EQ(FormatYuanGrouped(123456789), "1,234,567.89");
  EXPECT_EQ(FormatYuanGrouped(99999), "999.99");
  EXPECT_EQ(FormatYuanGrouped(100000), "1,000.00");
  EXPECT_EQ(FormatYuanGrouped(-100000), "-1,000.00");
  EXPECT_EQ(FormatYuanGrouped(0), "0.00");
  EXPECT_EQ(FormatYuanGrouped(kMin), "-92,233,720,368,547,758.08");
}

TEST(MoneyTest, FormatYuanAndRoundTrip) {
  EXPECT_EQ(FormatYuan(123456), "1234.56");
  EXPECT_EQ(FormatYuan(-5), "-0.05");
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(10), "0.10");
  EXPECT_EQ(FormatYuan(-100), "-1.00");
  EXPECT_EQ(FormatYuan(kMin), "-92233720368547758.08");
  EXPECT_EQ(FormatYuan(kMax), "92233720368547758.07");
  for (Fen f : {Fen{0}, Fen{1}, Fen{-1}, Fen{99}, Fen{100}, Fen{-101}, Fen{123456789}, kMaxAbsFen,
                -kMaxAbsFen}) {
    absl::StatusOr<Fen> back = ParseYuan(FormatYuan(f));
    ASSERT_TRUE(back.ok()) << f << " " << back.status();
    EXPECT_EQ(*back, f);
  }
}

TEST(MoneyTest, ValidateAmountNamesTheArgument) {
  EXPECT_TRUE(ValidateAmount(0, "amount").ok());
  EXPECT_TRUE(ValidateAmount(kMaxAbsFen, "amount").ok());
  absl::Status s = ValidateAmount(-1, "payment");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("payment"), absl::string_view::npos);
  EXPECT_TRUE(ValidateAmount(-1, "x", /*allow_negative=*/true).ok());
  EXPECT_EQ(ValidateAmount(kMaxAbsFen + 1, "x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateAmount(-kMaxAbsFen - 1, "x", true).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
