#include "server/ops/credit.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/assessment.h"
#include "server/ops/audit_images.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

constexpr int kMaxHoldHistory = 100;

std::string ApplicationName(int64_t id) {
  return core::FormatResourceName("creditApplications", id);
}

// Whether the request stays within the pre-review's recommendation, as the core decides it (the
// bands do not matter for that, so the defaults do).
absl::StatusOr<bool> WithinRecommendation(const store::CreditApplicationRecord& application) {
  HK_ASSIGN_OR_RETURN(
      core::CreditRouting routing,
      core::RouteCreditApplication(application.requested_limit, application.requested_term_days,
                                   application.pre_review.recommendation));
  return routing.within_recommendation;
}

absl::StatusOr<CreditApplicationView> ViewOf(store::CreditApplicationRecord application,
                                             std::vector<store::CreditApprovalRecord> approvals) {
  HK_ASSIGN_OR_RETURN(bool within, WithinRecommendation(application));
  return CreditApplicationView{std::move(application), std::move(approvals), within};
}

// The customer's credit row locked (the locking protocol: customer row first) and scoped.
absl::StatusOr<store::LedgerCustomer> LockVisibleCredit(WriteScope& write, int64_t customer_id,
                                                        absl::string_view name) {
  absl::StatusOr<store::LedgerCustomer> credit =
      store::GetCustomerCredit(write.db, customer_id, store::Lock::kForUpdate);
  if (absl::IsNotFound(credit.status()) ||
      (credit.ok() && !CanSeeCustomer(write.caller, credit->id, credit->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return credit;
}

// The application and its decisions, locked after its customer's row.
struct LockedApplication {
  store::LedgerCustomer credit;
  store::CreditApplicationRecord application;
  std::vector<store::CreditApprovalRecord> approvals;
};
absl::StatusOr<LockedApplication> LockApplication(WriteScope& write, int64_t id,
                                                  absl::string_view name) {
  absl::StatusOr<store::CreditApplicationRecord> unlocked =
      store::GetCreditApplication(write.db, id, store::Lock::kNone);
  if (absl::IsNotFound(unlocked.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(unlocked.status());
  LockedApplication locked;
  HK_ASSIGN_OR_RETURN(locked.credit, LockVisibleCredit(write, unlocked->customer_id, name));
  HK_ASSIGN_OR_RETURN(locked.application,
                      store::GetCreditApplication(write.db, id, store::Lock::kForUpdate));
  locked.approvals = store::ListCreditApprovals(write.db, id, store::Lock::kForUpdate);
  return locked;
}

absl::StatusOr<HoldChange> ChangeHold(WriteScope& write, int64_t customer_id,
                                      absl::string_view name, std::optional<core::CreditStatus> to,
                                      const std::string& reason) {
  HK_ASSIGN_OR_RETURN(store::LedgerCustomer credit, LockVisibleCredit(write, customer_id, name));
  const store::LedgerCustomer before = credit;
  if (to) {
    HK_RETURN_IF_ERROR(core::PlaceHold(credit.credit_status, *to, name));
  } else {
    HK_RETURN_IF_ERROR(core::ReleaseHold(credit.credit_status, name));
  }
  store::SetCreditStatus(write.db, customer_id, credit.credit_status, write.now);
  store::CreditHoldRecord hold;
  hold.customer_id = customer_id;
  hold.placed = to.has_value();
  hold.credit_status = credit.credit_status;
  hold.reason = reason;
  hold.user_id = write.caller.user_id;
  hold.create_time = write.now;
  store::InsertCreditHold(write.db, hold);
  write.audit.Record(core::FormatResourceName("customers", customer_id), CreditImage(before),
                     CreditImage(credit));
  return HoldChange{hold, credit};
}

}  // namespace

absl::StatusOr<CreditApplicationView> SubmitCreditApplication(
    WriteScope& write, int64_t customer_id, absl::string_view customer_name,
    core::Fen requested_limit, int32_t requested_term_days, const std::string& comment,
    const core::ApprovalChainConfig& chain) {
  HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                      GetVisibleCustomer(write.db, write.caller, customer_id, customer_name));
  // The model's pre-review (R-CREDIT-1): the same assessment AssessCustomer computes, from the
  // profile and the ledger as they are now.
  HK_ASSIGN_OR_RETURN(
      core::CustomerAssessment pre_review,
      AssessCustomerOn(write.db, customer, write.today, TieringInForce(write.db, write.today)));
  HK_ASSIGN_OR_RETURN(core::CreditRouting routing,
                      core::RouteCreditApplication(requested_limit, requested_term_days,
                                                   pre_review.recommendation, chain));
  store::CreditApplicationRecord application;
  application.customer_id = customer_id;
  application.requested_limit = requested_limit;
  application.requested_term_days = requested_term_days;
  application.pre_review = std::move(pre_review);
  for (core::ApproverRole role : routing.approvers) {
    application.required_approvers.emplace_back(core::ApproverRoleName(role));
  }
  application.comment = comment;
  application.created_by = write.caller.user_id;
  application.create_time = write.now;
  application.update_time = write.now;
  application = store::InsertCreditApplication(write.db, application);
  CreditApplicationView view{std::move(application), {}, routing.within_recommendation};
  write.audit.Record(ApplicationName(view.application.id), core::Json(),
                     CreditApplicationImage(view.application, view.approvals));
  return view;
}

absl::StatusOr<CreditApplicationView> GetCreditApplication(ReadScope& read, int64_t id,
                                                           absl::string_view name) {
  absl::StatusOr<store::CreditApplicationRecord> application =
      store::GetCreditApplication(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(application.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(application.status());
  absl::StatusOr<store::LedgerCustomer> credit =
      store::GetCustomerCredit(read.db, application->customer_id, store::Lock::kNone);
  HK_RETURN_IF_ERROR(credit.status());
  if (!CanSeeCustomer(read.caller, credit->id, credit->owner_user_id)) {
    return core::NotFoundError(name);
  }
  return ViewOf(*std::move(application),
                store::ListCreditApprovals(read.db, id, store::Lock::kNone));
}

absl::StatusOr<std::vector<CreditApplicationView>> ListCreditApplications(
    ReadScope& read, std::optional<int64_t> customer_id,
    std::optional<core::ApplicationStatus> status, int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  // Customer users have no row in the permission table for these; they would see nothing.
  if (scope.nothing || read.caller.is_customer()) return std::vector<CreditApplicationView>();
  store::CreditApplicationFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.status = status;
  std::vector<store::CreditApplicationRecord> applications =
      store::ListCreditApplications(read.db, filter, after_id, limit);
  absl::flat_hash_map<int64_t, std::vector<store::CreditApprovalRecord>> approvals;
  if (!applications.empty()) {
    for (store::CreditApprovalRecord& approval :
         store::ListCreditApprovalsForPage(read.db, filter, after_id, applications.back().id)) {
      approvals[approval.application_id].push_back(std::move(approval));
    }
  }
  std::vector<CreditApplicationView> views;
  views.reserve(applications.size());
  for (store::CreditApplicationRecord& application : applications) {
    const int64_t id = application.id;
    HK_ASSIGN_OR_RETURN(CreditApplicationView view,
                        ViewOf(std::move(application), std::move(approvals[id])));
    views.push_back(std::move(view));
  }
  return views;
}

absl::StatusOr<CreditDecision> DecideCreditApplication(WriteScope& write, int64_t id,
                                                       absl::string_view name, bool approve,
                                                       const std::string& comment) {
  HK_ASSIGN_OR_RETURN(LockedApplication locked, LockApplication(write, id, name));
  store::CreditApplicationRecord& application = locked.application;
  const store::CreditApplicationRecord before = application;
  const std::vector<store::CreditApprovalRecord> approvals_before = locked.approvals;
  std::vector<core::ApproverDecision> decisions;
  for (const store::CreditApprovalRecord& approval : locked.approvals) {
    decisions.push_back({approval.approver_role, approval.approve, approval.approver_user_id});
  }
  const std::string role = write.caller.role();
  HK_ASSIGN_OR_RETURN(application.status, core::RecordApproverDecision(
                                              application.status, application.required_approvers,
                                              decisions, role, approve, name));
  store::CreditApprovalRecord decision;
  decision.application_id = application.id;
  decision.approver_user_id = write.caller.user_id;
  decision.approver_role = role;
  decision.approve = approve;
  decision.comment = comment;
  decision.decide_time = write.now;
  store::InsertCreditApproval(write.db, decision);
  locked.approvals.push_back(decision);
  if (application.status != core::ApplicationStatus::kSubmitted)
    application.decide_time = write.now;
  application.update_time = write.now;
  HK_ASSIGN_OR_RETURN(application, store::UpdateCreditApplicationStatus(write.db, application));
  write.audit.Record(name, CreditApplicationImage(before, approvals_before),
                     CreditApplicationImage(application, locked.approvals));
  if (application.status == core::ApplicationStatus::kApproved) {
    // The last required role approved: the limit applies now, in this transaction.
    const store::LedgerCustomer credit_before = locked.credit;
    store::SetCreditLimit(write.db, locked.credit.id, application.requested_limit, write.now);
    locked.credit.credit_limit = application.requested_limit;
    write.audit.Record(core::FormatResourceName("customers", locked.credit.id),
                       CreditImage(credit_before), CreditImage(locked.credit));
  }
  HK_ASSIGN_OR_RETURN(CreditApplicationView view,
                      ViewOf(std::move(application), std::move(locked.approvals)));
  return CreditDecision{std::move(view), locked.credit};
}

absl::StatusOr<CreditApplicationView> WithdrawCreditApplication(WriteScope& write, int64_t id,
                                                                absl::string_view name,
                                                                absl::string_view comment) {
  HK_ASSIGN_OR_RETURN(LockedApplication locked, LockApplication(write, id, name));
  store::CreditApplicationRecord& application = locked.application;
  const store::CreditApplicationRecord before = application;
  if (application.created_by != write.caller.user_id && !write.caller.is_admin()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "only the submitter (users/", application.created_by, ") or an admin may withdraw ", name));
  }
  HK_RETURN_IF_ERROR(core::WithdrawApplication(application.status, name));
  application.update_time = write.now;
  application.decide_time = write.now;
  HK_ASSIGN_OR_RETURN(application, store::UpdateCreditApplicationStatus(write.db, application));
  // The withdrawal's comment has no column: its audit event keeps it.
  core::Json after = CreditApplicationImage(application, locked.approvals);
  if (!comment.empty()) after.Set("withdraw_comment", core::Json::String(comment));
  write.audit.Record(name, CreditApplicationImage(before, locked.approvals), after);
  return ViewOf(std::move(application), std::move(locked.approvals));
}

absl::StatusOr<CreditView> GetCustomerCredit(ReadScope& read, int64_t customer_id,
                                             absl::string_view name) {
  absl::StatusOr<store::LedgerCustomer> credit =
      store::GetCustomerCredit(read.db, customer_id, store::Lock::kNone);
  if (absl::IsNotFound(credit.status()) ||
      (credit.ok() && !CanSeeCustomer(read.caller, credit->id, credit->owner_user_id))) {
    return core::NotFoundError(name);
  }
  HK_RETURN_IF_ERROR(credit.status());
  return CreditView{*credit, store::ListCreditHolds(read.db, customer_id, kMaxHoldHistory)};
}

absl::StatusOr<HoldChange> PlaceCreditHold(WriteScope& write, int64_t customer_id,
                                           absl::string_view name, core::CreditStatus to,
                                           const std::string& reason) {
  return ChangeHold(write, customer_id, name, to, reason);
}

absl::StatusOr<HoldChange> ReleaseCreditHold(WriteScope& write, int64_t customer_id,
                                             absl::string_view name, const std::string& reason) {
  return ChangeHold(write, customer_id, name, std::nullopt, reason);
}

}  // namespace huikuan::ops
