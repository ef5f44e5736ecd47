#include "server/core/dunning_message.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/core/dunning.h"

namespace huikuan::core {
namespace {

constexpr EpochDay kDue = 19783;  // 2024-03-01

MessageContext TwoInvoices(EpochDay as_of) {
  MessageContext context;
  context.company = "苏州华恒机械";
  context.customer = "E集团";
  context.contact = "王经理";
  context.bank_account = "招商银行苏州分行 苏州华恒机械有限公司 6225 8800 1234 5678";
  context.invoices = {{"INV-0001", "SO-1001", 1'234'567'89, kDue},
                      {"INV-0002", "SO-1002", 50'000'00, kDue + 2}};
  context.as_of = as_of;
  return context;
}

TEST(DunningMessageTest, R_DUN_1_PreReminderIsCourteousAndNamesEveryInvoice) {
  absl::StatusOr<RenderedMessage> m = RenderDunningMessage("pre_reminder", Channel::kPhoneOrWeChat,
                                                           Language::kZhCn, TwoInvoices(kDue - 7));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(absl::StartsWith(m->subject, "温馨提示")) << m->subject;
  EXPECT_TRUE(absl::StrContains(m->subject, "2024年3月1日")) << m->subject;
  EXPECT_TRUE(absl::StartsWith(m->body, "王经理:")) << m->body;
  for (const char* part :
       {"INV-0001", "SO-1001", "1,234,567.89 元", "INV-0002", "SO-1002", "50,000.00 元",
        "2024年3月3日", "合计:1,284,567.89 元", "招商银行苏州分行", "如贵司已付款"}) {
    EXPECT_TRUE(absl::StrContains(m->body, part)) << part << " missing from\n" << m->body;
  }
  EXPECT_FALSE(absl::StrContains(m->body, "逾期")) << "before the due date nothing is overdue";
}

TEST(DunningMessageTest, R_DUN_1_LawyerLetterInEnglishCountsDaysFromTheEarliestDue) {
  absl::StatusOr<RenderedMessage> m = RenderDunningMessage("lawyer_letter", Channel::kLetter,
                                                           Language::kEn, TwoInvoices(kDue + 15));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->subject, "Letter before action");
  for (const char* part : {"Dear 王经理,", "As of 2024-03-16", "15 day(s) overdue",
                           "1,284,567.89 yuan in total", "invoice INV-0002 (order SO-1002)",
                           "due 2024-03-03", "Pay to: 招商银行", "If you have already paid"}) {
    EXPECT_TRUE(absl::StrContains(m->body, part)) << part << " missing from\n" << m->body;
  }
}

TEST(DunningMessageTest, SmsIsOneShortTextWithoutTheLetterhead) {
  MessageContext context = TwoInvoices(kDue);
  absl::StatusOr<RenderedMessage> m =
      RenderDunningMessage("sms_reminder", Channel::kSms, Language::kZhCn, context);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(absl::StartsWith(m->body, "【苏州华恒机械】")) << m->body;
  EXPECT_TRUE(absl::StrContains(m->body, "INV-0001、INV-0002")) << m->body;
  EXPECT_FALSE(absl::StrContains(m->body, "收款账户")) << m->body;
}

TEST(DunningMessageTest, ConfiguredActionsWithoutATemplateUseTheirChannel) {
  absl::StatusOr<RenderedMessage> before =
      RenderDunningMessage("courtesy_mail", Channel::kEmail, Language::kEn, TwoInvoices(kDue - 3));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->subject, "Payment reminder: invoices due on 2024-03-01");
  absl::StatusOr<RenderedMessage> after =
      RenderDunningMessage("courtesy_mail", Channel::kEmail, Language::kEn, TwoInvoices(kDue + 20));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(absl::StartsWith(after->subject, "Formal collection notice")) << after->subject;
}

TEST(DunningMessageTest, EverySeedStepHasItsOwnTemplate) {
  for (const DunningLadder& ladder : {Seed000Ladder(), Seed002Ladder()}) {
    for (const DunningStep& step : ladder.steps) {
      EXPECT_NE(
          std::find(ActionsWithTemplates().begin(), ActionsWithTemplates().end(), step.action),
          ActionsWithTemplates().end())
          << step.action;
    }
  }
}

TEST(DunningMessageTest, BadInputIsRefusedNamingTheField) {
  MessageContext context = TwoInvoices(kDue);
  context.invoices.clear();
  EXPECT_EQ(
      RenderDunningMessage("pre_reminder", Channel::kEmail, Language::kEn, context).status().code(),
      absl::StatusCode::kInvalidArgument);
  context = TwoInvoices(kDue);
  context.invoices[1].open = -1;
  absl::Status negative =
      RenderDunningMessage("pre_reminder", Channel::kEmail, Language::kEn, context).status();
  EXPECT_EQ(negative.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(negative.message(), "invoices.open")) << negative;
}

TEST(DunningMessageTest, LanguageNamesRoundTrip) {
  EXPECT_EQ(ParseLanguage("zh-CN"), Language::kZhCn);
  EXPECT_EQ(ParseLanguage("en"), Language::kEn);
  EXPECT_EQ(ParseLanguage("fr"), std::nullopt);
  EXPECT_EQ(LanguageName(Language::kEn), "en");
}

}  // namespace
}  // namespace huikuan::core
