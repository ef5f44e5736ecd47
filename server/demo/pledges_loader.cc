#include "server/demo/pledges_loader.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/ops/audit_trail.h"
#include "server/ops/caller.h"
#include "server/ops/pledges.h"
#include "server/ops/scopes.h"
#include "server/store/identity_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::demo {
namespace {

constexpr char kMethod[] = "huikuan-server seed-demo pledges";

struct DemoPledge {
  core::PledgeKind kind;
  const char* financier;
  const char* reference;
  int32_t days_ago;           // pledged
  int32_t released_days_ago;  // 0: still active
  const char* release_reference;
};

constexpr DemoPledge kPledges[] = {
    {core::PledgeKind::kPledge, "工商银行宁波分行", "ICBC-NB-ZY-2026-031", 12, 0, ""},
    {core::PledgeKind::kPledge, "工商银行宁波分行", "ICBC-NB-ZY-2026-032", 5, 0, ""},
    {core::PledgeKind::kFactoring, "平安商业保理", "PAFL-2026-118", 8, 0, ""},
    {core::PledgeKind::kPledge, "宁波银行", "NBCB-ZY-2026-007", 60, 10, "NBCB-JC-2026-007"},
};

// The customer's largest open invoice issued on or before `issued_by` and, when `current_on` is
// given, not yet due then.
std::optional<store::InvoiceRecord> LargestOpen(store::ConnectionPool::Lease& db,
                                                int64_t customer_id,
                                                std::optional<core::EpochDay> current_on,
                                                core::EpochDay issued_by) {
  store::InvoiceFilter filter;
  filter.customer_id = customer_id;
  filter.status = core::InvoiceStatus::kOpen;
  std::optional<store::InvoiceRecord> best;
  for (store::InvoiceRecord& invoice : store::ListInvoices(db, filter, 0, 10'000)) {
    if (invoice.balance.open <= 0 || (current_on && invoice.due_day < *current_on) ||
        invoice.invoice_day > issued_by) {
      continue;
    }
    if (!best || invoice.balance.open > best->balance.open) best = std::move(invoice);
  }
  return best;
}

}  // namespace

absl::StatusOr<int32_t> LoadDemoPledges(store::ConnectionPool::Lease& db,
                                        const DemoHistory& history,
                                        const std::vector<int64_t>& customer_ids, absl::Time now) {
  std::optional<store::UserRecord> user = store::FindUserByUsername(db, "finance01");
  if (!user) return absl::InternalError("demo user finance01 missing");
  ops::Caller caller;
  caller.user_id = user->id;
  caller.username = user->username;
  caller.department = ops::Department::kFinance;
  caller.level = ops::Level::kStaff;
  const core::EpochDay today = history.today;
  int32_t made = 0;
  size_t next_customer = 0;
  for (const DemoPledge& demo : kPledges) {
    const core::EpochDay pledged_day = today - demo.days_ago;
    // A financier takes current receivables; the released pledge's invoice may since be due.
    std::optional<core::EpochDay> current_on;
    if (demo.released_days_ago == 0) current_on = today;
    std::optional<store::InvoiceRecord> invoice;
    for (int tried = 0; !invoice && tried < 100 && next_customer < customer_ids.size(); ++tried) {
      invoice = LargestOpen(db, customer_ids[next_customer++], current_on, pledged_day);
    }
    if (!invoice) break;
    auto run = [&](core::EpochDay day, auto fn) -> absl::Status {
      ops::AuditTrail audit(caller, kMethod, absl::StrCat("seed-demo-pledges-", made, "-", day),
                            now);
      ops::WriteScope write(db, caller, now, day, audit);
      HK_RETURN_IF_ERROR(fn(write));
      audit.Flush(db);
      return absl::OkStatus();
    };
    int64_t pledge_id = 0;
    HK_RETURN_IF_ERROR(run(pledged_day, [&](ops::WriteScope& write) -> absl::Status {
      ops::PledgeDraft draft;
      draft.invoice_id = invoice->id;
      draft.kind = demo.kind;
      draft.financier = demo.financier;
      draft.amount = invoice->balance.open;
      draft.reference = demo.reference;
      draft.note = demo.kind == core::PledgeKind::kFactoring
                       ? "无追索权保理, 回款直接付至保理商"
                       : "应收账款质押, 融资额度为质押金额的80%";
      HK_ASSIGN_OR_RETURN(
          store::PledgeRecord pledge,
          ops::PledgeInvoice(write, draft, core::FormatResourceName("invoices", invoice->id)));
      pledge_id = pledge.id;
      return absl::OkStatus();
    }));
    ++made;
    if (demo.released_days_ago > 0) {
      HK_RETURN_IF_ERROR(
          run(today - demo.released_days_ago, [&](ops::WriteScope& write) -> absl::Status {
            return ops::ReleasePledge(write, pledge_id, ops::PledgeName(pledge_id),
                                      demo.release_reference, std::nullopt)
                .status();
          }));
    }
  }
  return made;
}

}  // namespace huikuan::demo
