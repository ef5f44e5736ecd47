#include "server/service/compliance_service.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/compliance.h"
#include "server/ops/compliance_pack.h"
#include "server/ops/statements.h"
#include "server/service/compliance_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

absl::StatusOr<std::optional<int32_t>> ParseClockField(absl::string_view field,
                                                       absl::string_view text) {
  if (text.empty()) return std::nullopt;
  std::optional<int32_t> minute = core::ParseClockMinute(text);
  if (!minute) return FieldViolation(field, "must be a time of day, HH:MM (00:00-23:59)");
  return minute;
}

absl::StatusOr<core::Language> ParseLanguageField(absl::string_view field, absl::string_view text) {
  std::optional<core::Language> language = core::ParseLanguage(text);
  if (!language) return FieldViolation(field, "must be zh-CN or en");
  return *language;
}

}  // namespace

grpc::Status ComplianceServiceImpl::GetComplianceSettings(
    grpc::ServerContext* context, const v1::GetComplianceSettingsRequest* /*request*/,
    v1::GetComplianceSettingsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    *response->mutable_settings() = ComplianceSettingsToProto(ops::GetComplianceSettings(read));
    return absl::OkStatus();
  });
}

grpc::Status ComplianceServiceImpl::UpdateComplianceSettings(
    grpc::ServerContext* context, const v1::UpdateComplianceSettingsRequest* request,
    v1::UpdateComplianceSettingsResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        const v1::ComplianceSettings& in = request->settings();
        FieldViolations violations;
        core::ComplianceSettings settings;
        settings.weekly_automatic_cap = in.weekly_automatic_cap();
        absl::StatusOr<std::optional<int32_t>> start =
            ParseClockField("settings.quiet_start", in.quiet_start());
        absl::StatusOr<std::optional<int32_t>> end =
            ParseClockField("settings.quiet_end", in.quiet_end());
        if (!start.ok()) violations.AddAll(start.status(), "settings.quiet_start");
        if (!end.ok()) violations.AddAll(end.status(), "settings.quiet_end");
        std::optional<int64_t> version;
        if (!in.etag().empty()) {
          absl::StatusOr<int64_t> parsed = ParseEtagField("settings.etag", in.etag());
          if (parsed.ok()) {
            version = *parsed;
          } else {
            violations.AddAll(parsed.status(), "settings.etag");
          }
        }
        HK_RETURN_IF_ERROR(violations.ToStatus());
        settings.quiet_start_minute = *start;
        settings.quiet_end_minute = *end;
        // The core names the fields of the settings; the request nests them in `settings`.
        for (const core::FieldViolationDetail& v :
             core::GetFieldViolations(core::ValidateComplianceSettings(settings))) {
          violations.Add(absl::StrCat("settings.", v.field), v.description);
        }
        HK_RETURN_IF_ERROR(violations.ToStatus());
        HK_ASSIGN_OR_RETURN(store::ComplianceSettingsRecord record,
                            ops::UpdateComplianceSettings(write, settings, version));
        *response->mutable_settings() = ComplianceSettingsToProto(record);
        return absl::OkStatus();
      });
}

grpc::Status ComplianceServiceImpl::ListMessageTemplates(
    grpc::ServerContext* context, const v1::ListMessageTemplatesRequest* request,
    v1::ListMessageTemplatesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    store::TemplateFilter filter;
    if (!request->action().empty()) filter.action = request->action();
    if (!request->language().empty()) {
      HK_ASSIGN_OR_RETURN(filter.language, ParseLanguageField("language", request->language()));
    }
    if (request->status() != v1::MESSAGE_TEMPLATE_STATUS_UNSPECIFIED) {
      const int value = static_cast<int>(request->status()) - 1;
      if (value < 0 || value >= core::kTemplateStatusCount) {
        return FieldViolation("status", "unknown status");
      }
      filter.status = static_cast<core::TemplateStatus>(value);
    }
    // Ids go down the list; the page token is the last id shown.
    std::vector<store::MessageTemplateRecord> list =
        ops::ListMessageTemplates(read, filter, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(list, page, [](const store::MessageTemplateRecord& r) { return r.id; }));
    absl::flat_hash_set<int64_t> in_use;
    for (const store::MessageTemplateRecord& record : store::TemplatesInUse(read.db)) {
      in_use.insert(record.id);
    }
    for (const store::MessageTemplateRecord& record : list) {
      *response->add_templates() = MessageTemplateToProto(record, in_use.contains(record.id));
    }
    return absl::OkStatus();
  });
}

