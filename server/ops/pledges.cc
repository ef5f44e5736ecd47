#include "server/ops/pledges.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/audit_images.h"
#include "server/ops/clock.h"
#include "server/ops/row_scope.h"

namespace huikuan::ops {
namespace {

using core::Json;

Json Day(std::optional<core::EpochDay> day) {
  return day ? Json::String(core::FormatDate(*day)) : Json();
}

Json PledgeImage(const store::PledgeRecord& pledge) {
  return Json::Object()
      .Set("name", Json::String(PledgeName(pledge.id)))
      .Set("invoice", Json::String(core::FormatResourceName("invoices", pledge.invoice_id)))
      .Set("customer", Json::String(core::FormatResourceName("customers", pledge.customer_id)))
      .Set("kind", Json::String(core::PledgeKindName(pledge.kind)))
      .Set("financier", Json::String(pledge.financier))
      .Set("amount_fen", Json::Int(pledge.amount))
      .Set("pledged_date", Day(pledge.pledged_day))
      .Set("reference", Json::String(pledge.reference))
      .Set("note", Json::String(pledge.note))
      .Set("created_by", Json::String(core::FormatResourceName("users", pledge.created_by)))
      .Set("released_date", Day(pledge.released_day))
      .Set("release_reference", Json::String(pledge.release_reference))
      .Set("released_by", pledge.released_by
                              ? Json::String(core::FormatResourceName("users", *pledge.released_by))
                              : Json());
}

std::optional<core::ActivePledge> ActiveOf(const std::optional<store::PledgeRecord>& pledge) {
  if (!pledge) return std::nullopt;
  return core::ActivePledge{pledge->financier, pledge->kind};
}

core::Fen PledgedOpen(const store::PledgeAsOf& entry) {
  return std::min(entry.pledge.amount, entry.open);
}

}  // namespace

std::string PledgeName(int64_t id) { return core::FormatResourceName("pledges", id); }

absl::StatusOr<store::PledgeRecord> PledgeInvoice(WriteScope& write, const PledgeDraft& draft,
                                                  absl::string_view invoice_name) {
  absl::StatusOr<store::InvoiceRecord> peek =
      store::GetInvoice(write.db, draft.invoice_id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(invoice_name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, peek->customer_id, invoice_name).status());
  HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                      store::GetInvoice(write.db, draft.invoice_id, store::Lock::kForUpdate));
  const std::optional<store::PledgeRecord> active =
      store::GetActivePledge(write.db, invoice.id, store::Lock::kForUpdate);
  const core::EpochDay pledged_day = draft.pledged_day.value_or(write.today);
  HK_RETURN_IF_ERROR(core::ValidatePledge(invoice.balance, invoice.invoice_day, ActiveOf(active),
                                          draft.amount, pledged_day, write.today, invoice_name));
  store::PledgeRecord pledge;
  pledge.invoice_id = invoice.id;
  pledge.customer_id = invoice.customer_id;
  pledge.kind = draft.kind;
  pledge.financier = draft.financier;
  pledge.amount = draft.amount;
  pledge.pledged_day = pledged_day;
  pledge.reference = draft.reference;
  pledge.note = draft.note;
  pledge.created_by = write.caller.user_id;
  pledge.create_time = pledge.update_time = write.now;
  store::InsertPledge(write.db, pledge);
  // The invoice's own trail shows it too (and the open-invoice cache sees nothing change: the
  // amounts do not move).
  write.audit.Record(PledgeName(pledge.id), Json(), PledgeImage(pledge));
  HK_ASSIGN_OR_RETURN(store::PledgeRecord stored,
                      store::GetPledge(write.db, pledge.id, store::Lock::kNone));
  return stored;
}

