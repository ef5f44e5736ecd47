#include "server/demo/relationship_loader.h"

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/cadence.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/audit_trail.h"
#include "server/ops/cadence.h"
#include "server/ops/caller.h"
#include "server/ops/promotions.h"
#include "server/ops/scopes.h"
#include "server/store/identity_store.h"
#include "server/store/relationship_store.h"

namespace huikuan::demo {
namespace {

constexpr char kMethod[] = "huikuan-server seed-demo relationship";

// One demo user's write on `day`, audited under the seed's method.
absl::Status As(store::ConnectionPool::Lease& db, const store::UserRecord& user, absl::Time now,
                core::EpochDay day, int& runs,
                absl::FunctionRef<absl::Status(ops::WriteScope&)> fn) {
  ops::Caller caller;
  caller.user_id = user.id;
  caller.username = user.username;
  caller.department = ops::ParseDepartmentKey(user.department).value_or(ops::Department::kAdmin);
  caller.level = ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff);
  ops::AuditTrail audit(caller, kMethod, absl::StrCat("seed-demo-relationship-", ++runs), now);
  ops::WriteScope write(db, caller, now, day, audit);
  HK_RETURN_IF_ERROR(fn(write));
  audit.Flush(db);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RelationshipSummary> LoadDemoRelationship(store::ConnectionPool::Lease& db,
                                                         core::EpochDay today, absl::Time now) {
  RelationshipSummary summary;
  int runs = 0;
  const auto user = [&](const char* username) -> absl::StatusOr<store::UserRecord> {
    std::optional<store::UserRecord> found = store::FindUserByUsername(db, username);
    if (!found) return absl::InternalError(absl::StrCat("demo user ", username, " missing"));
    return *found;
  };
  HK_ASSIGN_OR_RETURN(store::UserRecord gm, user("gm"));
  HK_ASSIGN_OR_RETURN(store::UserRecord investment, user("invest01"));
  HK_ASSIGN_OR_RETURN(store::UserRecord sales_head, user("sales.head"));

  core::TierCadences cadence = core::DefaultCadence();
  cadence[static_cast<int>(core::Tier::kPotential)].monthly_day = 0;
  for (core::Tier tier : {core::Tier::kStrategicCore, core::Tier::kKeyPartner}) {
    cadence[static_cast<int>(tier)].upcoming_note =
        "下月我们计划推出新一代节能电机,欢迎您参与新品品鉴会。";
  }
  HK_RETURN_IF_ERROR(As(db, gm, now, today, runs, [&](ops::WriteScope& write) {
    return ops::UpdateCadenceSettings(write, cadence, std::nullopt).status();
  }));

  // Joint promotions of the first strategic and key customers: last month's approved (this
  // month's invoices get the bonus), two months ago approved, one rejected, one waiting.
  const std::vector<store::CadenceCustomer> customers =
      store::ListCadenceCustomers(db, {core::Tier::kStrategicCore, core::Tier::kKeyPartner});
  HK_ASSIGN_OR_RETURN(absl::CivilDay civil, core::FromEpochDay(today));
  struct DemoPromotion {
    int months_ago;
    int day_of_month;
    const char* event;
    const char* evidence;
    int decision;  // 1 approve, -1 reject, 0 leave
  };
  const DemoPromotion promotions[] = {
      {1, 12, "华东区域新品发布会(联合举办)", "发布会签到表及现场照片, 档案号 MKT-2026-031", 1},
      {2, 20, "工业自动化展会联合展台", "展会合同与展位照片, 档案号 MKT-2026-027", 1},
      {1, 5, "客户门店联合促销", "仅有客户口头说明, 无照片或合同", -1},
      {0, 1, "技术研讨会(联合主办)", "研讨会议程与参会名单, 档案号 MKT-2026-036", 0},
  };
  for (size_t i = 0; i < std::size(promotions) && i < customers.size(); ++i) {
    const DemoPromotion& demo = promotions[i];
    const absl::CivilMonth month = absl::CivilMonth(civil) - demo.months_ago;
    HK_ASSIGN_OR_RETURN(core::EpochDay event_day,
                        core::ToEpochDay(absl::CivilDay(month) + (demo.day_of_month - 1)));
    if (event_day > today) event_day = today;
    ops::PromotionDraft draft;
    draft.customer_id = customers[i].id;
    draft.event = demo.event;
    draft.event_day = event_day;
    draft.evidence = demo.evidence;
    int64_t id = 0;
    HK_RETURN_IF_ERROR(
        As(db, investment, now, event_day, runs, [&](ops::WriteScope& write) -> absl::Status {
          HK_ASSIGN_OR_RETURN(
              store::PromotionRecord recorded,
              ops::RecordPromotion(write, draft,
                                   core::FormatResourceName("customers", draft.customer_id)));
          id = recorded.id;
          return absl::OkStatus();
        }));
    ++summary.promotions;
    if (demo.decision == 0) continue;
    HK_RETURN_IF_ERROR(As(db, sales_head, now, event_day, runs, [&](ops::WriteScope& write) {
      return ops::DecidePromotion(write, id, ops::PromotionName(id), demo.decision > 0,
                                  demo.decision > 0 ? "材料齐全, 同意" : "缺少活动证明, 驳回")
          .status();
    }));
    if (demo.decision > 0) ++summary.approved;
  }
  return summary;
}

}  // namespace huikuan::demo
