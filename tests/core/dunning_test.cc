#include "server/core/dunning.h"

#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

constexpr EpochDay kAsOf = 19783;  // 2024-03-01

std::vector<std::string> Actions(const DunningRun& run) {
  std::vector<std::string> out;
  for (const DunningAction& a : run.actions) out.push_back(a.step->action);
  return out;
}

TEST(DunningTest, R_DUN_1_Seed000LadderFiresOnItsDays) {
  std::vector<DunningLadder> ladders = {Seed000Ladder()};
  // Invoices due so that today is -7, -6, +3, +7, +15, +30, +31 days from due.
  std::vector<int64_t> ids = {1, 2, 3, 4, 5, 6, 7};
  std::vector<EpochDay> due = {kAsOf + 7,  kAsOf + 6,  kAsOf - 3, kAsOf - 7,
                               kAsOf - 15, kAsOf - 30, kAsOf - 31};
  std::vector<Fen> open(7, 1'000);
  absl::StatusOr<DunningRun> run = DueDunningActions(ladders, {ids, due, open}, kAsOf);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(Actions(*run),
            (std::vector<std::string>{"pre_reminder", "dunning_letter", "investment_manager",
                                      "lawyer_letter", "litigation"}));
  std::vector<int64_t> got_ids;
  for (const DunningAction& a : run->actions) got_ids.push_back(a.invoice_id);
  EXPECT_EQ(got_ids, (std::vector<int64_t>{1, 3, 4, 5, 7}));
  EXPECT_EQ(run->actions[0].step->department, Department::kSales);
  EXPECT_EQ(run->actions[0].step->channel, Channel::kPhoneOrWeChat);
  EXPECT_EQ(run->actions[0].days_from_due, -7);
  EXPECT_EQ(run->actions[2].step->department, Department::kInvestment);
  EXPECT_EQ(run->actions[3].step->department, Department::kLegal);
  EXPECT_EQ(run->actions[4].step->channel, Channel::kCourt);
  EXPECT_EQ(run->actions[4].step_index, 4);
}

TEST(DunningTest, R_DUN_1_Seed002Ladder) {
  DunningLadder l = Seed002Ladder();
  ASSERT_EQ(l.steps.size(), 5u);
  std::vector<int32_t> offsets;
  for (const DunningStep& s : l.steps) offsets.push_back(s.offset_days);
  EXPECT_EQ(offsets, (std::vector<int32_t>{-7, -3, 0, 3, 15}));
  EXPECT_EQ(l.steps[0].channel, Channel::kEmail);
  EXPECT_EQ(l.steps[2].channel, Channel::kSms);
  EXPECT_EQ(l.steps[3].department, Department::kSales);
  EXPECT_EQ(l.steps[3].channel, Channel::kPhone);
  EXPECT_EQ(l.steps[4].department, Department::kFinance);
  std::vector<DunningLadder> ladders = {l};
  std::vector<int64_t> ids = {1};
  std::vector<EpochDay> due = {kAsOf};
  std::vector<Fen> open = {5};
  absl::StatusOr<DunningRun> run = DueDunningActions(ladders, {ids, due, open}, kAsOf);
  EXPECT_EQ(Actions(*run), std::vector<std::string>{"sms_reminder"});
}

TEST(DunningTest, R_DUN_1_LadderPerTier) {
  std::vector<DunningLadder> ladders = {Seed000Ladder(), Seed002Ladder()};
  std::vector<int64_t> ids = {1, 2};
  std::vector<EpochDay> due = {kAsOf - 3, kAsOf - 3};
  std::vector<Fen> open = {5, 5};
  std::vector<int32_t> ladder = {0, 1};
  DunningInvoices inv{ids, due, open, ladder};
  absl::StatusOr<DunningRun> run = DueDunningActions(ladders, inv, kAsOf);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(Actions(*run), (std::vector<std::string>{"dunning_letter", "sales_phone_call"}));
  EXPECT_EQ(run->actions[1].ladder_index, 1);
}

TEST(DunningTest, R_DUN_1_DisputesAndPaymentPlansPause) {
  std::vector<DunningLadder> ladders = {Seed000Ladder()};
  std::vector<int64_t> ids = {1, 2, 3, 4};
  std::vector<EpochDay> due(4, kAsOf - 15);
  std::vector<Fen> open = {5, 5, 5, 0};  // the last is paid: nothing, not even a pause
  std::vector<uint8_t> disputed = {1, 0, 1, 1};
  std::vector<uint8_t> plan = {0, 1, 1, 0};
  DunningInvoices inv{ids, due, open, {}, disputed, plan};
  absl::StatusOr<DunningRun> run = DueDunningActions(ladders, inv, kAsOf);
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(run->actions.empty());
  EXPECT_EQ(run->paused_disputed, 2);
  EXPECT_EQ(run->paused_payment_plan, 1);
  plan = {0, 0, 0, 0};
  disputed = {0, 0, 0, 0};
  run = DueDunningActions(ladders, inv, kAsOf);
  EXPECT_EQ(run->actions.size(), 3u);
}

TEST(DunningTest, R_DUN_1_CatchUpSendsOnlyTheLatestMissedStep) {
  std::vector<DunningLadder> ladders = {Seed000Ladder()};
  std::vector<int64_t> ids = {1, 2, 3, 4};
  // 10 days overdue with nothing done: the +7 step (index 2) is sent, two steps skipped.
  // 10 days overdue with step 2 done: nothing. 40 days overdue after step 3: litigation.
  // 8 days before due: no step has come yet.
  std::vector<EpochDay> due = {kAsOf - 10, kAsOf - 10, kAsOf - 40, kAsOf + 8};
  std::vector<Fen> open(4, 5);
  std::vector<int32_t> done = {-1, 2, 3, -1};
  DunningInvoices inv{ids, due, open, {}, {}, {}, done};
  absl::StatusOr<DunningRun> run = DueDunningActions(ladders, inv, kAsOf);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(Actions(*run), (std::vector<std::string>{"investment_manager", "litigation"}));
  EXPECT_EQ(run->skipped_steps, 2);
}

TEST(DunningTest, R_DUN_1_DefaultLadderPerTier) {
  EXPECT_EQ(DefaultLadderForTier(Tier::kStrategicCore).name, "seed_002");
  EXPECT_EQ(DefaultLadderForTier(Tier::kKeyPartner).name, "seed_002");
  EXPECT_EQ(DefaultLadderForTier(Tier::kGeneral).name, "seed_000");
  EXPECT_EQ(DefaultLadderForTier(Tier::kPotential).name, "seed_000");
  EXPECT_TRUE(ValidateLadder(Seed000Ladder()).ok());
  EXPECT_TRUE(ValidateLadder(Seed002Ladder()).ok());
}

TEST(DunningTest, RejectsBadInput) {
  std::vector<DunningLadder> ladders = {Seed000Ladder()};
  std::vector<int64_t> ids = {1, 2};
  std::vector<EpochDay> due = {kAsOf, kAsOf};
  std::vector<Fen> open = {5, 5};
  EXPECT_EQ(DueDunningActions({}, {ids, due, open}, kAsOf).status().message(), "ladders: empty");
  std::vector<EpochDay> due1 = {kAsOf};
  EXPECT_EQ(DueDunningActions(ladders, {ids, due1, open}, kAsOf).status().message(),
            "due_days: length 1 != 2");
  std::vector<int32_t> bad_ladder = {0, 1};
  absl::Status s = DueDunningActions(ladders, {ids, due, open, bad_ladder}, kAsOf).status();
  EXPECT_EQ(s.message(), "ladder_index[1]: 1 is not a ladder (1 given)");
  std::vector<int32_t> bad_done = {-1, 5};
  s = DueDunningActions(ladders, {ids, due, open, {}, {}, {}, bad_done}, kAsOf).status();
  EXPECT_EQ(s.message(), "last_step_done[1]: 5 is outside -1..4");
  std::vector<Fen> negative = {5, -5};
  EXPECT_EQ(DueDunningActions(ladders, {ids, due, negative}, kAsOf).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DueDunningActions(ladders, {ids, due, open}, kMaxEpochDay + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  DunningLadder unordered = Seed000Ladder();
  std::swap(unordered.steps[0], unordered.steps[1]);
  std::vector<DunningLadder> bad = {Seed000Ladder(), unordered};
  s = DueDunningActions(bad, {ids, due, open}, kAsOf).status();
  EXPECT_EQ(s.message(), "ladders[1].steps[1].offset_days: -7 is not after 3");
  EXPECT_TRUE(DueDunningActions(ladders, {}, kAsOf)->actions.empty());
}

TEST(DunningTest, R_DUN_1_DefaultTierLaddersAreSeed002ForTheBestTiersAndSeed000ForTheRest) {
  const TierLadders ladders = DefaultTierLadders();
  EXPECT_EQ(ladders[static_cast<int>(Tier::kStrategicCore)].name, "seed_002");
  EXPECT_EQ(ladders[static_cast<int>(Tier::kKeyPartner)].name, "seed_002");
  EXPECT_EQ(ladders[static_cast<int>(Tier::kGeneral)].name, "seed_000");
  EXPECT_EQ(ladders[static_cast<int>(Tier::kPotential)].name, "seed_000");
  EXPECT_TRUE(ValidateTierLadders(ladders).ok());
}

TEST(DunningTest, ConfiguredLaddersAreCheckedNamingTheStep) {
  TierLadders ladders = DefaultTierLadders();
  ladders[static_cast<int>(Tier::kGeneral)].steps[1].action = "Dunning Letter";
  absl::Status bad_action = ValidateTierLadders(ladders);
  EXPECT_EQ(bad_action.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(bad_action.message(), "ladders[general].steps[1].action:"))
      << bad_action;

  DunningLadder ladder = Seed000Ladder();
  ladder.steps[4].offset_days = 600;
  EXPECT_EQ(ValidateLadder(ladder).message(), "ladder.steps[4].offset_days: 600 is outside +-550");
  ladder = Seed000Ladder();
  ladder.steps[0].description = std::string(201, 'x');
  EXPECT_FALSE(ValidateLadder(ladder).ok());
  ladder = Seed000Ladder();
  while (ladder.steps.size() <= 20) {
    DunningStep next = ladder.steps.back();
    next.offset_days += 1;
    ladder.steps.push_back(next);
  }
  EXPECT_EQ(ValidateLadder(ladder).message(), "ladder.steps: 21 steps, at most 20");
}

}  // namespace
}  // namespace huikuan::core
