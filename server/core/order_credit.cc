#include "server/core/order_credit.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"

namespace huikuan::core {

absl::string_view CreditStatusName(CreditStatus status) {
  switch (status) {
    case CreditStatus::kActive:
      return "active";
    case CreditStatus::kOnHold:
      return "on_hold";
    case CreditStatus::kInLitigation:
      return "in_litigation";
  }
  return "active";
}

std::optional<CreditStatus> ParseCreditStatus(absl::string_view name) {
  return ParseEnumName<CreditStatus, kCreditStatusCount>(name, CreditStatusName);
}

absl::Status CheckNoHold(CreditStatus status, absl::string_view customer_name) {
  switch (status) {
    case CreditStatus::kOnHold:
      return RuleViolation(kCreditHold, customer_name,
                           absl::StrCat(customer_name,
                                        " is on credit hold: no new invoices until the hold is "
                                        "released"));
    case CreditStatus::kInLitigation:
      return RuleViolation(kInLitigation, customer_name,
                           absl::StrCat(customer_name, " is in litigation: no new invoices"));
    case CreditStatus::kActive:
      break;
  }
  return absl::OkStatus();
}

absl::Status CheckOrderCredit(const CreditPosition& position, Fen credit_amount,
                              absl::string_view customer_name, absl::string_view order_number) {
  if (absl::Status held = CheckNoHold(position.status, customer_name); !held.ok()) return held;
  if (credit_amount > 0 && position.exposure > position.limit - credit_amount) {
    return RuleViolation(
        kCreditLimit, customer_name,
        absl::StrCat("order \"", order_number, "\" would exceed the credit limit of ",
                     customer_name, ": open credit ", MoneyText(position.exposure),
                     " + this order's credit part ", MoneyText(credit_amount), " > limit ",
                     MoneyText(position.limit)));
  }
  return absl::OkStatus();
}

absl::Status PlaceHold(CreditStatus& status, CreditStatus to, absl::string_view customer_name) {
  if (status != CreditStatus::kActive) {
    return RuleViolation(
        kHoldState, customer_name,
        absl::StrCat(customer_name, " is already ",
                     status == CreditStatus::kOnHold ? "on credit hold" : "in litigation",
                     ": release it first to change the hold"));
  }
  status = to;
  return absl::OkStatus();
}

absl::Status ReleaseHold(CreditStatus& status, absl::string_view customer_name) {
  if (status == CreditStatus::kActive) {
    return RuleViolation(kHoldState, customer_name,
                         absl::StrCat(customer_name, " is not on credit hold: nothing to release"));
  }
  status = CreditStatus::kActive;
  return absl::OkStatus();
}

}  // namespace huikuan::core
