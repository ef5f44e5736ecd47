#include "server/service/credit_service.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/approval_chain.h"
#include "server/core/money.h"
#include "server/core/resource_name.h"
#include "server/core/scorecard.h"
#include "server/core/status_macros.h"
#include "server/service/customer_profile.h"
#include "server/service/customer_service.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"

namespace huikuan::service {
namespace {

constexpr int32_t kMaxTermDays = 365;
constexpr size_t kMaxCommentChars = 2000;
constexpr int kMaxHoldHistory = 100;

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

// Row scoping of a customer known by id and owner (CanSeeCustomer is the one rule).
bool CanSee(const Principal& caller, int64_t customer_id, int64_t owner_user_id) {
  store::CustomerRecord customer;
  customer.id = customer_id;
  customer.owner_user_id = owner_user_id;
  return CanSeeCustomer(caller, customer);
}

absl::Status ValidateText(absl::string_view field, absl::string_view value, bool required) {
  if (required && value.empty()) return FieldViolation(field, "is required");
  if (value.size() > kMaxCommentChars) {
    return FieldViolation(field, "must be at most 2000 characters");
  }
  return absl::OkStatus();
}

std::string ApplicationName(int64_t id) {
  return core::FormatResourceName("creditApplications", id);
}

v1::CreditApplicationStatus StatusToProto(const std::string& status) {
  if (status == "submitted") return v1::CREDIT_APPLICATION_STATUS_SUBMITTED;
  if (status == "approved") return v1::CREDIT_APPLICATION_STATUS_APPROVED;
  if (status == "rejected") return v1::CREDIT_APPLICATION_STATUS_REJECTED;
  if (status == "withdrawn") return v1::CREDIT_APPLICATION_STATUS_WITHDRAWN;
  return v1::CREDIT_APPLICATION_STATUS_UNSPECIFIED;
}

v1::CreditStatus CreditStatusToProto(const std::string& status) {
  if (status == "active") return v1::CREDIT_STATUS_ACTIVE;
  if (status == "on_hold") return v1::CREDIT_STATUS_ON_HOLD;
  if (status == "in_litigation") return v1::CREDIT_STATUS_IN_LITIGATION;
  return v1::CREDIT_STATUS_UNSPECIFIED;
}

v1::CustomerCredit CreditToProto(const store::CustomerCreditRecord& credit) {
  v1::CustomerCredit proto;
  proto.set_customer(core::FormatResourceName("customers", credit.customer_id));
  proto.set_credit_limit_fen(credit.credit_limit);
  proto.set_credit_status(CreditStatusToProto(credit.credit_status));
  return proto;
}

v1::CreditApplication ApplicationToProto(
    const store::CreditApplicationRecord& application,
    const std::vector<store::CreditApprovalRecord>& approvals) {
  v1::CreditApplication proto;
  proto.set_name(ApplicationName(application.id));
  proto.set_customer(core::FormatResourceName("customers", application.customer_id));
  proto.set_requested_limit_fen(application.requested_limit);
  proto.set_requested_term_days(application.requested_term_days);
  proto.set_status(StatusToProto(application.status));
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  // Written by SubmitCreditApplication from a CustomerAssessment; always parses.
  (void)google::protobuf::util::JsonStringToMessage(application.pre_review_json,
                                                    proto.mutable_pre_review(), options);
  for (const std::string& role : application.required_approvers) {
    proto.add_required_approver_roles(role);
    const bool decided =
        std::any_of(approvals.begin(), approvals.end(),
                    [&](const store::CreditApprovalRecord& a) { return a.approver_role == role; });
    if (!decided && application.status == "submitted") proto.add_pending_approver_roles(role);
  }
  for (const store::CreditApprovalRecord& approval : approvals) {
    v1::CreditApproval* out = proto.add_approvals();
    out->set_approver(core::FormatResourceName("users", approval.approver_user_id));
    out->set_role(approval.approver_role);
    out->set_decision(approval.decision == "approve" ? v1::CREDIT_DECISION_APPROVE
                                                     : v1::CREDIT_DECISION_REJECT);
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
  proto.set_etag(absl::StrCat("\"", application.version, "\""));
  return proto;
}

v1::CreditHold HoldToProto(const store::CreditHoldRecord& hold) {
  v1::CreditHold proto;
  proto.set_customer(core::FormatResourceName("customers", hold.customer_id));
  proto.set_credit_status(CreditStatusToProto(hold.credit_status));
  proto.set_reason(hold.reason);
  proto.set_user(core::FormatResourceName("users", hold.user_id));
  *proto.mutable_create_time() = ToProtoTimestamp(hold.create_time);
  return proto;
}

// The model's recommendation as the core's type, from the stored pre-review.
core::CreditRecommendation RecommendationFromProto(const v1::CustomerAssessment& pre_review) {
  core::CreditRecommendation recommendation;
  const v1::CreditRecommendation& proto = pre_review.recommendation();
  for (core::CreditGrade grade : {core::CreditGrade::kA, core::CreditGrade::kB,
                                  core::CreditGrade::kC, core::CreditGrade::kD}) {
    if (core::CreditGradeName(grade) == proto.grade()) recommendation.grade = grade;
  }
  recommendation.term_days = proto.term_days();
  recommendation.prepayment_bp = proto.prepayment_bp();
  recommendation.credit_limit = proto.credit_limit_fen();
  return recommendation;
}

// Whether the request stays within the pre-review's recommendation, as the core decides it (the
// bands do not matter for that, so the defaults do).
absl::StatusOr<bool> WithinRecommendation(const v1::CustomerAssessment& pre_review,
                                          core::Fen requested_limit, int32_t requested_term_days) {
  HK_ASSIGN_OR_RETURN(core::CreditRouting routing,
                      core::RouteCreditApplication(requested_limit, requested_term_days,
                                                   RecommendationFromProto(pre_review)));
  return routing.within_recommendation;
}

// Records the caller's decision on an application: the shared part of Approve and Reject.
// `credit` receives the customer's credit after the decision.
absl::Status Decide(WriteScope& write, absl::string_view name, bool approve,
                    const std::string& comment, v1::CreditApplication* out,
                    v1::CustomerCredit* credit_out) {
  HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("creditApplications", "name", name));
  HK_RETURN_IF_ERROR(ValidateText("comment", comment, !approve));
  // The locking protocol: the customer row first, then the application.
  HK_ASSIGN_OR_RETURN(store::CreditApplicationRecord unlocked,
                      store::GetCreditApplication(write.db, id, false));
  HK_ASSIGN_OR_RETURN(store::CustomerCreditRecord credit,
                      store::GetCustomerCredit(write.db, unlocked.customer_id, true));
  if (!CanSee(write.caller, credit.customer_id, credit.owner_user_id)) return NotFound(name);
  HK_ASSIGN_OR_RETURN(store::CreditApplicationRecord application,
                      store::GetCreditApplication(write.db, id, true));
  std::vector<store::CreditApprovalRecord> approvals =
      store::ListCreditApprovals(write.db, application.id, true);
  const v1::CreditApplication before = ApplicationToProto(application, approvals);
  if (application.status != "submitted") {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " is ", application.status, ": it takes no more decisions"));
  }
  const std::string role = write.caller.role();
  const auto& required = application.required_approvers;
  if (std::find(required.begin(), required.end(), role) == required.end()) {
    return absl::PermissionDeniedError(absl::StrCat(role, " is not a required approver of ", name,
                                                    " (required: ", absl::StrJoin(required, ", "),
                                                    ")"));
  }
  for (const store::CreditApprovalRecord& approval : approvals) {
    if (approval.approver_role == role) {
      return absl::FailedPreconditionError(absl::StrCat(role, " has already decided on ", name,
                                                        " (", approval.decision, "d by users/",
                                                        approval.approver_user_id, ")"));
    }
  }
  store::CreditApprovalRecord decision;
  decision.application_id = application.id;
  decision.approver_user_id = write.caller.user_id;
  decision.approver_role = role;
  decision.decision = approve ? "approve" : "reject";
  decision.comment = comment;
  decision.decide_time = write.now;
  store::InsertCreditApproval(write.db, decision);
  approvals.push_back(decision);