absl::StatusOr<store::PledgeRecord> ReleasePledge(WriteScope& write, int64_t id,
                                                  absl::string_view name,
                                                  const std::string& release_reference,
                                                  std::optional<core::EpochDay> released_day) {
  absl::StatusOr<store::PledgeRecord> peek = store::GetPledge(write.db, id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(peek.status());
  HK_RETURN_IF_ERROR(LockVisibleCustomer(write.db, write.caller, peek->customer_id, name).status());
  HK_RETURN_IF_ERROR(
      store::GetInvoice(write.db, peek->invoice_id, store::Lock::kForUpdate).status());
  HK_ASSIGN_OR_RETURN(store::PledgeRecord pledge,
                      store::GetPledge(write.db, id, store::Lock::kForUpdate));
  const store::PledgeRecord before = pledge;
  const core::EpochDay day = released_day.value_or(write.today);
  HK_RETURN_IF_ERROR(
      core::ValidateRelease(!pledge.active(), pledge.pledged_day, day, write.today, name));
  pledge.released_day = day;
  pledge.release_reference = release_reference;
  pledge.released_by = write.caller.user_id;
  pledge.update_time = write.now;
  store::UpdatePledgeRelease(write.db, pledge);
  write.audit.Record(name, PledgeImage(before), PledgeImage(pledge));
  return pledge;
}

absl::Status CheckInvoiceNotPledged(store::ConnectionPool::Lease& db, int64_t invoice_id,
                                    absl::string_view invoice_name) {
  return core::CheckNotPledged(ActiveOf(store::GetActivePledge(db, invoice_id, store::Lock::kNone)),
                               invoice_name);
}

absl::StatusOr<store::PledgeRecord> GetPledge(ReadScope& read, int64_t id, absl::string_view name) {
  absl::StatusOr<store::PledgeRecord> pledge = store::GetPledge(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(pledge.status()) ||
      (pledge.ok() && !CanSeeCustomer(read.caller, pledge->customer_id, pledge->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return pledge;
}

std::vector<store::PledgeRecord> ListPledges(ReadScope& read, const PledgeQuery& query,
                                             int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, query.customer_id);
  if (scope.nothing) return {};
  store::PledgeFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.invoice_id = query.invoice_id;
  if (query.active_only) filter.active_on = read.today;
  return store::ListPledges(read.db, filter, after_id, limit);
}

void AddPledgedToAging(ReadScope& read, std::optional<int64_t> owner_user_id, core::EpochDay as_of,
                       const ReportGroups& groups, reports::AgingReport& report) {
  absl::flat_hash_map<std::string, reports::AgingRow*> rows;
  for (reports::AgingRow& row : report.rows) rows[row.group] = &row;
  for (const store::PledgeAsOf& entry :
       store::ListPledgesActiveOn(read.db, owner_user_id, as_of, StartOfCompanyDay(as_of + 1))) {
    const core::Fen pledged = PledgedOpen(entry);
    if (pledged <= 0) continue;
    auto it = rows.find(groups.Group(groups.KeyOf(entry.pledge.customer_id)));
    if (it == rows.end()) continue;  // a customer outside the report's groups
    it->second->pledged += pledged;
    report.total.pledged += pledged;
  }
}

void AddPackPledges(ReadScope& read, std::optional<int64_t> owner_user_id, core::EpochDay last_day,
                    reports::MeetingPack& pack) {
  absl::flat_hash_map<std::string, size_t> by_financier;
  for (const store::PledgeAsOf& entry : store::ListPledgesActiveOn(
           read.db, owner_user_id, last_day, StartOfCompanyDay(last_day + 1))) {
    const store::PledgeRecord& p = entry.pledge;
    reports::PledgeLine line;
    line.pledge_id = p.id;
    line.invoice_id = p.invoice_id;
    line.invoice_number = p.invoice_number;
    line.customer_name = p.customer_name;
    line.kind = std::string(core::PledgeKindName(p.kind));
    line.financier = p.financier;
    line.pledged_day = p.pledged_day;
    line.amount = p.amount;
    line.open = entry.open;
    line.pledged_open = PledgedOpen(entry);
    auto [it, added] = by_financier.try_emplace(p.financier, pack.pledge_totals.size());
    if (added) pack.pledge_totals.push_back({p.financier, 0, 0, 0});
    reports::FinancierTotal& total = pack.pledge_totals[it->second];
    ++total.invoices;
    total.amount += line.amount;
    total.pledged_open += line.pledged_open;
    pack.pledges.push_back(std::move(line));
  }
  std::sort(pack.pledge_totals.begin(), pack.pledge_totals.end(),
            [](const reports::FinancierTotal& a, const reports::FinancierTotal& b) {
              if (a.pledged_open != b.pledged_open) return a.pledged_open > b.pledged_open;
              return a.financier < b.financier;
            });
}

}  // namespace huikuan::ops
