// The relationship cadence's days (issue 14; seed 000 客户关系维护: 月度对账沟通, 季度业务沟通,
// 年度战略沟通) and the monthly message's wording.
#include "server/core/cadence.h"

#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/core/cadence_message.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

using Kinds = std::vector<CadenceKind>;

TEST(CadenceTest, DefaultsFollowTheSeedsThreeLevels) {
  const TierCadences cadence = DefaultCadence();
  const auto& strategic = cadence[static_cast<int>(Tier::kStrategicCore)];
  const auto& key = cadence[static_cast<int>(Tier::kKeyPartner)];
  const auto& general = cadence[static_cast<int>(Tier::kGeneral)];
  EXPECT_EQ(DueCadence(strategic, absl::CivilDay(2026, 1, 3)),
            Kinds{CadenceKind::kMonthlyReconciliation});
  EXPECT_EQ(DueCadence(strategic, absl::CivilDay(2026, 1, 10)),
            Kinds{CadenceKind::kQuarterlyReview});
  EXPECT_EQ(DueCadence(strategic, absl::CivilDay(2026, 1, 15)),
            Kinds{CadenceKind::kAnnualStrategy});
  EXPECT_EQ(DueCadence(key, absl::CivilDay(2026, 7, 10)), Kinds{CadenceKind::kQuarterlyReview});
  EXPECT_TRUE(DueCadence(key, absl::CivilDay(2026, 1, 15)).empty());
  EXPECT_TRUE(DueCadence(general, absl::CivilDay(2026, 1, 10)).empty());
  EXPECT_TRUE(DueCadence(strategic, absl::CivilDay(2026, 2, 10)).empty());  // not a quarter's 1st
  EXPECT_TRUE(DueCadence(strategic, absl::CivilDay(2026, 1, 4)).empty());
}

TEST(CadenceTest, ADayBeyondTheMonthMeansItsLastDay) {
  TierCadence cadence;
  cadence.monthly_day = 31;
  cadence.quarterly_month = 2;
  cadence.quarterly_day = 30;
  EXPECT_EQ(DueCadence(cadence, absl::CivilDay(2026, 2, 28)),
            (Kinds{CadenceKind::kMonthlyReconciliation, CadenceKind::kQuarterlyReview}));
  EXPECT_TRUE(DueCadence(cadence, absl::CivilDay(2026, 2, 27)).empty());
  EXPECT_EQ(DueCadence(cadence, absl::CivilDay(2026, 4, 30)),
            Kinds{CadenceKind::kMonthlyReconciliation});
  EXPECT_EQ(DueCadence(cadence, absl::CivilDay(2026, 5, 30)), Kinds{CadenceKind::kQuarterlyReview});
  EXPECT_EQ(DueCadence(cadence, absl::CivilDay(2024, 2, 29)),
            (Kinds{CadenceKind::kMonthlyReconciliation, CadenceKind::kQuarterlyReview}));
}

TEST(CadenceTest, ValidationNamesEachField) {
  TierCadence cadence;
  cadence.monthly_day = 32;
  cadence.annual_month = 13;
  cadence.quarterly_day = 0;
  const absl::Status status = ValidateTierCadence(cadence, "tiers[2]");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : GetFieldViolations(status)) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"tiers[2].monthly_day", "tiers[2].quarterly_day",
                                              "tiers[2].annual_month"}));
  EXPECT_TRUE(ValidateTierCadence(DefaultCadence()[0], "tiers[0]").ok());
}

TEST(CadenceTest, TheMonthlyMessageSaysWhatWasBoughtWhenItIsDueThanksAndWhatIsComing) {
  MonthlyContext context;
  context.company = "苏州华恒机械有限公司";
  context.customer = "E集团";
  context.contact = "王总";
  context.salesperson = "李明";
  context.month = absl::CivilMonth(2026, 11);
  context.purchases = {{"INV-1", "SO-1", 12'345'600,
                        ToEpochDay(absl::CivilDay(2026, 11, 5)).value(),
                        ToEpochDay(absl::CivilDay(2027, 1, 4)).value()}};
  context.open = context.purchases;
  context.upcoming_note = "下月我们计划推出XX新品,欢迎您参与品鉴会。";
  context.as_of = ToEpochDay(absl::CivilDay(2026, 12, 3)).value();
  auto zh = RenderMonthlyReconciliation(Language::kZhCn, context);
  ASSERT_TRUE(zh.ok()) << zh.status();
  EXPECT_EQ(zh->subject, "苏州华恒机械有限公司 2026年11月对账单及合作总结");
  EXPECT_TRUE(
      absl::StrContains(zh->body,
                        "2026年11月贵司采购 1 笔,合计 123,456.00 元。目前未结账款 123,456.00 "
                        "元,最近一笔将于2027年1月4日"
                        "到期。感谢您一直以来的支持!下月我们计划推出XX新品,欢迎您参与品鉴会。"))
      << zh->body;
  EXPECT_TRUE(absl::StrContains(zh->body, "订单号 SO-1,发票号 INV-1")) << zh->body;
  EXPECT_TRUE(absl::StrContains(zh->body, "李明\n苏州华恒机械有限公司")) << zh->body;
  auto en = RenderMonthlyReconciliation(Language::kEn, context);
  ASSERT_TRUE(en.ok());
  EXPECT_TRUE(absl::StrContains(en->body, "In 2026-11 you placed 1 orders with us, 123,456.00"))
      << en->body;
  context.purchases[0].amount = -1;
  EXPECT_EQ(RenderMonthlyReconciliation(Language::kZhCn, context).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CadenceTest, TheReviewBriefCarriesVolumeDsoTermsAndWarnings) {
  ReviewContext context;
  context.customer = "E集团";
  context.tier = Tier::kStrategicCore;
  context.period = "2026-Q3";
  context.volume = 20'000'000;
  context.previous_volume = 10'000'000;
  context.balance = 5'000'000;
  context.overdue = 1'000'000;
  context.dso_days = 22.5;
  context.credit_days = 60;
  context.warning_level = "yellow";
  context.warning_reasons = "- R-WARN-1: DSO above the industry";
  context.approved_promotions = 2;
  context.as_of = ToEpochDay(absl::CivilDay(2026, 10, 10)).value();
  auto brief = RenderReviewBrief(Language::kEn, context);
  ASSERT_TRUE(brief.ok());
  EXPECT_EQ(brief->subject, "E集团: quarterly business review 2026-Q3");
  for (const char* part :
       {"Volume 2026-Q3: 200,000.00 yuan (before: 100,000.00 yuan, +100.0%)",
        "of which overdue 10,000.00", "DSO: 22.5 days", "Terms: 60 days",
        "Warning: yellow\n- R-WARN-1", "Joint promotions approved in the period: 2"}) {
    EXPECT_TRUE(absl::StrContains(brief->body, part)) << part << "\n" << brief->body;
  }
}

}  // namespace
}  // namespace huikuan::core
