#include "server/service/dunning_service.h"

#include "server/core/status_macros.h"
#include "server/ops/dunning.h"
#include "server/service/dunning_convert.h"
#include "server/service/paging.h"
#include "server/service/request_fields.h"
#include "server/service/status_mapping.h"

namespace huikuan::service {

grpc::Status DunningServiceImpl::PublishDunningLadders(
    grpc::ServerContext* context, const v1::PublishDunningLaddersRequest* request,
    v1::PublishDunningLaddersResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(core::EpochDay effective,
                            ParseDateField("effective_date", request->effective_date()));
        HK_ASSIGN_OR_RETURN(core::TierLadders ladders, TierLaddersFromProto(request->ladders()));
        HK_ASSIGN_OR_RETURN(store::LadderVersionRecord version,
                            ops::PublishLadders(write, ladders, effective, request->comment()));
        *response->mutable_version() = LadderVersionToProto(version);
        return absl::OkStatus();
      });
}

grpc::Status DunningServiceImpl::ListDunningLadderVersions(
    grpc::ServerContext* context, const v1::ListDunningLadderVersionsRequest* request,
    v1::ListDunningLadderVersionsResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    std::vector<store::LadderVersionRecord> versions =
        ops::ListLadderVersions(read, page.after_id, page.fetch());
    response->set_next_page_token(
        TakePage(versions, page, [](const store::LadderVersionRecord& v) { return v.version; }));
    for (const auto& version : versions) *response->add_versions() = LadderVersionToProto(version);
    return absl::OkStatus();
  });
}

grpc::Status DunningServiceImpl::GetDunningLadders(grpc::ServerContext* context,
                                                   const v1::GetDunningLaddersRequest* request,
                                                   v1::GetDunningLaddersResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(std::optional<core::EpochDay> day,
                        ParseOptionalDateField("date", request->date()));
    const core::EpochDay on = day.value_or(read.today);
    std::optional<store::LadderVersionRecord> version = store::LadderVersionInForce(read.db, on);
    if (!version) {
      version.emplace();
      version->ladders = core::DefaultTierLadders();
      version->comment = "the built-in defaults (no version in force)";
    }
    *response->mutable_version() = LadderVersionToProto(*version);
    return absl::OkStatus();
  });
}

grpc::Status DunningServiceImpl::SetDunningOverride(grpc::ServerContext* context,
                                                    const v1::SetDunningOverrideRequest* request,
                                                    v1::SetDunningOverrideResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response,
      [&](ops::WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        std::optional<core::DunningLadder> ladder;
        if (request->has_ladder()) {
          HK_ASSIGN_OR_RETURN(ladder, LadderFromProto("ladder", request->ladder()));
        }
        HK_ASSIGN_OR_RETURN(std::optional<core::EpochDay> expires,
                            ParseOptionalDateField("expire_date", request->expire_date()));
        HK_ASSIGN_OR_RETURN(store::DunningOverrideRecord record,
                            ops::SetDunningOverride(write, customer_id, request->customer(),
                                                    std::move(ladder), request->reason(), expires));
        *response->mutable_dunning_override() = OverrideToProto(record);
        return absl::OkStatus();
      });
}

grpc::Status DunningServiceImpl::ClearDunningOverride(
    grpc::ServerContext* context, const v1::ClearDunningOverrideRequest* request,
    v1::ClearDunningOverrideResponse* response) {
  return runtime_.Write(context, *request, request->request_id(), response,
                        [&](ops::WriteScope& write) -> absl::Status {
                          HK_ASSIGN_OR_RETURN(
                              int64_t customer_id,
                              ParseIdField("customers", "customer", request->customer()));
                          return ops::ClearDunningOverride(write, customer_id, request->customer());
                        });
}

grpc::Status DunningServiceImpl::ListDunningOverrides(
    grpc::ServerContext* context, const v1::ListDunningOverridesRequest* request,
    v1::ListDunningOverridesResponse* response) {
  return runtime_.Read(context, [&](ops::ReadScope& read) -> absl::Status {
    HK_ASSIGN_OR_RETURN(Page page, ParsePage(request->page_size(), request->page_token()));
    HK_ASSIGN_OR_RETURN(
        std::vector<store::DunningOverrideRecord> overrides,
        ops::ListDunningOverrides(read, request->only_in_force(), page.after_id, page.fetch()));
    response->set_next_page_token(TakePage(
        overrides, page, [](const store::DunningOverrideRecord& o) { return o.customer_id; }));
    for (const auto& record : overrides) *response->add_overrides() = OverrideToProto(record);
    return absl::OkStatus();
  });
}

}  // namespace huikuan::service