grpc::Status ComplianceServiceImpl::ProposeMessageTemplate(
    grpc::ServerContext* context, const v1::ProposeMessageTemplateRequest* request,
    v1::ProposeMessageTemplateResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(core::Language language,
                            ParseLanguageField("language", request->language()));
        HK_ASSIGN_OR_RETURN(
            store::MessageTemplateRecord record,
            ops::ProposeMessageTemplate(write, request->action(), language,
                                        {request->subject(), request->opening()}, request->note()));
        *response->mutable_template_() = MessageTemplateToProto(record, false);
        return absl::OkStatus();
      });
}

grpc::Status ComplianceServiceImpl::Decide(grpc::ServerContext* context,
                                           const std::string& request_id,
                                           const google::protobuf::Message& request,
                                           const std::string& name, const std::string& note,
                                           core::TemplateDecision decision,
                                           const std::function<v1::MessageTemplate*()>& out,
                                           google::protobuf::Message* response) {
  // `out` is asked for inside the write: the runtime clears the response (and frees its
  // sub-messages) before it runs, so a pointer taken earlier would dangle.
  return runtime_.Write(
      context, request, request_id, response, [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("messageTemplates", "name", name));
        HK_ASSIGN_OR_RETURN(store::MessageTemplateRecord record,
                            ops::DecideMessageTemplate(write, id, name, decision, note));
        bool in_use = false;
        for (const auto& used : store::TemplatesInUse(write.db)) {
          in_use = in_use || used.id == record.id;
        }
        *out() = MessageTemplateToProto(record, in_use);
        return absl::OkStatus();
      });
}

grpc::Status ComplianceServiceImpl::ApproveMessageTemplate(
    grpc::ServerContext* context, const v1::ApproveMessageTemplateRequest* request,
    v1::ApproveMessageTemplateResponse* response) {
  return Decide(
      context, request->request_id(), *request, request->name(), request->note(),
      core::TemplateDecision::kApprove, [response] { return response->mutable_template_(); },
      response);
}

grpc::Status ComplianceServiceImpl::RejectMessageTemplate(
    grpc::ServerContext* context, const v1::RejectMessageTemplateRequest* request,
    v1::RejectMessageTemplateResponse* response) {
  return Decide(
      context, request->request_id(), *request, request->name(), request->note(),
      core::TemplateDecision::kReject, [response] { return response->mutable_template_(); },
      response);
}

grpc::Status ComplianceServiceImpl::ListFlaggedContacts(
    grpc::ServerContext* context, const v1::ListFlaggedContactsRequest* request,
    v1::ListFlaggedContactsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    const std::string month =
        request->month().empty() ? core::FormatDate(read.today).substr(0, 7) : request->month();
    HK_ASSIGN_OR_RETURN(core::Period period, ops::ParseMonth("month", month));
    HK_ASSIGN_OR_RETURN(std::optional<int64_t> customer_id,
                        ParseOptionalIdField("customers", "customer", request->customer()));
    for (const store::FlaggedContactRow& row :
         ops::ListFlaggedContacts(read, period, customer_id)) {
      *response->add_contacts() = FlaggedContactToProto(row);
    }
    return absl::OkStatus();
  });
}

grpc::Status ComplianceServiceImpl::ExportContactEvidence(
    grpc::ServerContext* context, const v1::ExportContactEvidenceRequest* request,
    v1::ExportContactEvidenceResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(
        ops::EvidenceExport file,
        ops::ExportContactEvidence(read, customer_id, request->customer(), company_));
    response->set_filename(file.filename);
    response->set_content_type("application/pdf");
    response->set_content(std::move(file.content));
    response->set_contacts(file.contacts);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
