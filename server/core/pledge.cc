#include "server/core/pledge.h"

#include "absl/strings/str_cat.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view PledgeKindName(PledgeKind kind) {
  switch (kind) {
    case PledgeKind::kPledge:
      return "pledge";
    case PledgeKind::kFactoring:
      return "factoring";
  }
  return "pledge";
}

std::optional<PledgeKind> ParsePledgeKind(absl::string_view name) {
  if (name == "pledge") return PledgeKind::kPledge;
  if (name == "factoring") return PledgeKind::kFactoring;
  return std::nullopt;
}

absl::Status CheckNotPledged(const std::optional<ActivePledge>& pledge,
                             absl::string_view invoice_name) {
  if (!pledge) return absl::OkStatus();
  return RuleViolation(
      kInvoicePledged, invoice_name,
      absl::StrCat(invoice_name, " is ",
                   pledge->kind == PledgeKind::kFactoring ? "factored to " : "pledged to ",
                   pledge->financier,
                   ": it may not be written off or settled until finance releases it with ",
                   pledge->financier, "'s release reference"));
}

absl::Status ValidatePledge(const InvoiceBalance& balance, EpochDay invoice_day,
                            const std::optional<ActivePledge>& active, Fen amount,
                            EpochDay pledged_day, EpochDay today, absl::string_view invoice_name) {
  if (pledged_day > today) return FieldViolation("pledged_date", "must not be after today");
  if (pledged_day < invoice_day) {
    return FieldViolation("pledged_date", "must not be before the invoice date");
  }
  if (amount <= 0) return FieldViolation("amount_fen", "must be positive");
  if (active) {
    return RuleViolation(
        "ALREADY_PLEDGED", invoice_name,
        absl::StrCat(invoice_name, " is already ",
                     active->kind == PledgeKind::kFactoring ? "factored to " : "pledged to ",
                     active->financier));
  }
  if (balance.status != InvoiceStatus::kOpen) {
    return RuleViolation(kInvoiceNotOpen, invoice_name,
                         absl::StrCat(invoice_name, " is ", InvoiceStatusName(balance.status),
                                      ": only an open invoice can be pledged or factored"));
  }
  if (amount > balance.open) {
    return RuleViolation(kExceedsOpen, invoice_name,
                         absl::StrCat("the amount ", FormatYuan(amount), " exceeds the ",
                                      FormatYuan(balance.open), " open on ", invoice_name));
  }
  return absl::OkStatus();
}

absl::Status ValidateRelease(bool already_released, EpochDay pledged_day, EpochDay released_day,
                             EpochDay today, absl::string_view pledge_name) {
  if (already_released) {
    return RuleViolation("NOT_PLEDGED", pledge_name,
                         absl::StrCat(pledge_name, " is already released"));
  }
  if (released_day > today) return FieldViolation("released_date", "must not be after today");
  if (released_day < pledged_day) {
    return FieldViolation("released_date", "must not be before the pledge date");
  }
  return absl::OkStatus();
}

}  // namespace huikuan::core
