#include "server/demo/compliance_loader.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/compliance.h"
#include "server/ops/scopes.h"
#include "server/ops/work_items.h"
#include "server/store/compliance_store.h"
#include "server/store/identity_store.h"

namespace huikuan::demo {
namespace {

constexpr char kMethod[] = "huikuan-server seed-demo compliance";

std::optional<ops::Caller> DemoUser(store::ConnectionPool::Lease& db, const std::string& department,
                                    const std::string& level) {
  for (const store::UserRecord& user : store::ListUsers(db, 0, 1000, "")) {
    if (user.department != department || user.level != level) continue;
    ops::Caller caller;
    caller.user_id = user.id;
    caller.username = user.username;
    caller.department = ops::ParseDepartmentKey(user.department).value_or(ops::Department::kAdmin);
    caller.level = ops::ParseLevelKey(user.level).value_or(ops::Level::kStaff);
    return caller;
  }
  return std::nullopt;
}

template <typename Fn>
absl::Status As(store::ConnectionPool::Lease& db, const ops::Caller& caller, absl::Time now,
                const std::string& request_id, Fn fn) {
  ops::AuditTrail audit(caller, kMethod, request_id, now);
  ops::WriteScope write(db, caller, now, audit);
  HK_RETURN_IF_ERROR(fn(write));
  audit.Flush(db);
  return absl::OkStatus();
}

}  // namespace

absl::Status LoadDemoCompliance(store::ConnectionPool::Lease& db,
                                const std::vector<int64_t>& customer_ids, absl::Time now) {
  if (std::optional<ops::Caller> head = DemoUser(db, "finance", "head")) {
    HK_RETURN_IF_ERROR(As(db, *head, now, "seed-demo-compliance-1", [](ops::WriteScope& write) {
      return ops::ProposeMessageTemplate(
                 write, "dunning_letter", core::Language::kZhCn,
                 {"付款提示函",
                  "截至{as_of},贵司以下{count}笔账款已逾期{days}天,合计{total}元。如有任何疑问,"
                  "欢迎随时与我们联系核对;如无异议,请于七日内安排付款。"},
                 "措辞更温和,先邀请客户核对再提付款期限")
          .status();
    }));
  }
  std::optional<ops::Caller> finance = DemoUser(db, "finance", "staff");
  if (!finance) return absl::OkStatus();
  for (int64_t customer_id : customer_ids) {
    const std::vector<std::string> disputes = store::OpenDisputes(db, customer_id);
    if (disputes.empty()) continue;
    const std::string name = core::FormatResourceName("customers", customer_id);
    HK_RETURN_IF_ERROR(As(
        db, *finance, now - absl::Hours(3), "seed-demo-compliance-2", [&](ops::WriteScope& write) {
          // A reason too: should the demo load in the quiet hours, the reply is outside them.
          const ops::ContactCompliance reply{disputes.front(), "客户约定此时回电"};
          return ops::RecordContact(write, customer_id, name, "phone",
                                    core::ContactOutcome::kReached,
                                    "就争议发票回电:已调取签收单,三日内给出核对结果", reply)
              .status();
        }));
    HK_RETURN_IF_ERROR(As(
        db, *finance, now - absl::Hours(1), "seed-demo-compliance-3", [&](ops::WriteScope& write) {
          const ops::ContactCompliance flagged{"", "客户财务要求今天回电确认本月对账"};
          return ops::RecordContact(write, customer_id, name, "phone",
                                    core::ContactOutcome::kReached,
                                    "回电确认本月对账单金额,客户无异议", flagged)
              .status();
        }));
    break;
  }
  return absl::OkStatus();
}

}  // namespace huikuan::demo