  bool limit_applied = false;
  if (!approve) {
    application.status = "rejected";
    application.decide_time = write.now;
  } else if (approvals.size() == required.size()) {
    // Every required role has approved (each role decides once, and any rejection ends the
    // application): the limit applies now, in this transaction.
    application.status = "approved";
    application.decide_time = write.now;
    limit_applied = true;
  }
  application.update_time = write.now;
  HK_ASSIGN_OR_RETURN(application, store::UpdateCreditApplicationStatus(write.db, application));
  *out = ApplicationToProto(application, approvals);
  write.Audit(name, &before, out);
  if (limit_applied) {
    const v1::CustomerCredit credit_before = CreditToProto(credit);
    store::SetCreditLimit(write.db, credit.customer_id, application.requested_limit, write.now);
    credit.credit_limit = application.requested_limit;
    *credit_out = CreditToProto(credit);
    write.Audit(credit_out->customer(), &credit_before, credit_out);
  } else {
    *credit_out = CreditToProto(credit);
  }
  return absl::OkStatus();
}

// Places (`place`) or releases a hold; the shared part of PlaceCreditHold and ReleaseCreditHold.
absl::Status ChangeHold(WriteScope& write, absl::string_view customer_name,
                        const std::string& reason, bool place, const std::string& new_status,
                        v1::CreditHold* hold_out, v1::CustomerCredit* credit_out) {
  HK_ASSIGN_OR_RETURN(int64_t customer_id, ParseIdField("customers", "customer", customer_name));
  HK_RETURN_IF_ERROR(ValidateText("reason", reason, true));
  HK_ASSIGN_OR_RETURN(store::CustomerCreditRecord credit,
                      store::GetCustomerCredit(write.db, customer_id, true));
  if (!CanSee(write.caller, credit.customer_id, credit.owner_user_id)) {
    return NotFound(customer_name);
  }
  if (place && credit.credit_status != "active") {
    return absl::FailedPreconditionError(
        absl::StrCat(customer_name, " is already ",
                     credit.credit_status == "on_hold" ? "on credit hold" : "in litigation",
                     ": release it first to change the hold"));
  }
  if (!place && credit.credit_status == "active") {
    return absl::FailedPreconditionError(
        absl::StrCat(customer_name, " is not on credit hold: nothing to release"));
  }
  const v1::CustomerCredit before = CreditToProto(credit);
  store::SetCreditStatus(write.db, customer_id, new_status, write.now);
  store::CreditHoldRecord hold;
  hold.customer_id = customer_id;
  hold.action = place ? "place" : "release";
  hold.credit_status = new_status;
  hold.reason = reason;
  hold.user_id = write.caller.user_id;
  hold.create_time = write.now;
  store::InsertCreditHold(write.db, hold);
  credit.credit_status = new_status;
  *credit_out = CreditToProto(credit);
  *hold_out = HoldToProto(hold);
  write.Audit(credit_out->customer(), &before, credit_out);
  return absl::OkStatus();
}

}  // namespace

