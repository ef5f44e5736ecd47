// Contact compliance (issue 14, seed 002 合规红线, R-DUN-2 "no harassment"): the weekly cap, the
// quiet hours, disputes and promises holding contacts, replies and reasons, and message templates
// that cannot threaten.
#include "server/core/contact_compliance.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/core/dunning_message.h"
#include "server/core/message_template.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

ComplianceSettings Defaults() { return ComplianceSettings(); }  // 3 a week, 21:00-08:00
constexpr ManualContactKind kPersonal = ManualContactKind::kPersonal;

TEST(ContactComplianceTest, R_DUN_2_QuietHoursWrapMidnight) {
  const ComplianceSettings settings = Defaults();
  EXPECT_FALSE(InQuietHours(settings, 20 * 60 + 59));
  EXPECT_TRUE(InQuietHours(settings, 21 * 60));
  EXPECT_TRUE(InQuietHours(settings, 0));
  EXPECT_TRUE(InQuietHours(settings, 7 * 60 + 59));
  EXPECT_FALSE(InQuietHours(settings, 8 * 60));
  EXPECT_EQ(MinutesUntilQuietEnds(settings, 23 * 60), 9 * 60);
  EXPECT_EQ(MinutesUntilQuietEnds(settings, 12 * 60), 0);
  ComplianceSettings lunch{
      .weekly_automatic_cap = 3, .quiet_start_minute = 12 * 60, .quiet_end_minute = 13 * 60};
  EXPECT_TRUE(InQuietHours(lunch, 12 * 60 + 30));
  EXPECT_FALSE(InQuietHours(lunch, 23 * 60));
  ComplianceSettings none{.weekly_automatic_cap = 3,
                          .quiet_start_minute = std::nullopt,
                          .quiet_end_minute = std::nullopt};
  EXPECT_FALSE(InQuietHours(none, 23 * 60));
}

TEST(ContactComplianceTest, SettingsAreValidatedNamingTheField) {
  EXPECT_TRUE(ValidateComplianceSettings(Defaults()).ok());
  ComplianceSettings bad = Defaults();
  bad.weekly_automatic_cap = 0;
  EXPECT_EQ(GetFieldViolations(ValidateComplianceSettings(bad))[0].field, "weekly_automatic_cap");
  bad = Defaults();
  bad.quiet_end_minute.reset();
  EXPECT_EQ(GetFieldViolations(ValidateComplianceSettings(bad))[0].field, "quiet_end");
  bad = Defaults();
  bad.quiet_end_minute = bad.quiet_start_minute;
  EXPECT_EQ(GetFieldViolations(ValidateComplianceSettings(bad))[0].field, "quiet_end");
  EXPECT_EQ(ParseClockMinute("21:30"), 21 * 60 + 30);
  EXPECT_EQ(ParseClockMinute("24:00"), std::nullopt);
  EXPECT_EQ(FormatClockMinute(8 * 60 + 5), "08:05");
}

TEST(ContactComplianceTest, R_DUN_2_WeeklyCapDefersUntilThePlaceFrees) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  ContactSituation situation;
  situation.now = now;
  situation.automatic_last_week = {now - absl::Hours(1), now - absl::Hours(30)};
  EXPECT_TRUE(DecideAutomaticContact(Defaults(), situation).send);
  situation.automatic_last_week.push_back(now - absl::Hours(100));
  const AutomaticVerdict held = DecideAutomaticContact(Defaults(), situation);
  EXPECT_FALSE(held.send);
  ASSERT_EQ(held.limits.size(), 1u);
  EXPECT_EQ(held.limits[0], ContactLimit::kWeeklyCap);
  // The third newest (100 hours ago) leaves the 7-day window in 68 hours.
  EXPECT_EQ(held.wait, absl::Hours(68));
}

TEST(ContactComplianceTest, R_DUN_2_QuietHoursDeferAnAutomaticMessageToTheirEnd) {
  ContactSituation situation;
  situation.minute_of_day = 22 * 60 + 30;
  const AutomaticVerdict held = DecideAutomaticContact(Defaults(), situation);
  EXPECT_FALSE(held.send);
  EXPECT_EQ(held.wait, absl::Minutes(9 * 60 + 30));
  EXPECT_NE(held.reason.find("quiet hours 21:00-08:00"), std::string::npos) << held.reason;
}

TEST(ContactComplianceTest, R_DUN_2_AnOpenDisputeHoldsAutomaticMessages) {
  ContactSituation situation;
  situation.open_disputes = {"disputes/5"};
  const AutomaticVerdict held = DecideAutomaticContact(Defaults(), situation);
  EXPECT_FALSE(held.send);
  EXPECT_EQ(held.wait, kRecheckHeldMessage);
}

