#include "server/core/invoice_state.h"

#include "absl/strings/str_cat.h"
#include "server/core/enum_names.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

absl::Status CheckPositive(Fen amount) {
  if (amount <= 0 || amount > kMaxAbsFen) {
    return FieldViolation("amount_fen",
                          absl::StrCat("must be > 0 and at most ", kMaxAbsFen, " fen"));
  }
  return absl::OkStatus();
}

absl::Status ExceedsOpen(Fen amount, Fen open, absl::string_view invoice_name) {
  return RuleViolation(kExceedsOpen, invoice_name,
                       absl::StrCat("amount ", MoneyText(amount), " exceeds the open amount of ",
                                    invoice_name, " (", MoneyText(open), ")"));
}

}  // namespace

absl::string_view InvoiceStatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kOpen:
      return "open";
    case InvoiceStatus::kPaid:
      return "paid";
    case InvoiceStatus::kDisputed:
      return "disputed";
    case InvoiceStatus::kWrittenOff:
      return "written_off";
  }
  return "open";
}

std::optional<InvoiceStatus> ParseInvoiceStatus(absl::string_view name) {
  return ParseEnumName<InvoiceStatus, kInvoiceStatusCount>(name, InvoiceStatusName);
}

absl::Status ApplyCash(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name) {
  if (balance.status == InvoiceStatus::kPaid || balance.status == InvoiceStatus::kWrittenOff) {
    return RuleViolation(kInvoiceClosed, invoice_name,
                         absl::StrCat(invoice_name, " is ", InvoiceStatusName(balance.status)));
  }
  if (absl::Status status = CheckPositive(amount); !status.ok()) return status;
  if (amount > balance.open) return ExceedsOpen(amount, balance.open, invoice_name);
  balance.open -= amount;
  if (balance.open == 0) balance.status = InvoiceStatus::kPaid;
  return absl::OkStatus();
}

void ReturnCash(InvoiceBalance& balance, Fen amount) {
  balance.open += amount;
  if (balance.status == InvoiceStatus::kPaid) balance.status = InvoiceStatus::kOpen;
}

absl::Status WriteOff(InvoiceBalance& balance, Fen amount, absl::string_view invoice_name) {
  if (absl::Status status = CheckPositive(amount); !status.ok()) return status;
  if (amount > balance.open) return ExceedsOpen(amount, balance.open, invoice_name);
  balance.open -= amount;
  balance.written_off += amount;
  if (balance.open == 0) balance.status = InvoiceStatus::kWrittenOff;
  return absl::OkStatus();
}

absl::Status Dispute(InvoiceBalance& balance, absl::string_view invoice_name) {
  if (balance.status != InvoiceStatus::kOpen || balance.open <= 0) {
    return RuleViolation(kInvoiceNotOpen, invoice_name,
                         absl::StrCat(invoice_name, " is ", InvoiceStatusName(balance.status),
                                      ": only open invoices can be disputed"));
  }
  balance.status = InvoiceStatus::kDisputed;
  return absl::OkStatus();
}

absl::Status ResolveDispute(InvoiceBalance& balance, absl::string_view invoice_name) {
  if (balance.status != InvoiceStatus::kDisputed) {
    return RuleViolation(
        kInvoiceNotDisputed, invoice_name,
        absl::StrCat(invoice_name, " is ", InvoiceStatusName(balance.status), ", not disputed"));
  }
  balance.status = balance.open > 0 ? InvoiceStatus::kOpen : InvoiceStatus::kPaid;
  return absl::OkStatus();
}

}  // namespace huikuan::core