grpc::Status CreditServiceImpl::SubmitCreditApplication(
    grpc::ServerContext* context, const v1::SubmitCreditApplicationRequest* request,
    v1::SubmitCreditApplicationResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        if (request->requested_limit_fen() < 0 ||
            request->requested_limit_fen() > core::kMaxAbsFen) {
          return FieldViolation("requested_limit_fen", "must be between 0 and 10^17 fen");
        }
        if (request->requested_term_days() < 0 || request->requested_term_days() > kMaxTermDays) {
          return FieldViolation("requested_term_days", "must be 0-365 days");
        }
        HK_RETURN_IF_ERROR(ValidateText("comment", request->comment(), false));
        HK_ASSIGN_OR_RETURN(store::CustomerRecord customer,
                            store::GetCustomer(write.db, customer_id, false));
        if (!CanSeeCustomer(write.caller, customer)) return NotFound(request->customer());

        // The model's pre-review (R-CREDIT-1): the same assessment AssessCustomer computes, from
        // the profile and the ledger as they are now.
        HK_ASSIGN_OR_RETURN(v1::CustomerAssessment pre_review,
                            AssessCustomerAt(write.db, customer, write.now));
        HK_ASSIGN_OR_RETURN(core::CreditRouting routing,
                            core::RouteCreditApplication(
                                request->requested_limit_fen(), request->requested_term_days(),
                                RecommendationFromProto(pre_review), approval_chain_));

        store::CreditApplicationRecord application;
        application.customer_id = customer_id;
        application.requested_limit = request->requested_limit_fen();
        application.requested_term_days = request->requested_term_days();
        google::protobuf::util::JsonPrintOptions options;
        options.preserve_proto_field_names = true;
        if (!google::protobuf::util::MessageToJsonString(pre_review, &application.pre_review_json,
                                                         options)
                 .ok()) {
          return absl::InternalError("cannot encode the pre-review");
        }
        for (core::ApproverRole role : routing.approvers) {
          application.required_approvers.emplace_back(core::ApproverRoleName(role));
        }
        application.comment = request->comment();
        application.created_by = write.caller.user_id;
        application.create_time = write.now;
        application.update_time = write.now;
        application = store::InsertCreditApplication(write.db, application);
        v1::CreditApplication* out = response->mutable_credit_application();
        *out = ApplicationToProto(application, {});
        out->set_within_recommendation(routing.within_recommendation);
        write.Audit(out->name(), nullptr, out);
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::GetCreditApplication(grpc::ServerContext* context,
                                                     const v1::GetCreditApplicationRequest* request,
                                                     v1::GetCreditApplicationResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id,
                            ParseIdField("creditApplications", "name", request->name()));
        HK_ASSIGN_OR_RETURN(store::CreditApplicationRecord application,
                            store::GetCreditApplication(db, id, false));
        HK_ASSIGN_OR_RETURN(store::CustomerCreditRecord credit,
                            store::GetCustomerCredit(db, application.customer_id, false));
        if (!CanSee(caller, credit.customer_id, credit.owner_user_id)) {
          return NotFound(request->name());
        }
        v1::CreditApplication* out = response->mutable_credit_application();
        *out = ApplicationToProto(application, store::ListCreditApprovals(db, id, false));
        HK_ASSIGN_OR_RETURN(bool within,
                            WithinRecommendation(out->pre_review(), application.requested_limit,
                                                 application.requested_term_days));
        out->set_within_recommendation(within);
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::ListCreditApplications(
    grpc::ServerContext* context, const v1::ListCreditApplicationsRequest* request,
    v1::ListCreditApplicationsResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        store::CreditApplicationFilter filter;
        if (!request->customer().empty()) {
          HK_ASSIGN_OR_RETURN(filter.customer_id,
                              ParseIdField("customers", "customer", request->customer()));
        }
        switch (request->status()) {
          case v1::CREDIT_APPLICATION_STATUS_UNSPECIFIED:
            break;
          case v1::CREDIT_APPLICATION_STATUS_SUBMITTED:
            filter.status = "submitted";
            break;
          case v1::CREDIT_APPLICATION_STATUS_APPROVED:
            filter.status = "approved";
            break;
          case v1::CREDIT_APPLICATION_STATUS_REJECTED:
            filter.status = "rejected";
            break;
          case v1::CREDIT_APPLICATION_STATUS_WITHDRAWN:
            filter.status = "withdrawn";
            break;
          default:
            return FieldViolation("status", "is not a CreditApplicationStatus");
        }
        // Customer users have no row in the permission table; sales staff see their customers'.
        if (caller.scoped_to_owned_customers()) filter.owner_user_id = caller.user_id;
        if (caller.department == v1::DEPARTMENT_CUSTOMER) return absl::OkStatus();
        std::vector<store::CreditApplicationRecord> applications =
            store::ListCreditApplications(db, filter, after_id, page_size + 1);
        const bool more = static_cast<int>(applications.size()) > page_size;
        if (more) applications.pop_back();
        absl::flat_hash_map<int64_t, std::vector<store::CreditApprovalRecord>> approvals;
        if (!applications.empty()) {
          for (store::CreditApprovalRecord& approval :
               store::ListCreditApprovalsForPage(db, filter, after_id, applications.back().id)) {
            approvals[approval.application_id].push_back(std::move(approval));
          }
        }
        for (const auto& application : applications) {
          v1::CreditApplication* out = response->add_credit_applications();
          *out = ApplicationToProto(application, approvals[application.id]);
          HK_ASSIGN_OR_RETURN(bool within,
                              WithinRecommendation(out->pre_review(), application.requested_limit,
                                                   application.requested_term_days));
          out->set_within_recommendation(within);
        }
        if (more) response->set_next_page_token(EncodePageToken(applications.back().id));
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::ApproveCreditApplication(
    grpc::ServerContext* context, const v1::ApproveCreditApplicationRequest* request,
    v1::ApproveCreditApplicationResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        return Decide(write, request->name(), true, request->comment(),
                      response->mutable_credit_application(), response->mutable_customer_credit());
      });
}