TEST(ContactComplianceTest, R_DUN_2_ManualContactOutsideTheLimitsNeedsAReason) {
  ContactSituation situation;
  situation.open_disputes = {"disputes/5"};
  situation.open_promises = {"promises/3"};
  absl::StatusOr<ManualContactCheck> refused =
      CheckManualContact(Defaults(), situation, kPersonal, "", "");
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetFieldViolations(refused.status())[0].field, "compliance_reason");
  absl::StatusOr<ManualContactCheck> reasoned =
      CheckManualContact(Defaults(), situation, kPersonal, "", "the customer asked us to call");
  ASSERT_TRUE(reasoned.ok());
  EXPECT_EQ(reasoned->broken.size(), 2u);
  // The reply to the dispute is allowed without a reason, and is not flagged... unless another
  // limit (the promise) still applies.
  situation.open_promises.clear();
  absl::StatusOr<ManualContactCheck> reply =
      CheckManualContact(Defaults(), situation, kPersonal, "disputes/5", "");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_TRUE(reply->is_reply);
  EXPECT_TRUE(reply->broken.empty());
  absl::StatusOr<ManualContactCheck> wrong =
      CheckManualContact(Defaults(), situation, kPersonal, "disputes/6", "");
  EXPECT_EQ(GetFieldViolations(wrong.status())[0].field, "reply_to");
  // Quiet hours apply to replies too.
  situation.minute_of_day = 23 * 60;
  EXPECT_FALSE(CheckManualContact(Defaults(), situation, kPersonal, "disputes/5", "").ok());
}

TEST(ContactComplianceTest, R_DUN_2_TheWeeklyCapBindsADispatchButNotAPersonsOwnCall) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  ContactSituation situation;
  situation.now = now;
  situation.automatic_last_week = {now - absl::Hours(2), now - absl::Hours(20)};
  // Two of three: an SMS or letter may still go.
  absl::StatusOr<ManualContactCheck> within =
      CheckManualContact(Defaults(), situation, ManualContactKind::kDispatch, "", "");
  ASSERT_TRUE(within.ok()) << within.status();
  EXPECT_TRUE(within->broken.empty());
  situation.automatic_last_week.push_back(now - absl::Hours(50));
  // At the cap: a dispatch needs a reason and is flagged; a call of one's own is not counted.
  absl::StatusOr<ManualContactCheck> refused =
      CheckManualContact(Defaults(), situation, ManualContactKind::kDispatch, "", "");
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetFieldViolations(refused.status())[0].field, "compliance_reason");
  EXPECT_NE(refused.status().message().find("the limit is 3"), std::string::npos)
      << refused.status();
  absl::StatusOr<ManualContactCheck> flagged = CheckManualContact(
      Defaults(), situation, ManualContactKind::kDispatch, "", "the customer asked for the letter");
  ASSERT_TRUE(flagged.ok());
  ASSERT_EQ(flagged->broken.size(), 1u);
  EXPECT_EQ(flagged->broken[0], ContactLimit::kWeeklyCap);
  absl::StatusOr<ManualContactCheck> call =
      CheckManualContact(Defaults(), situation, kPersonal, "", "");
  ASSERT_TRUE(call.ok());
  EXPECT_TRUE(call->broken.empty());
}

TEST(MessageTemplateTest, R_DUN_2_BuiltInTemplatesPassTheChecks) {
  ASSERT_EQ(BuiltInTemplates().size(), 20u);
  for (const BuiltInTemplate& entry : BuiltInTemplates()) {
    EXPECT_TRUE(ValidateMessageTemplate(entry.action, entry.text).ok()) << entry.action;
  }
}

TEST(MessageTemplateTest, R_DUN_2_ThreateningWordingAndUnknownPlaceholdersAreRefused) {
  const absl::Status threat =
      ValidateMessageTemplate("dunning_letter", {"催款函", "请于七日内付款,否则后果自负。"});
  ASSERT_EQ(threat.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetFieldViolations(threat)[0].field, "opening");
  const absl::Status english =
      ValidateMessageTemplate("dunning_letter", {"Pay now or else", "Pay {total} yuan."});
  EXPECT_EQ(GetFieldViolations(english)[0].field, "subject");
  const absl::Status unknown =
      ValidateMessageTemplate("dunning_letter", {"催款函", "请支付{amount}元"});
  EXPECT_EQ(GetFieldViolations(unknown)[0].field, "opening");
  EXPECT_EQ(GetFieldViolations(ValidateMessageTemplate("Bad Action", {"a", "b"}))[0].field,
            "action");
  TemplateStatus status = TemplateStatus::kProposed;
  EXPECT_TRUE(DecideTemplate(status, TemplateDecision::kApprove, "messageTemplates/1").ok());
  EXPECT_EQ(status, TemplateStatus::kApproved);
  EXPECT_EQ(DecideTemplate(status, TemplateDecision::kReject, "messageTemplates/1").code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(MessageTemplateTest, R_DUN_2_RenderingWithTemplatesAsDataMatchesTheBuiltIns) {
  MessageContext context{.company = "苏州华恒机械",
                         .customer = "E集团",
                         .bank_account = "招商银行",
                         .invoices = {{"INV-1", "SO-1", 1234500, 20000}},
                         .as_of = 20010};
  const MessageTemplate changed{"新主题 {count}", "新开头 {total}"};
  absl::StatusOr<RenderedMessage> built_in =
      RenderDunningMessage("dunning_letter", Channel::kLetter, Language::kZhCn, context);
  ASSERT_TRUE(built_in.ok());
  EXPECT_EQ(built_in->subject, "催款函");
  absl::StatusOr<RenderedMessage> data = RenderDunningMessage(
      [&](absl::string_view action, Language) -> const MessageTemplate* {
        return action == "dunning_letter" ? &changed : nullptr;
      },
      "my_own_letter", Channel::kLetter, Language::kZhCn, context);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->subject, "新主题 1");
  absl::StatusOr<RenderedMessage> missing = RenderDunningMessage(
      [](absl::string_view, Language) -> const MessageTemplate* { return nullptr; },
      "dunning_letter", Channel::kLetter, Language::kZhCn, context);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace huikuan::core
