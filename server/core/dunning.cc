#include "server/core/dunning.h"

#include "absl/strings/str_cat.h"
#include "server/core/column_checks.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"

namespace huikuan::core {

DunningLadder Seed000Ladder() {
  return DunningLadder{
      "seed_000",
      {
          {-7, "pre_reminder", Department::kSales, Channel::kPhoneOrWeChat,
           "7 days before due: the sales manager reminds the customer by WeChat or phone"},
          {3, "dunning_letter", Department::kFinance, Channel::kLetter,
           "3 days overdue: formal dunning letter (催款函) with the payment account details"},
          {7, "investment_manager", Department::kInvestment, Channel::kVisit,
           "7 days overdue: the investment manager steps in to find the cause of the delay"},
          {15, "lawyer_letter", Department::kLegal, Channel::kLetter,
           "15 days overdue: legal sends a lawyer letter (律师函)"},
          {31, "litigation", Department::kLegal, Channel::kCourt,
           "over 30 days overdue: legal starts proceedings"},
      }};
}

DunningLadder Seed002Ladder() {
  return DunningLadder{
      "seed_002",
      {
          {-7, "friendly_email", Department::kFinance, Channel::kEmail,
           "7 days before due: first friendly reminder email"},
          {-3, "formal_email", Department::kFinance, Channel::kEmail,
           "3 days before due: second, more formal reminder email"},
          {0, "sms_reminder", Department::kFinance, Channel::kSms, "due date: SMS reminder"},
          {3, "sales_phone_call", Department::kSales, Channel::kPhone,
           "3 days overdue: the salesperson follows up by phone"},
          {15, "collection_notice", Department::kFinance, Channel::kNotice,
           "15 days overdue: formal collection notice, copied to the finance manager"},
      }};
}

DunningLadder DefaultLadderForTier(Tier tier) {
  switch (tier) {
    case Tier::kStrategicCore:
    case Tier::kKeyPartner:
      return Seed002Ladder();
    case Tier::kGeneral:
    case Tier::kPotential:
      return Seed000Ladder();
  }
  return Seed000Ladder();
}

namespace {

constexpr size_t kMaxSteps = 20;
constexpr int32_t kMaxOffsetDays = 550;
constexpr size_t kMaxActionChars = 32;

bool IsActionIdentifier(absl::string_view action) {
  if (action.empty() || action.size() > kMaxActionChars) return false;
  for (char c : action) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateLadder(const DunningLadder& ladder, absl::string_view argument) {
  HK_RETURN_IF_ERROR(
      CheckText(absl::StrCat(argument, ".name"), ladder.name, Presence::kOptional, 100));
  if (ladder.steps.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(argument, ".steps: empty"));
  }
  if (ladder.steps.size() > kMaxSteps) {
    return absl::InvalidArgumentError(
        absl::StrCat(argument, ".steps: ", ladder.steps.size(), " steps, at most ", kMaxSteps));
  }
  for (size_t i = 0; i < ladder.steps.size(); ++i) {
    const DunningStep& s = ladder.steps[i];
    const std::string step = absl::StrCat(argument, ".steps[", i, "]");
    if (!IsActionIdentifier(s.action)) {
      return absl::InvalidArgumentError(
          absl::StrCat(step, ".action: \"", s.action,
                       "\" is not a lower-case identifier (a-z, 0-9, _) of 1-32 characters"));
    }
    if (i > 0 && s.offset_days <= ladder.steps[i - 1].offset_days) {
      return absl::InvalidArgumentError(absl::StrCat(step, ".offset_days: ", s.offset_days,
                                                     " is not after ",
                                                     ladder.steps[i - 1].offset_days));
    }
    if (s.offset_days < -kMaxOffsetDays || s.offset_days > kMaxOffsetDays) {
      return absl::InvalidArgumentError(
          absl::StrCat(step, ".offset_days: ", s.offset_days, " is outside +-", kMaxOffsetDays));
    }
    HK_RETURN_IF_ERROR(
        CheckText(absl::StrCat(step, ".description"), s.description, Presence::kOptional, 200));
  }
  return absl::OkStatus();
}

TierLadders DefaultTierLadders() {
  TierLadders ladders;
  for (int t = 0; t < 4; ++t) ladders[t] = DefaultLadderForTier(static_cast<Tier>(t));
  return ladders;
}

absl::Status ValidateTierLadders(const TierLadders& ladders, absl::string_view argument) {
  for (int t = 0; t < 4; ++t) {
    HK_RETURN_IF_ERROR(ValidateLadder(
        ladders[t], absl::StrCat(argument, "[", TierName(static_cast<Tier>(t)), "]")));
  }
  return absl::OkStatus();
}

absl::StatusOr<DunningRun> DueDunningActions(absl::Span<const DunningLadder> ladders,
                                             const DunningInvoices& inv, EpochDay as_of) {
  if (ladders.empty()) return absl::InvalidArgumentError("ladders: empty");
  for (size_t l = 0; l < ladders.size(); ++l) {
    HK_RETURN_IF_ERROR(ValidateLadder(ladders[l], absl::StrCat("ladders[", l, "]")));
  }
  const size_t n = inv.invoice_ids.size();
  HK_RETURN_IF_ERROR(CheckLength("due_days", inv.due_days.size(), n));
  HK_RETURN_IF_ERROR(CheckLength("open_amounts", inv.open_amounts.size(), n));
  HK_RETURN_IF_ERROR(CheckOptionalLength("ladder_index", inv.ladder_index.size(), n));
  HK_RETURN_IF_ERROR(CheckOptionalLength("disputed", inv.disputed.size(), n));
  HK_RETURN_IF_ERROR(CheckOptionalLength("payment_plan_active", inv.payment_plan_active.size(), n));
  HK_RETURN_IF_ERROR(CheckOptionalLength("last_step_done", inv.last_step_done.size(), n));
  HK_RETURN_IF_ERROR(ValidateEpochDay(as_of, "as_of"));
  HK_RETURN_IF_ERROR(ValidateEpochDays(inv.due_days, "due_days"));
  HK_RETURN_IF_ERROR(CheckAmounts("open_amounts", inv.open_amounts));
  for (size_t i = 0; i < inv.ladder_index.size(); ++i) {
    const int32_t l = inv.ladder_index[i];
    if (l < 0 || static_cast<size_t>(l) >= ladders.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ladder_index[", i, "]: ", l, " is not a ladder (", ladders.size(), " given)"));
    }
  }
  const bool catch_up = !inv.last_step_done.empty();
  for (size_t i = 0; i < inv.last_step_done.size(); ++i) {
    const int32_t l = inv.ladder_index.empty() ? 0 : inv.ladder_index[i];
    const int32_t done = inv.last_step_done[i];
    if (done < -1 || done >= static_cast<int32_t>(ladders[l].steps.size())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "last_step_done[", i, "]: ", done, " is outside -1..", ladders[l].steps.size() - 1));
    }
  }

