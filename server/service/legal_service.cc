#include "server/service/legal_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/ops/legal_cases.h"
#include "server/ops/limitation.h"
#include "server/service/credit_convert.h"
#include "server/service/customer_page.h"
#include "server/service/legal_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr int kMaxCaseInvoices = 1000;
constexpr size_t kMaxTitleChars = 200;
constexpr size_t kMaxCaseNumberChars = 100;

void Check(const absl::Status& status, absl::string_view field, FieldViolations& violations) {
  if (!status.ok()) violations.AddAll(status, field);
}

}  // namespace

grpc::Status LegalServiceImpl::OpenLegalCase(grpc::ServerContext* context,
                                             const v1::OpenLegalCaseRequest* request,
                                             v1::OpenLegalCaseResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        ops::LegalCaseDraft draft;
        absl::StatusOr<int64_t> customer_id =
            ParseIdField("customers", "customer", request->customer());
        Check(customer_id.status(), "customer", violations);
        if (request->invoices_size() > kMaxCaseInvoices) {
          violations.Add("invoices", absl::StrCat("at most ", kMaxCaseInvoices, " invoices"));
        }
        for (int k = 0; k < request->invoices_size() && k < kMaxCaseInvoices; ++k) {
          const std::string at = absl::StrCat("invoices[", k, "]");
          absl::StatusOr<int64_t> id = ParseIdField("invoices", at, request->invoices(k));
          Check(id.status(), at, violations);
          if (id.ok()) draft.invoice_ids.push_back(*id);
        }
        absl::StatusOr<core::LegalStage> stage = LegalStageFromProto("stage", request->stage());
        Check(stage.status(), "stage", violations);
        Check(core::CheckName("title", request->title(), kMaxTitleChars), "title", violations);
        if (!request->court_case_number().empty()) {
          Check(core::CheckName("court_case_number", request->court_case_number(),
                                kMaxCaseNumberChars),
                "court_case_number", violations);
        }
        Check(core::CheckText("note", request->note(), core::Presence::kOptional), "note",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        draft.customer_id = *customer_id;
        draft.stage = *stage;
        draft.title = request->title();
        draft.court_case_number = request->court_case_number();
        draft.note = request->note();
        HK_ASSIGN_OR_RETURN(ops::LegalCaseView view,
                            ops::OpenLegalCase(write, draft, request->customer()));
        *response->mutable_legal_case() = LegalCaseToProto(view.legal_case);
        response->set_credit_status(ToProto(view.credit.credit_status));
        return absl::OkStatus();
      });
}

grpc::Status LegalServiceImpl::AdvanceLegalCase(grpc::ServerContext* context,
                                                const v1::AdvanceLegalCaseRequest* request,
                                                v1::AdvanceLegalCaseResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> id = ParseIdField("legalCases", "name", request->name());
        Check(id.status(), "name", violations);
        absl::StatusOr<core::LegalStage> stage = LegalStageFromProto("stage", request->stage());
        Check(stage.status(), "stage", violations);
        Check(core::CheckText("note", request->note(), core::Presence::kOptional), "note",
              violations);
        if (!request->court_case_number().empty()) {
          Check(core::CheckName("court_case_number", request->court_case_number(),
                                kMaxCaseNumberChars),
                "court_case_number", violations);
        }
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(ops::LegalCaseView view,
                            ops::AdvanceLegalCase(write, *id, request->name(), *stage,
                                                  request->note(), request->court_case_number()));
        *response->mutable_legal_case() = LegalCaseToProto(view.legal_case);
        response->set_credit_status(ToProto(view.credit.credit_status));
        return absl::OkStatus();
      });
}

grpc::Status LegalServiceImpl::GetLegalCase(grpc::ServerContext* context,
                                            const v1::GetLegalCaseRequest* request,
                                            v1::GetLegalCaseResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("legalCases", "name", request->name()));
    HK_ASSIGN_OR_RETURN(store::LegalCaseRecord legal_case,
                        ops::GetLegalCase(read, id, request->name()));
    *response->mutable_legal_case() = LegalCaseToProto(legal_case);
    return absl::OkStatus();
  });
}

grpc::Status LegalServiceImpl::ListLegalCases(grpc::ServerContext* context,
                                              const v1::ListLegalCasesRequest* request,
                                              v1::ListLegalCasesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    return ServeCustomerPage(
        *request, *response,
        [&](std::optional<int64_t> customer_id, const Page& page) {
          return ops::ListLegalCases(read, customer_id, request->open_only(), page.after_id,
                                     page.fetch());
        },
        [&](const store::LegalCaseRecord& legal_case) {
          *response->add_legal_cases() = LegalCaseToProto(legal_case);
        });
  });
}

grpc::Status LegalServiceImpl::RecordLimitationEvent(
    grpc::ServerContext* context, const v1::RecordLimitationEventRequest* request,
    v1::RecordLimitationEventResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> invoice_id =
            ParseIdField("invoices", "invoice", request->invoice());
        Check(invoice_id.status(), "invoice", violations);
        absl::StatusOr<core::InterruptionKind> kind =
            InterruptionKindFromProto("kind", request->kind());
        Check(kind.status(), "kind", violations);
        // Promises and payments interrupt through their own records.
        if (kind.ok() && (*kind == core::InterruptionKind::kPromise ||
                          *kind == core::InterruptionKind::kPartialPayment)) {
          violations.Add("kind",
                         "WRITTEN_DEMAND, ACKNOWLEDGEMENT or SUIT_FILED (promises and payments are "
                         "recorded by their own RPCs)");
        }
        absl::StatusOr<core::EpochDay> day = ParseDateField("event_date", request->event_date());
        Check(day.status(), "event_date", violations);
        Check(core::CheckText("note", request->note(), core::Presence::kOptional), "note",
              violations);
        if (!violations.empty()) return violations.ToStatus();
        HK_ASSIGN_OR_RETURN(ops::RecordedLimitationEvent recorded,
                            ops::RecordLimitationEvent(write, *invoice_id, request->invoice(),
                                                       *kind, *day, request->note()));
        response->set_name(core::FormatResourceName("limitationEvents", recorded.event.id));
        response->set_created(recorded.created);
        // The invoice's period now, when it is owed and past due.
        HK_ASSIGN_OR_RETURN(std::vector<ops::InvoiceLimitation> periods,
                            ops::ListLimitationPeriods(
                                write, recorded.event.customer_id,
                                core::FormatResourceName("customers", recorded.event.customer_id)));
        for (const ops::InvoiceLimitation& limitation : periods) {
          if (limitation.invoice.id == *invoice_id) {
            *response->mutable_period() = LimitationToProto(limitation, write.today);
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status LegalServiceImpl::ListLimitationPeriods(
    grpc::ServerContext* context, const v1::ListLimitationPeriodsRequest* request,
    v1::ListLimitationPeriodsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t customer_id,
                        ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(std::vector<ops::InvoiceLimitation> periods,
                        ops::ListLimitationPeriods(read, customer_id, request->customer()));
    std::stable_sort(periods.begin(), periods.end(),
                     [](const ops::InvoiceLimitation& a, const ops::InvoiceLimitation& b) {
                       return a.period.expiry_day < b.period.expiry_day;
                     });
    for (const ops::InvoiceLimitation& limitation : periods) {
      *response->add_periods() = LimitationToProto(limitation, read.today);
    }
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
