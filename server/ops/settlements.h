// Goods-for-debt settlements (R-PAY-1; seed 000's F/G case, 以货抵债): finance requests clearing
// part of an invoice with goods the customer hands over at an agreed value; a management head
// approves or rejects it, like a write-off (collections.h), and approval moves the amount from
// the invoice's open amount to its settled amount (core::SettleInKind) in the same transaction,
// inside the ledger invariants (store::kLedgerInvariantsSql). Statements show it apart from cash
// (core::Statement::settled_in_kind). Every change audited.
#ifndef HUIKUAN_SERVER_OPS_SETTLEMENTS_H_
#define HUIKUAN_SERVER_OPS_SETTLEMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/decision_state.h"
#include "server/core/money.h"
#include "server/ops/scopes.h"
#include "server/store/ledger_store.h"
#include "server/store/settlement_store.h"

namespace huikuan::ops {

std::string SettlementName(int64_t id);  // "settlements/7"

struct SettlementDraft {
  int64_t invoice_id = 0;
  core::Fen amount = 0;
  std::string goods_description;
  std::string valuation_basis;
  std::string reason;
};
// FAILED_PRECONDITION INVOICE_NOT_OPEN / EXCEEDS_OPEN when the invoice could not be settled by
// that amount now (checked again on approval); NOT_FOUND outside the caller's scope.
absl::StatusOr<store::SettlementRecord> RequestSettlement(WriteScope& write,
                                                          const SettlementDraft& draft,
                                                          absl::string_view invoice_name);

struct DecidedSettlement {
  store::SettlementRecord settlement;
  store::InvoiceRecord invoice;  // settled when approved
};
// NOT_REQUESTED when already decided; approving applies core::SettleInKind (EXCEEDS_OPEN when
// payments have lowered the open amount since the request).
absl::StatusOr<DecidedSettlement> DecideSettlement(WriteScope& write, int64_t id,
                                                   absl::string_view name, bool approve,
                                                   const std::string& comment);

absl::StatusOr<store::SettlementRecord> GetSettlement(ReadScope& read, int64_t id,
                                                      absl::string_view name);
std::vector<store::SettlementRecord> ListSettlements(ReadScope& read,
                                                     std::optional<int64_t> customer_id,
                                                     std::optional<core::DecisionStatus> status,
                                                     int64_t after_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_SETTLEMENTS_H_
