// Invoice disputes (issue 9): raised by sales or finance on the customer's word with a reason
// code, by the customer on a statement (statements.h shares DisputeLockedInvoice), or recorded by
// an import; a disputed invoice is paused (status disputed: cash application skips it, the ladder
// and late fees stop) until a finance head resolves it. Every change audited.
#ifndef HUIKUAN_SERVER_OPS_DISPUTES_H_
#define HUIKUAN_SERVER_OPS_DISPUTES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/dispute.h"
#include "server/ops/scopes.h"
#include "server/store/dispute_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::ops {

inline constexpr absl::string_view kDisputes = "disputes";
std::string DisputeName(int64_t id);  // "disputes/7"

struct DisputeDraft {
  core::DisputeSource source = core::DisputeSource::kStaff;
  core::DisputeReason reason_code = core::DisputeReason::kOther;
  std::string reason;
  std::optional<int64_t> statement_id;
};

// Disputes an invoice the caller has locked (after its customer's row): core::Dispute
// (INVOICE_NOT_OPEN unless open), the dispute row raised today, both audited. `invoice_name`
// names the invoice in errors.
absl::StatusOr<store::DisputeRecord> DisputeLockedInvoice(WriteScope& write,
                                                          store::InvoiceRecord& invoice,
                                                          absl::string_view invoice_name,
                                                          const DisputeDraft& draft);

struct RaisedDispute {
  store::DisputeRecord dispute;
  store::InvoiceRecord invoice;  // now disputed
};
// A dispute raised by staff. NOT_FOUND naming `invoice_name` outside the caller's scope.
absl::StatusOr<RaisedDispute> RaiseDispute(WriteScope& write, int64_t invoice_id,
                                           absl::string_view invoice_name,
                                           core::DisputeReason reason_code,
                                           const std::string& reason);

// The invoice back into the ledger's rules (core::ResolveDispute), its open disputes resolved
// today with `resolution`. INVOICE_NOT_DISPUTED when it is not disputed.
absl::StatusOr<store::InvoiceRecord> ResolveDispute(WriteScope& write, int64_t invoice_id,
                                                    absl::string_view invoice_name,
                                                    const std::string& resolution);

// Disputes the caller may see, optionally of one customer, only unresolved ones, id > after_id.
std::vector<store::DisputeRecord> ListDisputes(ReadScope& read, std::optional<int64_t> customer_id,
                                               bool open_only, int64_t after_id, int limit);

// A dispute of the past (an import's history): raised and resolved on the given days.
struct HistoricalDispute {
  int64_t invoice_id = 0;
  core::EpochDay raised_day = 0;
  core::EpochDay resolved_day = 0;
};
// Records them, resolved, each with its audit event.
void RecordHistoricalDisputes(WriteScope& write, const std::vector<HistoricalDispute>& disputes,
                              const std::string& reason, const std::string& resolution);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_DISPUTES_H_
