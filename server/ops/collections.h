// Collections beyond cash application (R-TERM-4, seed 002's separation of duties): bad-debt
// write-offs and late-fee waivers requested by finance and decided by a head, and the daily
// late-fee accrual. Every change audited under the names it touches.
#ifndef HUIKUAN_SERVER_OPS_COLLECTIONS_H_
#define HUIKUAN_SERVER_OPS_COLLECTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/ops/scopes.h"
#include "server/store/collections_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

// The resource collections of the two kinds of request (their names: "writeOffs/7").
inline constexpr absl::string_view kWriteOffs = "writeOffs";
inline constexpr absl::string_view kLateFeeWaivers = "lateFeeWaivers";

// A write-off of `amount` of an invoice's open amount, to be decided by a management head.
// FAILED_PRECONDITION EXCEEDS_OPEN when more than is open.
absl::StatusOr<store::WriteOffRecord> RequestWriteOff(WriteScope& write, int64_t invoice_id,
                                                      absl::string_view invoice_name,
                                                      core::Fen amount, const std::string& reason);
struct DecidedWriteOff {
  store::WriteOffRecord write_off;
  store::InvoiceRecord invoice;  // written down when approved
};
// Approving takes the amount off the invoice (core::WriteOff: EXCEEDS_OPEN when payments have
// lowered it since); rejecting changes nothing else. NOT_REQUESTED when already decided.
absl::StatusOr<DecidedWriteOff> DecideWriteOff(WriteScope& write, int64_t id,
                                               absl::string_view name, bool approve,
                                               const std::string& comment);

struct LateFeeRun {
  core::EpochDay as_of = 0;
  int32_t invoices_accrued = 0;
  int32_t days_accrued = 0;
  core::Fen fee = 0;
};
// Charges every day not yet charged up to `as_of` (core::AccrueDailyLateFees) for every overdue
// or late-paid invoice, in the ledger's locking order. A run with nothing to charge writes
// nothing but its run record; `as_of` after today is INVALID_ARGUMENT on `as_of_field`.
absl::StatusOr<LateFeeRun> AccrueLateFees(WriteScope& write, core::EpochDay as_of,
                                          absl::string_view as_of_field);

// Late fees of one customer's invoices, or of one invoice (exactly one of the two), id > after_id.
absl::StatusOr<std::vector<store::LateFeeTotals>> ListLateFees(ReadScope& read,
                                                               std::optional<int64_t> customer_id,
                                                               std::optional<int64_t> invoice_id,
                                                               absl::string_view name_for_errors,
                                                               int64_t after_id, int limit);

// A waiver of `amount` of an invoice's outstanding late fees (EXCEEDS_OUTSTANDING_FEE otherwise).
absl::StatusOr<store::LateFeeWaiverRecord> RequestLateFeeWaiver(WriteScope& write,
                                                                int64_t invoice_id,
                                                                absl::string_view invoice_name,
                                                                core::Fen amount,
                                                                const std::string& reason);
struct DecidedWaiver {
  store::LateFeeWaiverRecord waiver;
  store::LateFeeTotals late_fees;  // after the decision
};
absl::StatusOr<DecidedWaiver> DecideLateFeeWaiver(WriteScope& write, int64_t id,
                                                  absl::string_view name, bool approve,
                                                  const std::string& comment);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_COLLECTIONS_H_
