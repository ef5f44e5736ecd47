#include "server/service/risk_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/core/resource_name.h"
#include "server/core/risk_signal_csv.h"
#include "server/core/status_macros.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/risk_convert.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {
namespace {

constexpr int kMaxRiskPageSize = 500;

// The page token of ListCustomerRisks: "<level>.<overdue>.<customer id>" of the last row.
std::string RiskPageToken(const store::CustomerRiskRecord& last) {
  return absl::StrCat(static_cast<int>(last.level), ".", last.figures.overdue, ".",
                      last.customer_id);
}

absl::StatusOr<std::optional<store::CustomerRiskCursor>> ParseRiskPageToken(
    absl::string_view token) {
  if (token.empty()) return std::optional<store::CustomerRiskCursor>();
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  int level = 0;
  store::CustomerRiskCursor cursor;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &level) || level < 0 || level > 3 ||
      !absl::SimpleAtoi(parts[1], &cursor.overdue) ||
      !absl::SimpleAtoi(parts[2], &cursor.customer_id)) {
    return core::FieldViolation("page_token", "is not a token this list returned");
  }
  cursor.level = static_cast<core::WarningLevel>(level);
  return std::optional<store::CustomerRiskCursor>(cursor);
}

}  // namespace

grpc::Status RiskServiceImpl::RecordRiskSignal(grpc::ServerContext* context,
                                               const v1::RecordRiskSignalRequest* request,
                                               v1::RecordRiskSignalResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        FieldViolations violations;
        absl::StatusOr<int64_t> customer_id =
            ParseIdField("customers", "customer", request->customer());
        if (!customer_id.ok()) violations.AddAll(customer_id.status(), "customer");
        const v1::RiskSignal& in = request->signal();
        absl::StatusOr<core::SignalKind> kind = SignalKindFromProto("signal.kind", in.kind());
        if (!kind.ok()) violations.AddAll(kind.status(), "signal.kind");
        absl::StatusOr<core::EpochDay> day = ParseDateField("signal.signal_date", in.signal_date());
        if (!day.ok()) violations.AddAll(day.status(), "signal.signal_date");
        if (!violations.empty()) return violations.ToStatus();
        core::RiskSignal signal;
        signal.kind = *kind;
        signal.source = in.source();
        signal.reference = in.reference();
        signal.day = *day;
        if (in.has_amount()) signal.amount = in.amount_fen();
        if (in.previous_amount_fen() != 0) signal.previous_amount = in.previous_amount_fen();
        signal.value = in.value();
        signal.previous_value = in.previous_value();
        signal.evidence = in.evidence();
        HK_ASSIGN_OR_RETURN(ops::RecordedSignal recorded,
                            ops::RecordRiskSignal(write, *customer_id, request->customer(),
                                                  std::move(signal), settings_));
        *response->mutable_signal() = RiskSignalToProto(recorded.signal);
        response->set_created(recorded.created);
        response->set_level_changed(recorded.change.has_value());
        response->set_profile_changed(recorded.profile_changed);
        HK_ASSIGN_OR_RETURN(ops::CustomerRiskView view,
                            ops::GetCustomerRisk(write, *customer_id, request->customer()));
        *response->mutable_risk() = CustomerRiskToProto(view.current);
        return absl::OkStatus();
      });
}

grpc::Status RiskServiceImpl::ImportRiskSignals(grpc::ServerContext* context,
                                                const v1::ImportRiskSignalsRequest* request,
                                                v1::ImportRiskSignalsResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(std::vector<core::RiskSignalRow> rows,
                            core::ParseRiskSignalCsv(request->csv()));
        HK_ASSIGN_OR_RETURN(ops::SignalImport imported,
                            ops::ImportRiskSignals(write, std::move(rows), settings_));
        response->set_created(imported.created);
        response->set_repeated(imported.repeated);
        for (int64_t id : imported.changed_customer_ids) {
          response->add_changed_customers(core::FormatResourceName("customers", id));
        }
        return absl::OkStatus();
      });
}

grpc::Status RiskServiceImpl::GetCustomerRisk(grpc::ServerContext* context,
                                              const v1::GetCustomerRiskRequest* request,
                                              v1::GetCustomerRiskResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("customers", "customer", request->customer()));
    HK_ASSIGN_OR_RETURN(ops::CustomerRiskView view,
                        ops::GetCustomerRisk(read, id, request->customer()));
    *response->mutable_risk() = CustomerRiskToProto(view.current);
    for (const store::RiskSignalRecord& s : view.signals) {
      *response->add_signals() = RiskSignalToProto(s);
    }
    for (const store::RiskChangeRecord& c : view.history) {
      *response->add_history() = RiskChangeToProto(c);
    }
    return absl::OkStatus();
  });
}

grpc::Status RiskServiceImpl::ListCustomerRisks(grpc::ServerContext* context,
                                                const v1::ListCustomerRisksRequest* request,
                                                v1::ListCustomerRisksResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    FieldViolations violations;
    store::CustomerRiskFilter filter;
    if (request->level() != v1::WARNING_LEVEL_UNSPECIFIED) {
      absl::StatusOr<core::WarningLevel> level = WarningLevelFromProto("level", request->level());
      if (level.ok()) {
        filter.level = *level;
      } else {
        violations.AddAll(level.status(), "level");
      }
    }
    absl::StatusOr<std::optional<int64_t>> owner =
        ParseOptionalIdField("users", "owner", request->owner());
    if (owner.ok()) {
      filter.owner_user_id = *owner;
    } else {
      violations.AddAll(owner.status(), "owner");
    }
    if (!request->department().empty()) filter.owner_department = request->department();
    int size = request->page_size() <= 0 ? 50 : std::min(request->page_size(), kMaxRiskPageSize);
    absl::StatusOr<std::optional<store::CustomerRiskCursor>> after =
        ParseRiskPageToken(request->page_token());
    if (!after.ok()) violations.AddAll(after.status(), "page_token");
    if (request->page_size() < 0) violations.Add("page_size", "must be >= 0");
    if (!violations.empty()) return violations.ToStatus();
    HK_ASSIGN_OR_RETURN(ops::CustomerRiskList list,
                        ops::ListCustomerRisks(read, filter, *after, size + 1));
    if (static_cast<int>(list.rows.size()) > size) {
      list.rows.resize(size);
      response->set_next_page_token(RiskPageToken(list.rows.back()));
    }
    for (const store::CustomerRiskRecord& r : list.rows) {
      *response->add_risks() = CustomerRiskToProto(r);
    }
    for (const store::LevelTotals& t : list.totals) {
      v1::LevelTotal* total = response->add_totals();
      total->set_level(ToProto(t.level));
      total->set_customers(static_cast<int32_t>(t.customers));
      total->set_balance_fen(t.balance);
      total->set_overdue_fen(t.overdue);
    }
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
