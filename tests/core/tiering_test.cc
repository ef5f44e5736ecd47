#include "server/core/tiering.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TierProfile Profile(IndustryPosition position, int years, BasisPoints share,
                    CreditGrade grade = CreditGrade::kA) {
  TierProfile p;
  p.position = position;
  p.cooperation_years = years;
  p.order_share_bp = share;
  p.credit_grade = grade;
  return p;
}

TEST(TieringTest, R_TIER_2_StrategicCore) {
  absl::StatusOr<TierResult> t = AssignTier(Profile(IndustryPosition::kIndustryHead, 6, 3'000));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->tier, Tier::kStrategicCore);
  EXPECT_EQ(t->terms.base_term_days, 60);
  EXPECT_EQ(t->terms.prepayment_bp, 0);
  EXPECT_EQ(t->terms.rebate, Rebate::kQuarterly);
  ASSERT_EQ(t->reasons.size(), 1u);
  EXPECT_EQ(t->reasons[0],
            "strategic core: industry head, cooperation 6 years > 5, share 30.00% >= 30.00%");
}

TEST(TieringTest, R_TIER_2_ExactlyFiveYearsIsNotStrategic) {
  // "合作超5年": more than five years.
  absl::StatusOr<TierResult> t = AssignTier(Profile(IndustryPosition::kIndustryHead, 5, 3'500));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->tier, Tier::kKeyPartner);
  EXPECT_EQ(t->terms.base_term_days, 45);
  EXPECT_EQ(t->terms.rebate, Rebate::kMonthly);
  EXPECT_EQ(t->reasons[0], "not strategic core: cooperation 5 years is not over 5");
  EXPECT_EQ(t->reasons[1],
            "key partner: industry head, cooperation 5 years >= 2, share 35.00% >= 15.00%");
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kIndustryHead, 6, 2'999))->tier,
            Tier::kKeyPartner);
}

TEST(TieringTest, R_TIER_2_KeyPartnerIncludingTheOpenThreeToFiveYears) {
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kRegionalLeader, 2, 1'500))->tier,
            Tier::kKeyPartner);
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kRegionalLeader, 4, 2'000))->tier,
            Tier::kKeyPartner);
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kRegionalLeader, 1, 2'000))->tier, Tier::kGeneral);
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kRegionalLeader, 3, 1'499))->tier, Tier::kGeneral);
  // A regional leader with everything else is still not strategic.
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kRegionalLeader, 10, 5'000))->tier,
            Tier::kKeyPartner);
  TieringConfig c;
  c.key_min_years = 3;
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kRegionalLeader, 2, 2'000), c)->tier,
            Tier::kGeneral);
}

TEST(TieringTest, R_TIER_2_GeneralAndPotential) {
  absl::StatusOr<TierResult> g = AssignTier(Profile(IndustryPosition::kSme, 1, 500));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->tier, Tier::kGeneral);
  EXPECT_EQ(g->terms.base_term_days, 30);
  EXPECT_EQ(g->terms.rebate, Rebate::kCashDiscount);
  absl::StatusOr<TierResult> p = AssignTier(Profile(IndustryPosition::kSme, 1, 499));
  EXPECT_EQ(p->tier, Tier::kPotential);
  EXPECT_EQ(p->terms.base_term_days, 0);
  EXPECT_EQ(p->terms.prepayment_bp, 3'000);  // 30% prepaid, rest on delivery
  EXPECT_EQ(p->reasons.back(), "potential: share 4.99% < 5.00%");
  absl::StatusOr<TierResult> s = AssignTier(Profile(IndustryPosition::kStartup, 0, 1'000));
  EXPECT_EQ(s->tier, Tier::kPotential);
  EXPECT_EQ(s->reasons.back(), "potential: start-up");
}

TEST(TieringTest, R_TIER_1_CreditGradeCapsTheTier) {
  absl::StatusOr<TierResult> t =
      AssignTier(Profile(IndustryPosition::kIndustryHead, 8, 4'000, CreditGrade::kC));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->tier, Tier::kGeneral);
  EXPECT_EQ(t->reasons.back(), "credit grade C caps the tier at general (from strategic_core)");
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kIndustryHead, 8, 4'000, CreditGrade::kB))->tier,
            Tier::kKeyPartner);
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kIndustryHead, 8, 4'000, CreditGrade::kD))->tier,
            Tier::kPotential);
  // The cap never upgrades.
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kSme, 1, 100, CreditGrade::kA))->tier,
            Tier::kPotential);
}

TEST(TieringTest, R_TIER_2_BatchMatchesScalar) {
  std::vector<int8_t> positions, grades;
  std::vector<int32_t> years;
  std::vector<BasisPoints> shares;
  for (int p = 0; p < 4; ++p) {
    for (int y : {0, 1, 2, 3, 5, 6, 10}) {
      for (BasisPoints s : {0, 499, 500, 1'499, 1'500, 2'999, 3'000, 10'000}) {
        for (int g = 0; g < 4; ++g) {
          positions.push_back(static_cast<int8_t>(p));
          years.push_back(y);
          shares.push_back(s);
          grades.push_back(static_cast<int8_t>(g));
        }
      }
    }
  }
  std::vector<int8_t> tiers(positions.size());
  ASSERT_TRUE(
      AssignTierBatch({positions, years, shares, grades}, TieringConfig(), absl::MakeSpan(tiers))
          .ok());
  for (size_t i = 0; i < tiers.size(); ++i) {
    absl::StatusOr<TierResult> t =
        AssignTier(Profile(static_cast<IndustryPosition>(positions[i]), years[i], shares[i],
                           static_cast<CreditGrade>(grades[i])));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(tiers[i], static_cast<int8_t>(t->tier)) << i;
  }
  std::vector<BasisPoints> bad_shares = shares;
  bad_shares[3] = 12'000;
  EXPECT_EQ(AssignTierBatch({positions, years, bad_shares, grades}, TieringConfig(),
                            absl::MakeSpan(tiers))
                .message(),
            "order_share_bp[3]: 12000 is outside 0..10000");
  std::vector<int8_t> short_tiers(2);
  EXPECT_EQ(AssignTierBatch({positions, years, shares, grades}, TieringConfig(),
                            absl::MakeSpan(short_tiers))
                .message(),
            absl::StrCat("tiers: length 2 != ", positions.size()));
  EXPECT_TRUE(AssignTierBatch({}, TieringConfig(), {}).ok());
}

TEST(TieringTest, RejectsBadInput) {
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kSme, -1, 100)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kSme, 1, 10'001)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AssignTier(Profile(static_cast<IndustryPosition>(4), 1, 100)).status().code(),
            absl::StatusCode::kInvalidArgument);
  TieringConfig c;
  c.terms[0].base_term_days = -1;
  EXPECT_EQ(AssignTier(Profile(IndustryPosition::kSme, 1, 100), c).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace huikuan::core
