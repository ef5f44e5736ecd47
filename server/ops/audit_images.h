// What the audit trail keeps of a resource before and after a change: a JSON image in huikuan's
// own format (core/json.h), defined here below the API, so the evidence chain reads the same
// whatever the API later calls its fields. Amounts are integer fen, dates "YYYY-MM-DD", enums
// their core names, other resources by name ("customers/6").
#ifndef HUIKUAN_SERVER_OPS_AUDIT_IMAGES_H_
#define HUIKUAN_SERVER_OPS_AUDIT_IMAGES_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "server/core/json.h"
#include "server/store/collections_store.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"
#include "server/store/statement_store.h"
#include "server/store/term_policy_store.h"

namespace huikuan::ops {

core::Json InvoiceImage(const store::InvoiceRecord& invoice);
core::Json PaymentImage(const store::PaymentRecord& payment,
                        const std::vector<store::AllocationRecord>& allocations);
// Profile and the assessment's headline figures (score, grade, risk, tier, recommendation).
core::Json CustomerImage(const store::CustomerRecord& customer);
// The credit columns: limit, status, tier.
core::Json CreditImage(const store::LedgerCustomer& credit);
core::Json CreditApplicationImage(const store::CreditApplicationRecord& application,
                                  const std::vector<store::CreditApprovalRecord>& approvals);
// A write-off or a late-fee waiver (`collection`: "writeOffs" or "lateFeeWaivers").
core::Json DecisionImage(const store::WriteOffRecord& request, absl::string_view collection);
core::Json StatementImage(const store::StatementRecord& statement);
core::Json TermPolicyImage(const store::TermPolicyRecord& policy);
core::Json UserImage(const store::UserRecord& user);
core::Json TokenImage(const store::TokenRecord& token);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_AUDIT_IMAGES_H_
