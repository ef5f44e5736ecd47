// Credit (R-CREDIT-1, R-SCORE-2, R-WARN-4): applications for a limit that the model pre-reviews
// and the heads the amount requires approve (core/approval_chain.h), and credit holds that stop
// supply. Every change audited; the approved limit applies in the transaction of the last
// approval.
#ifndef HUIKUAN_SERVER_OPS_CREDIT_H_
#define HUIKUAN_SERVER_OPS_CREDIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/approval_chain.h"
#include "server/core/order_credit.h"
#include "server/ops/scopes.h"
#include "server/store/credit_store.h"

namespace huikuan::ops {

struct CreditApplicationView {
  store::CreditApplicationRecord application;
  std::vector<store::CreditApprovalRecord> approvals;
  // Whether the requested limit and term stay within the pre-review's recommendation.
  bool within_recommendation = true;
};

// The model's pre-review (the customer's assessment now) routes the application to the
// approvers its amount needs under `chain`. NOT_FOUND naming `customer_name` when invisible.
absl::StatusOr<CreditApplicationView> SubmitCreditApplication(
    WriteScope& write, int64_t customer_id, absl::string_view customer_name,
    core::Fen requested_limit, int32_t requested_term_days, const std::string& comment,
    const core::ApprovalChainConfig& chain);

absl::StatusOr<CreditApplicationView> GetCreditApplication(ReadScope& read, int64_t id,
                                                           absl::string_view name);
// Visible applications, optionally of one customer and status, id > after_id, at most `limit`.
absl::StatusOr<std::vector<CreditApplicationView>> ListCreditApplications(
    ReadScope& read, std::optional<int64_t> customer_id,
    std::optional<core::ApplicationStatus> status, int64_t after_id, int limit);

struct CreditDecision {
  CreditApplicationView application;
  store::LedgerCustomer credit;  // after the decision (the new limit when it was the last)
};
// The caller's decision in its role (core::RecordApproverDecision); comments are required for a
// rejection (the caller checks).
absl::StatusOr<CreditDecision> DecideCreditApplication(WriteScope& write, int64_t id,
                                                       absl::string_view name, bool approve,
                                                       const std::string& comment);

// Only the submitter or an admin withdraws (PERMISSION_DENIED otherwise), and only a submitted
// application. `comment` (optional, checked by the caller) is kept in the audit event.
absl::StatusOr<CreditApplicationView> WithdrawCreditApplication(WriteScope& write, int64_t id,
                                                                absl::string_view name,
                                                                absl::string_view comment);

struct CreditView {
  store::LedgerCustomer credit;
  std::vector<store::CreditHoldRecord> holds;  // newest first, at most 100
};
absl::StatusOr<CreditView> GetCustomerCredit(ReadScope& read, int64_t customer_id,
                                             absl::string_view name);

struct HoldChange {
  store::CreditHoldRecord hold;
  store::LedgerCustomer credit;
};
// `to`: kOnHold or kInLitigation. FAILED_PRECONDITION HOLD_STATE when already held / not held.
absl::StatusOr<HoldChange> PlaceCreditHold(WriteScope& write, int64_t customer_id,
                                           absl::string_view name, core::CreditStatus to,
                                           const std::string& reason);
absl::StatusOr<HoldChange> ReleaseCreditHold(WriteScope& write, int64_t customer_id,
                                             absl::string_view name, const std::string& reason);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_CREDIT_H_
