// huikuan.v1.ComplianceService: the contact limits' settings, message templates proposed and
// approved by legal, flagged contacts and the evidence file (issue 14).
// validate -> ops/compliance.h, ops/compliance_pack.h -> compliance_convert.h.
#ifndef HUIKUAN_SERVER_SERVICE_COMPLIANCE_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_COMPLIANCE_SERVICE_H_

#include <functional>
#include <string>

#include "huikuan/v1/compliance_service.grpc.pb.h"
#include "server/core/message_template.h"
#include "server/service/rpc_runtime.h"

namespace huikuan::service {

class ComplianceServiceImpl final : public v1::ComplianceService::Service {
 public:
  // `company`: the creditor's name on the evidence file.
  ComplianceServiceImpl(RpcRuntime& runtime, std::string company)
      : runtime_(runtime), company_(std::move(company)) {}

  grpc::Status GetComplianceSettings(grpc::ServerContext* context,
                                     const v1::GetComplianceSettingsRequest* request,
                                     v1::GetComplianceSettingsResponse* response) override;
  grpc::Status UpdateComplianceSettings(grpc::ServerContext* context,
                                        const v1::UpdateComplianceSettingsRequest* request,
                                        v1::UpdateComplianceSettingsResponse* response) override;
  grpc::Status ListMessageTemplates(grpc::ServerContext* context,
                                    const v1::ListMessageTemplatesRequest* request,
                                    v1::ListMessageTemplatesResponse* response) override;
  grpc::Status ProposeMessageTemplate(grpc::ServerContext* context,
                                      const v1::ProposeMessageTemplateRequest* request,
                                      v1::ProposeMessageTemplateResponse* response) override;
  grpc::Status ApproveMessageTemplate(grpc::ServerContext* context,
                                      const v1::ApproveMessageTemplateRequest* request,
                                      v1::ApproveMessageTemplateResponse* response) override;
  grpc::Status RejectMessageTemplate(grpc::ServerContext* context,
                                     const v1::RejectMessageTemplateRequest* request,
                                     v1::RejectMessageTemplateResponse* response) override;
  grpc::Status ListFlaggedContacts(grpc::ServerContext* context,
                                   const v1::ListFlaggedContactsRequest* request,
                                   v1::ListFlaggedContactsResponse* response) override;
  grpc::Status ExportContactEvidence(grpc::ServerContext* context,
                                     const v1::ExportContactEvidenceRequest* request,
                                     v1::ExportContactEvidenceResponse* response) override;

 private:
  grpc::Status Decide(grpc::ServerContext* context, const std::string& request_id,
                      const google::protobuf::Message& request, const std::string& name,
                      const std::string& note, core::TemplateDecision decision,
                      const std::function<v1::MessageTemplate*()>& out,
                      google::protobuf::Message* response);

  RpcRuntime& runtime_;
  const std::string company_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_COMPLIANCE_SERVICE_H_
