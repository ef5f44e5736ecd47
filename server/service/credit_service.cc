#include "server/service/credit_service.h"

#include <vector>

#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/credit.h"
#include "server/service/credit_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr int32_t kMaxTermDays = 365;

// Approve and Reject: the caller's decision in its role; a rejection needs a comment.
absl::Status Decide(ops::WriteScope& write, const std::string& name, bool approve,
                    const std::string& comment, v1::CreditApplication* application_out,
                    v1::CustomerCredit* credit_out) {
  HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("creditApplications", "name", name));
  HK_RETURN_IF_ERROR(core::CheckText(
      "comment", comment, approve ? core::Presence::kOptional : core::Presence::kRequired));
  HK_ASSIGN_OR_RETURN(ops::CreditDecision decision,
                      ops::DecideCreditApplication(write, id, name, approve, comment));
  *application_out = ApplicationToProto(decision.application);
  if (credit_out != nullptr) *credit_out = CreditToProto(decision.credit);
  return absl::OkStatus();
}

}  // namespace

grpc::Status CreditServiceImpl::SubmitCreditApplication(
    grpc::ServerContext* context, const v1::SubmitCreditApplicationRequest* request,
    v1::SubmitCreditApplicationResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        HK_RETURN_IF_ERROR(CheckAmountField("requested_limit_fen", request->requested_limit_fen(),
                                            Zero::kAllowed));
        if (request->requested_term_days() < 0 || request->requested_term_days() > kMaxTermDays) {
          return FieldViolation("requested_term_days", "must be 0-365 days");
        }
        HK_RETURN_IF_ERROR(
            core::CheckText("comment", request->comment(), core::Presence::kOptional));
        HK_ASSIGN_OR_RETURN(ops::CreditApplicationView application,
                            ops::SubmitCreditApplication(write, customer_id, request->customer(),
                                                         request->requested_limit_fen(),
                                                         request->requested_term_days(),
                                                         request->comment(), approval_chain_));
        *response->mutable_credit_application() = ApplicationToProto(application);
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::GetCreditApplication(grpc::ServerContext* context,
                                                     const v1::GetCreditApplicationRequest* request,
                                                     v1::GetCreditApplicationResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("creditApplications", "name", request->name()));
    HK_ASSIGN_OR_RETURN(ops::CreditApplicationView application,
                        ops::GetCreditApplication(read, id, request->name()));
    *response->mutable_credit_application() = ApplicationToProto(application);
    return absl::OkStatus();
  });
}

grpc::Status CreditServiceImpl::ListCreditApplications(
    grpc::ServerContext* context, const v1::ListCreditApplicationsRequest* request,
    v1::ListCreditApplicationsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    std::optional<core::ApplicationStatus> status;
    if (request->status() != v1::CREDIT_APPLICATION_STATUS_UNSPECIFIED) {
      for (int i = 0; i < core::kApplicationStatusCount; ++i) {
        const auto candidate = static_cast<core::ApplicationStatus>(i);
        if (ToProto(candidate) == request->status()) status = candidate;
      }
      if (!status) return FieldViolation("status", "is not a CreditApplicationStatus");
    }
    HK_ASSIGN_OR_RETURN(
        std::vector<ops::CreditApplicationView> applications,
        ops::ListCreditApplications(read, customer_id, status, page.after_id, page.fetch()));
    response->set_next_page_token(TakePage(
        applications, page, [](const ops::CreditApplicationView& v) { return v.application.id; }));
    for (const auto& application : applications) {
      *response->add_credit_applications() = ApplicationToProto(application);
    }
    return absl::OkStatus();
  });
}

grpc::Status CreditServiceImpl::ApproveCreditApplication(
    grpc::ServerContext* context, const v1::ApproveCreditApplicationRequest* request,
    v1::ApproveCreditApplicationResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](ops::WriteScope& write) {
        return Decide(write, request->name(), /*approve=*/true, request->comment(),
                      response->mutable_credit_application(), response->mutable_customer_credit());
      });
}

grpc::Status CreditServiceImpl::RejectCreditApplication(
    grpc::ServerContext* context, const v1::RejectCreditApplicationRequest* request,
    v1::RejectCreditApplicationResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](ops::WriteScope& write) {
        return Decide(write, request->name(), /*approve=*/false, request->comment(),
                      response->mutable_credit_application(), nullptr);
      });
}

grpc::Status CreditServiceImpl::WithdrawCreditApplication(
    grpc::ServerContext* context, const v1::WithdrawCreditApplicationRequest* request,
    v1::WithdrawCreditApplicationResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("creditApplications", "name",
                                                                       request->name()));
                          HK_RETURN_IF_ERROR(core::CheckText("comment", request->comment(),
                                                             core::Presence::kOptional));
                          HK_ASSIGN_OR_RETURN(ops::CreditApplicationView application,
                                              ops::WithdrawCreditApplication(
                                                  write, id, request->name(), request->comment()));
                          *response->mutable_credit_application() = ApplicationToProto(application);
                          return absl::OkStatus();
                        });
}

grpc::Status CreditServiceImpl::GetCustomerCredit(grpc::ServerContext* context,
                                                  const v1::GetCustomerCreditRequest* request,
                                                  v1::GetCustomerCreditResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(ops::CreditView credit,
                        ops::GetCustomerCredit(read, customer_id, request->customer()));
    *response->mutable_customer_credit() = CreditToProto(credit.credit);
    for (const store::CreditHoldRecord& hold : credit.holds)
      *response->add_holds() = HoldToProto(hold);
    return absl::OkStatus();
  });
}

grpc::Status CreditServiceImpl::PlaceCreditHold(grpc::ServerContext* context,
                                                const v1::PlaceCreditHoldRequest* request,
                                                v1::PlaceCreditHoldResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        core::CreditStatus to = core::CreditStatus::kOnHold;
        switch (request->credit_status()) {
          case v1::CREDIT_STATUS_UNSPECIFIED:
          case v1::CREDIT_STATUS_ON_HOLD:
            break;
          case v1::CREDIT_STATUS_IN_LITIGATION:
            to = core::CreditStatus::kInLitigation;
            break;
          default:
            return FieldViolation("credit_status", "must be ON_HOLD or IN_LITIGATION");
        }
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        HK_RETURN_IF_ERROR(core::CheckText("reason", request->reason(), core::Presence::kRequired));
        HK_ASSIGN_OR_RETURN(
            ops::HoldChange change,
            ops::PlaceCreditHold(write, customer_id, request->customer(), to, request->reason()));
        *response->mutable_hold() = HoldToProto(change.hold);
        *response->mutable_customer_credit() = CreditToProto(change.credit);
        return absl::OkStatus();
      });
}

grpc::Status CreditServiceImpl::ReleaseCreditHold(grpc::ServerContext* context,
                                                  const v1::ReleaseCreditHoldRequest* request,
                                                  v1::ReleaseCreditHoldResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        HK_RETURN_IF_ERROR(core::CheckText("reason", request->reason(), core::Presence::kRequired));
        HK_ASSIGN_OR_RETURN(
            ops::HoldChange change,
            ops::ReleaseCreditHold(write, customer_id, request->customer(), request->reason()));
        *response->mutable_hold() = HoldToProto(change.hold);
        *response->mutable_customer_credit() = CreditToProto(change.credit);
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