  DunningRun run;
  for (size_t i = 0; i < n; ++i) {
    if (inv.open_amounts[i] == 0) continue;
    const int32_t l = inv.ladder_index.empty() ? 0 : inv.ladder_index[i];
    const std::vector<DunningStep>& steps = ladders[l].steps;
    const int32_t days_from_due = as_of - inv.due_days[i];
    // The latest step whose day has come (steps are sorted by offset).
    int32_t latest = -1;
    for (size_t k = 0; k < steps.size() && steps[k].offset_days <= days_from_due; ++k) {
      latest = static_cast<int32_t>(k);
    }
    if (latest < 0) continue;
    if (catch_up) {
      if (latest <= inv.last_step_done[i]) continue;
    } else if (steps[latest].offset_days != days_from_due) {
      continue;
    }
    if (!inv.disputed.empty() && inv.disputed[i] != 0) {
      ++run.paused_disputed;
      continue;
    }
    if (!inv.payment_plan_active.empty() && inv.payment_plan_active[i] != 0) {
      ++run.paused_payment_plan;
      continue;
    }
    if (catch_up) run.skipped_steps += latest - inv.last_step_done[i] - 1;
    run.actions.push_back(
        DunningAction{i, inv.invoice_ids[i], l, latest, days_from_due, &steps[latest]});
  }
  return run;
}

}  // namespace huikuan::core
