// Pledged and factored invoices (seed 000, 增值服务: 应收账款质押融资; 前瞻: 保理; issue 14):
// finance records that an open invoice is pledged to a bank, or factored, naming the financier,
// the amount and the date; while active the invoice refuses write-offs and goods-for-debt
// settlements (core::CheckNotPledged, checked on request and again on approval) until finance
// releases it with the financier's release reference. Aging and the meeting pack show the
// pledged part of the receivables. Every change audited.
#ifndef HUIKUAN_SERVER_OPS_PLEDGES_H_
#define HUIKUAN_SERVER_OPS_PLEDGES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/pledge.h"
#include "server/ops/report_groups.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"
#include "server/store/pledge_store.h"

namespace huikuan::ops {

std::string PledgeName(int64_t id);  // "pledges/7"

struct PledgeDraft {
  int64_t invoice_id = 0;
  core::PledgeKind kind = core::PledgeKind::kPledge;
  std::string financier;
  core::Fen amount = 0;
  std::optional<core::EpochDay> pledged_day;  // none: today
  std::string reference;                      // the financing contract's number, optional
  std::string note;
};

// Locks the customer and the invoice, applies core::ValidatePledge (ALREADY_PLEDGED,
// INVOICE_NOT_OPEN, EXCEEDS_OPEN; INVALID_ARGUMENT "pledged_date"), stores and audits the pledge
// and the invoice's new state. NOT_FOUND outside the caller's scope.
absl::StatusOr<store::PledgeRecord> PledgeInvoice(WriteScope& write, const PledgeDraft& draft,
                                                  absl::string_view invoice_name);

// Releases an active pledge with the financier's release reference (required: the caller checks
// it is present), dated `released_day` (none: today). NOT_PLEDGED when already released.
absl::StatusOr<store::PledgeRecord> ReleasePledge(WriteScope& write, int64_t id,
                                                  absl::string_view name,
                                                  const std::string& release_reference,
                                                  std::optional<core::EpochDay> released_day);

// OK, or FAILED_PRECONDITION INVOICE_PLEDGED naming the financier: for a write-off or a
// settlement of an invoice the caller has locked.
absl::Status CheckInvoiceNotPledged(store::ConnectionPool::Lease& db, int64_t invoice_id,
                                    absl::string_view invoice_name);

absl::StatusOr<store::PledgeRecord> GetPledge(ReadScope& read, int64_t id, absl::string_view name);

struct PledgeQuery {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> invoice_id;
  bool active_only = false;  // active today
};
std::vector<store::PledgeRecord> ListPledges(ReadScope& read, const PledgeQuery& query,
                                             int64_t after_id, int limit);

// Adds each group's pledged amount (per active pledge at the end of `as_of`, the smaller of its
// amount and the invoice's open amount then) to the aging report's rows and total.
void AddPledgedToAging(ReadScope& read, std::optional<int64_t> owner_user_id, core::EpochDay as_of,
                       const ReportGroups& groups, reports::AgingReport& report);

// The pack's pledge section: the pledges active at the end of `last_day` and the totals per
// financier.
void AddPackPledges(ReadScope& read, std::optional<int64_t> owner_user_id, core::EpochDay last_day,
                    reports::MeetingPack& pack);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PLEDGES_H_
