// Monthly statements (R-STMT-1, 对账单) and invoice disputes: a statement is built by the core
// (core/statement.h) from the ledger up to the month's end and stored as a new version of the
// month; the customer (or finance on its behalf) confirms it, or disputes lines, which pauses
// those invoices until a finance head resolves them.
#ifndef HUIKUAN_SERVER_OPS_STATEMENTS_H_
#define HUIKUAN_SERVER_OPS_STATEMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/statement.h"
#include "server/ops/scopes.h"
#include "server/store/ledger_store.h"
#include "server/store/statement_store.h"

namespace huikuan::ops {

// "YYYY-MM" -> the month's days, or INVALID_ARGUMENT on `field`.
absl::StatusOr<core::Period> ParseMonth(absl::string_view field, absl::string_view month);

// A new version of the customer's statement of `month`.
absl::StatusOr<store::StatementRecord> GenerateStatement(WriteScope& write, int64_t customer_id,
                                                         absl::string_view customer_name,
                                                         const std::string& month,
                                                         const core::Period& period);

absl::StatusOr<store::StatementRecord> GetStatement(ReadScope& read, int64_t id,
                                                    absl::string_view name);
std::vector<store::StatementRecord> ListStatements(ReadScope& read,
                                                   std::optional<int64_t> customer_id,
                                                   int64_t after_id, int limit);

// Only the newest version of a month, only while issued. Finance confirming (on the phone, by a
// signed paper copy) is recorded as on behalf of the customer; the portal user confirms in its
// own name.
absl::StatusOr<store::StatementRecord> ConfirmStatement(WriteScope& write, int64_t id,
                                                        absl::string_view name);

struct DisputedLines {
  store::StatementRecord statement;
  std::vector<store::InvoiceRecord> invoices;  // now disputed, in the order named
};
// Every named number must be a line of this statement, named once (INVALID_ARGUMENT on
// "invoice_numbers[k]"); each must be open (core::Dispute).
absl::StatusOr<DisputedLines> DisputeStatementLines(WriteScope& write, int64_t id,
                                                    absl::string_view name,
                                                    const std::vector<std::string>& invoice_numbers,
                                                    const std::string& reason);

// The invoice back into the ledger's rules (core::ResolveDispute), its disputes closed.
absl::StatusOr<store::InvoiceRecord> ResolveDispute(WriteScope& write, int64_t invoice_id,
                                                    absl::string_view invoice_name,
                                                    const std::string& resolution);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_STATEMENTS_H_