grpc::Status CreditServiceImpl::RejectCreditApplication(
    grpc::ServerContext* context, const v1::RejectCreditApplicationRequest* request,
    v1::RejectCreditApplicationResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](WriteScope& write) -> absl::Status {
                          v1::CustomerCredit unused;
                          return Decide(write, request->name(), false, request->comment(),
                                        response->mutable_credit_application(), &unused);
                        });
}

grpc::Status CreditServiceImpl::WithdrawCreditApplication(
    grpc::ServerContext* context, const v1::WithdrawCreditApplicationRequest* request,
    v1::WithdrawCreditApplicationResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        const std::string& name = request->name();
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("creditApplications", "name", name));
        HK_RETURN_IF_ERROR(ValidateText("comment", request->comment(), false));
        HK_ASSIGN_OR_RETURN(store::CreditApplicationRecord unlocked,
                            store::GetCreditApplication(write.db, id, false));
        HK_ASSIGN_OR_RETURN(store::CustomerCreditRecord credit,
                            store::GetCustomerCredit(write.db, unlocked.customer_id, true));
        if (!CanSee(write.caller, credit.customer_id, credit.owner_user_id)) return NotFound(name);
        HK_ASSIGN_OR_RETURN(store::CreditApplicationRecord application,
                            store::GetCreditApplication(write.db, id, true));
        const std::vector<store::CreditApprovalRecord> approvals =
            store::ListCreditApprovals(write.db, id, true);
        const v1::CreditApplication before = ApplicationToProto(application, approvals);
        if (application.created_by != write.caller.user_id && !write.caller.is_admin()) {
          return absl::PermissionDeniedError(absl::StrCat("only the submitter (users/",
                                                          application.created_by,
                                                          ") or an admin may withdraw ", name));
        }
        if (application.status != "submitted") {
          return absl::FailedPreconditionError(absl::StrCat(name, " is ", application.status,
                                                            ": only a submitted application can "
                                                            "be withdrawn"));
        }
        application.status = "withdrawn";
        application.update_time = write.now;
        application.decide_time = write.now;
        HK_ASSIGN_OR_RETURN(application,
                            store::UpdateCreditApplicationStatus(write.db, application));
        *response->mutable_credit_application() = ApplicationToProto(application, approvals);
        write.Audit(name, &before, &response->credit_application());
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::GetCustomerCredit(grpc::ServerContext* context,
                                                  const v1::GetCustomerCreditRequest* request,
                                                  v1::GetCustomerCreditResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        HK_ASSIGN_OR_RETURN(store::CustomerCreditRecord credit,
                            store::GetCustomerCredit(db, customer_id, false));
        if (!CanSee(caller, credit.customer_id, credit.owner_user_id)) {
          return NotFound(request->customer());
        }
        *response->mutable_customer_credit() = CreditToProto(credit);
        for (const store::CreditHoldRecord& hold :
             store::ListCreditHolds(db, customer_id, kMaxHoldHistory)) {
          *response->add_holds() = HoldToProto(hold);
        }
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::PlaceCreditHold(grpc::ServerContext* context,
                                                const v1::PlaceCreditHoldRequest* request,
                                                v1::PlaceCreditHoldResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        std::string status;
        switch (request->credit_status()) {
          case v1::CREDIT_STATUS_UNSPECIFIED:
          case v1::CREDIT_STATUS_ON_HOLD:
            status = "on_hold";
            break;
          case v1::CREDIT_STATUS_IN_LITIGATION:
            status = "in_litigation";
            break;
          default:
            return FieldViolation("credit_status", "must be ON_HOLD or IN_LITIGATION");
        }
        return ChangeHold(write, request->customer(), request->reason(), true, status,
                          response->mutable_hold(), response->mutable_customer_credit());
      });
}

grpc::Status CreditServiceImpl::ReleaseCreditHold(grpc::ServerContext* context,
                                                  const v1::ReleaseCreditHoldRequest* request,
                                                  v1::ReleaseCreditHoldResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        return ChangeHold(write, request->customer(), request->reason(), false, "active",
                          response->mutable_hold(), response->mutable_customer_credit());
      });
}

}  // namespace huikuan::service
