#include "server/service/credit_convert.h"

#include <algorithm>

#include "server/core/resource_name.h"
#include "server/service/customer_convert.h"
#include "server/service/proto_time.h"
#include "server/service/request_fields.h"

namespace huikuan::service {

v1::CreditStatus ToProto(core::CreditStatus status) {
  switch (status) {
    case core::CreditStatus::kActive:
      return v1::CREDIT_STATUS_ACTIVE;
    case core::CreditStatus::kOnHold:
      return v1::CREDIT_STATUS_ON_HOLD;
    case core::CreditStatus::kInLitigation:
      return v1::CREDIT_STATUS_IN_LITIGATION;
  }
  return v1::CREDIT_STATUS_UNSPECIFIED;
}

v1::CreditApplicationStatus ToProto(core::ApplicationStatus status) {
  switch (status) {
    case core::ApplicationStatus::kSubmitted:
      return v1::CREDIT_APPLICATION_STATUS_SUBMITTED;
    case core::ApplicationStatus::kApproved:
      return v1::CREDIT_APPLICATION_STATUS_APPROVED;
    case core::ApplicationStatus::kRejected:
      return v1::CREDIT_APPLICATION_STATUS_REJECTED;
    case core::ApplicationStatus::kWithdrawn:
      return v1::CREDIT_APPLICATION_STATUS_WITHDRAWN;
  }
  return v1::CREDIT_APPLICATION_STATUS_UNSPECIFIED;
}

v1::CustomerCredit CreditToProto(const store::LedgerCustomer& credit) {
  v1::CustomerCredit proto;
  proto.set_customer(core::FormatResourceName("customers", credit.id));
  proto.set_credit_limit_fen(credit.credit_limit);
  proto.set_credit_status(ToProto(credit.credit_status));
  return proto;
}

v1::CreditHold HoldToProto(const store::CreditHoldRecord& hold) {
  v1::CreditHold proto;
  proto.set_customer(core::FormatResourceName("customers", hold.customer_id));
  proto.set_credit_status(ToProto(hold.credit_status));
  proto.set_reason(hold.reason);
  proto.set_user(core::FormatResourceName("users", hold.user_id));
  *proto.mutable_create_time() = ToProtoTimestamp(hold.create_time);
  return proto;
}

v1::CreditApplication ApplicationToProto(const ops::CreditApplicationView& view) {
  const store::CreditApplicationRecord& application = view.application;
  v1::CreditApplication proto;
  proto.set_name(core::FormatResourceName("creditApplications", application.id));
  proto.set_customer(core::FormatResourceName("customers", application.customer_id));
  proto.set_requested_limit_fen(application.requested_limit);
  proto.set_requested_term_days(application.requested_term_days);
  proto.set_status(ToProto(application.status));
  // The pre-review was made when the application was submitted.
  *proto.mutable_pre_review() = AssessmentToProto(application.pre_review, application.create_time);
  for (const std::string& role : application.required_approvers) {
    proto.add_required_approver_roles(role);
    const bool decided =
        std::any_of(view.approvals.begin(), view.approvals.end(),
                    [&](const store::CreditApprovalRecord& a) { return a.approver_role == role; });
    if (!decided && application.status == core::ApplicationStatus::kSubmitted) {
      proto.add_pending_approver_roles(role);
    }
  }
  for (const store::CreditApprovalRecord& approval : view.approvals) {
    v1::CreditApproval* out = proto.add_approvals();
    out->set_approver(core::FormatResourceName("users", approval.approver_user_id));
    out->set_role(approval.approver_role);
    out->set_decision(approval.approve ? v1::CREDIT_DECISION_APPROVE : v1::CREDIT_DECISION_REJECT);
    out->set_comment(approval.comment);
    *out->mutable_decide_time() = ToProtoTimestamp(approval.decide_time);
  }
  proto.set_comment(application.comment);
  proto.set_create_user(core::FormatResourceName("users", application.created_by));
  *proto.mutable_create_time() = ToProtoTimestamp(application.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(application.update_time);
  if (application.decide_time) {
    *proto.mutable_decide_time() = ToProtoTimestamp(*application.decide_time);
  }
  proto.set_etag(FormatEtag(application.version));
  proto.set_within_recommendation(view.within_recommendation);
  return proto;
}

}  // namespace huikuan::service
