#include "server/ops/cadence.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "server/core/cadence_message.h"
#include "server/core/kpi.h"
#include "server/core/outbox.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/core/work_item.h"
#include "server/ops/audit_images.h"
#include "server/ops/clock.h"
#include "server/ops/outbox.h"
#include "server/ops/row_scope.h"
#include "server/ops/term_rules.h"
#include "server/ops/work_items.h"
#include "server/store/dunning_store.h"

namespace huikuan::ops {
namespace {

core::Json CadenceImage(const store::CadenceSettingsRecord& record) {
  core::Json tiers = core::Json::Array();
  for (int i = 0; i < 4; ++i) {
    const core::TierCadence& cadence = record.tiers[i];
    core::Json tier = core::Json::Object();
    tier.Set("tier", core::Json::String(core::TierName(static_cast<core::Tier>(i))))
        .Set("monthly_day", core::Json::Int(cadence.monthly_day))
        .Set("quarterly_month", core::Json::Int(cadence.quarterly_month))
        .Set("quarterly_day", core::Json::Int(cadence.quarterly_day))
        .Set("annual_month", core::Json::Int(cadence.annual_month))
        .Set("annual_day", core::Json::Int(cadence.annual_day))
        .Set("upcoming_note", core::Json::String(cadence.upcoming_note));
    tiers.Push(std::move(tier));
  }
  core::Json image = core::Json::Object();
  image.Set("version", core::Json::Int(record.version)).Set("tiers", std::move(tiers));
  return image;
}

// The first and last day of a period of `months` months starting at `first`.
struct DayRange {
  core::EpochDay from = 0;
  core::EpochDay to = 0;
};
absl::StatusOr<DayRange> MonthsFrom(absl::CivilMonth first, int months) {
  HK_ASSIGN_OR_RETURN(core::EpochDay from, core::ToEpochDay(absl::CivilDay(first)));
  HK_ASSIGN_OR_RETURN(core::EpochDay to, core::ToEpochDay(absl::CivilDay(first + months) - 1));
  return DayRange{from, to};
}

core::Fen Sum(const std::vector<store::CadenceInvoice>* invoices, bool open) {
  core::Fen total = 0;
  if (invoices == nullptr) return 0;
  for (const store::CadenceInvoice& invoice : *invoices)
    total += open ? invoice.open : invoice.amount;
  return total;
}

template <typename Map>
const typename Map::mapped_type* Find(const Map& map, int64_t key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

// "<level>\t<rule>\t<text>" lines -> "- <rule>: <text>" lines.
std::string WarningLines(const std::string& reasons) {
  std::string lines;
  for (absl::string_view line : absl::StrSplit(reasons, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits('\t', 2));
    if (!lines.empty()) lines += "\n";
    absl::StrAppend(&lines, "- ",
                    parts.size() == 3 ? absl::StrCat(parts[1], ": ", parts[2]) : line);
  }
  return lines;
}

std::string SourceKey(int64_t customer_id, core::CadenceKind kind, core::Department department,
                      core::EpochDay day) {
  return absl::StrCat("cadence:", customer_id, ":", core::CadenceKindName(kind), "-",
                      core::DepartmentName(department), ":", core::FormatDate(day));
}

}  // namespace

store::CadenceSettingsRecord GetCadenceSettings(ReadScope& read) {
  return store::GetCadenceSettings(read.db, store::Lock::kNone);
}

absl::StatusOr<store::CadenceSettingsRecord> UpdateCadenceSettings(
    WriteScope& write, const core::TierCadences& tiers, std::optional<int64_t> expected_version) {
  core::FieldViolations violations;
  for (int i = 0; i < 4; ++i) {
    violations.AddAll(core::ValidateTierCadence(tiers[i], absl::StrCat("tiers[", i, "]")),
                      absl::StrCat("tiers[", i, "]"));
  }
  HK_RETURN_IF_ERROR(violations.ToStatus());
  const store::CadenceSettingsRecord before =
      store::GetCadenceSettings(write.db, store::Lock::kForUpdate);
  if (expected_version && *expected_version != before.version) {
    return absl::AbortedError(absl::StrCat(kCadenceSettingsName, " changed meanwhile (etag ",
                                           before.version, ", not ", *expected_version, ")"));
  }
  store::CadenceSettingsRecord after;
  after.tiers = tiers;
  after.version = before.version + 1;
  if (write.caller.user_id > 0) after.updated_by = write.caller.user_id;
  after.update_time = write.now;
  store::SaveCadenceSettings(write.db, after);
  write.audit.Record(kCadenceSettingsName, CadenceImage(before), CadenceImage(after));
  return after;
}

absl::StatusOr<CadenceDay> RunCadenceDay(WriteScope& write, core::EpochDay as_of,
                                         const CollectionSettings& settings) {
  CadenceDay day;
  const store::CadenceSettingsRecord stored =
      store::GetCadenceSettings(write.db, store::Lock::kNone);
  day.settings_version = stored.version;
  HK_ASSIGN_OR_RETURN(absl::CivilDay civil, core::FromEpochDay(as_of));
  std::array<std::vector<core::CadenceKind>, 4> due_by_tier;
  std::vector<core::Tier> tiers;
  for (int i = 0; i < 4; ++i) {
    due_by_tier[i] = core::DueCadence(stored.tiers[i], civil);
    if (!due_by_tier[i].empty()) tiers.push_back(static_cast<core::Tier>(i));
  }
  if (tiers.empty()) return day;
  const std::vector<store::CadenceCustomer> customers =
      store::ListCadenceCustomers(write.db, tiers);
  if (customers.empty()) return day;
  std::vector<int64_t> ids;
  for (const store::CadenceCustomer& customer : customers) ids.push_back(customer.id);

  // The periods: the month, quarter and year before as_of's, and the ones before those.
  const absl::CivilMonth this_month(civil);
  const absl::CivilMonth quarter_start(civil.year(), (civil.month() - 1) / 3 * 3 + 1);
  const absl::CivilMonth year_start(civil.year(), 1);
  HK_ASSIGN_OR_RETURN(DayRange last_month, MonthsFrom(this_month - 1, 1));
  HK_ASSIGN_OR_RETURN(DayRange last_quarter, MonthsFrom(quarter_start - 3, 3));
  HK_ASSIGN_OR_RETURN(DayRange quarter_before, MonthsFrom(quarter_start - 6, 3));
  HK_ASSIGN_OR_RETURN(DayRange last_year, MonthsFrom(year_start - 12, 12));
  HK_ASSIGN_OR_RETURN(DayRange year_before, MonthsFrom(year_start - 24, 12));
  const auto open = store::OpenInvoicesAsOf(write.db, ids, as_of, StartOfCompanyDay(as_of + 1));
  const auto month_invoices = store::InvoicesDated(write.db, ids, last_month.from, last_month.to);
  // Reviews need volumes, warnings and promotions; read them only on a day that has one.
  bool any_review = false;
  for (core::Tier tier : tiers) {
    for (core::CadenceKind kind : due_by_tier[static_cast<int>(tier)]) {
      any_review |= kind != core::CadenceKind::kMonthlyReconciliation;
    }
  }
  absl::flat_hash_map<int64_t, std::vector<store::CadenceInvoice>> period_invoices;
  absl::flat_hash_map<int64_t, std::vector<store::CadenceInvoice>> before_invoices;
  absl::flat_hash_map<int64_t, store::CustomerWarning> warnings;
  absl::flat_hash_map<int64_t, int64_t> quarter_promotions;
  absl::flat_hash_map<int64_t, int64_t> year_promotions;
  absl::flat_hash_map<int64_t, std::vector<store::CadenceInvoice>> year_invoices;
  absl::flat_hash_map<int64_t, std::vector<store::CadenceInvoice>> year_before_invoices;
  const TermPolicies policies = TermPolicies::Load(write.db);
  if (any_review) {
    period_invoices = store::InvoicesDated(write.db, ids, last_quarter.from, last_quarter.to);
    before_invoices = store::InvoicesDated(write.db, ids, quarter_before.from, quarter_before.to);
    year_invoices = store::InvoicesDated(write.db, ids, last_year.from, last_year.to);
    year_before_invoices = store::InvoicesDated(write.db, ids, year_before.from, year_before.to);
    warnings = store::CustomerWarnings(write.db, ids);
    quarter_promotions =
        store::CountApprovedPromotions(write.db, ids, last_quarter.from, last_quarter.to);
    year_promotions = store::CountApprovedPromotions(write.db, ids, last_year.from, last_year.to);
  }

  std::vector<store::WorkItemRecord> drafts;
  for (const store::CadenceCustomer& customer : customers) {
    const core::Language language =
        core::ParseLanguage(customer.preferred_language).value_or(core::Language::kZhCn);
    const core::TierCadence& cadence = stored.tiers[static_cast<int>(customer.tier)];
    const std::vector<store::CadenceInvoice>* open_now = Find(open, customer.id);
    const core::Fen balance = Sum(open_now, /*open=*/true);
    for (core::CadenceKind kind : due_by_tier[static_cast<int>(customer.tier)]) {
      store::WorkItemRecord item;
      item.kind = core::WorkItemKind::kRelationship;
      item.customer_id = customer.id;
      item.owner_user_id = customer.owner_user_id;
      item.step = std::string(core::CadenceKindName(kind));
      item.due_day = as_of + core::CadenceDaysToAct(kind);
      item.amount = balance;
      item.priority = core::WorkItemPriority(balance, -7, customer.grade,
                                             /*overdue_permille=*/std::nullopt);
      item.language = std::string(core::LanguageName(language));
      if (open_now != nullptr) {
        for (const store::CadenceInvoice& invoice : *open_now) {
          item.invoices.push_back({invoice.id, invoice.invoice_number, invoice.open});
        }
      }
      core::RenderedMessage message;
      if (kind == core::CadenceKind::kMonthlyReconciliation) {
        const std::vector<store::CadenceInvoice>* bought = Find(month_invoices, customer.id);
        if (bought == nullptr && open_now == nullptr) {
          ++day.nothing_to_reconcile;
          continue;
        }
        core::MonthlyContext context;
        context.company = settings.company_name;
        context.customer = customer.name;
        context.contact = customer.contact_name;
        context.salesperson = customer.owner_name;
        context.month = this_month - 1;
        context.upcoming_note = cadence.upcoming_note;
        context.as_of = as_of;
        if (bought != nullptr) {
          for (const store::CadenceInvoice& invoice : *bought) {
            context.purchases.push_back({invoice.invoice_number, invoice.order_number,
                                         invoice.amount, invoice.invoice_day, invoice.due_day});
          }
        }
        if (open_now != nullptr) {
          for (const store::CadenceInvoice& invoice : *open_now) {
            context.open.push_back({invoice.invoice_number, invoice.order_number, invoice.open,
                                    invoice.invoice_day, invoice.due_day});
          }
        }
        HK_ASSIGN_OR_RETURN(message, core::RenderMonthlyReconciliation(language, context));
        item.channel = std::string(core::ChannelName(core::Channel::kEmail));
        item.title = absl::StrCat(
            customer.name, ": ",
            language == core::Language::kZhCn ? "月度对账沟通 " : "monthly reconciliation ",
            absl::FormatCivilTime(this_month - 1));
        if (customer.contact_email.empty()) {
          absl::StrAppend(&item.title, " (no email address on file)");
        }
      } else {
        const bool annual = kind == core::CadenceKind::kAnnualStrategy;
        const DayRange& period = annual ? last_year : last_quarter;
        core::ReviewContext context;
        context.kind = kind;
        context.customer = customer.name;
        context.tier = customer.tier;
        context.period = annual ? absl::StrCat(civil.year() - 1)
                                : absl::StrCat((quarter_start - 3).year(), "-Q",
                                               ((quarter_start - 3).month() - 1) / 3 + 1);
        context.volume = Sum(Find(annual ? year_invoices : period_invoices, customer.id), false);
        context.previous_volume =
            Sum(Find(annual ? year_before_invoices : before_invoices, customer.id), false);
        context.balance = balance;
        if (open_now != nullptr) {
          for (const store::CadenceInvoice& invoice : *open_now) {
            if (invoice.due_day < as_of) context.overdue += invoice.open;
          }
        }
        absl::StatusOr<double> dso =
            core::DsoSimple(balance, context.volume, period.to - period.from + 1);
        if (dso.ok() && context.volume > 0) context.dso_days = *dso;
        context.credit_days =
            policies.InForce(as_of).rules.matrix[static_cast<int>(customer.tier)].base_term_days;
        context.credit_limit = customer.credit_limit;
        if (const store::CustomerWarning* warning = Find(warnings, customer.id)) {
          context.warning_level = warning->level;
          context.warning_reasons = WarningLines(warning->reasons);
        } else {
          context.warning_level = "green";
        }
        const int64_t* promotions =
            Find(annual ? year_promotions : quarter_promotions, customer.id);
        context.approved_promotions = promotions == nullptr ? 0 : *promotions;
        context.as_of = as_of;
        HK_ASSIGN_OR_RETURN(message, core::RenderReviewBrief(language, context));
        item.channel = std::string(core::ChannelName(core::Channel::kVisit));
        item.title = absl::StrCat(customer.name, ": ", message.subject);
      }
      item.message_subject = core::TruncateChars(message.subject, 300);
      item.message_body = message.body;
      item.title = core::TruncateChars(item.title, core::kMaxWorkItemTitleChars);
      for (core::Department department : core::CadenceDepartments(kind)) {
        store::WorkItemRecord copy = item;
        copy.source_key = SourceKey(customer.id, kind, department, as_of);
        copy.department = department;
        // The monthly message is the salesperson's own; a meeting waits in the department's queue
        // (management, and the sales head's list).
        if (kind == core::CadenceKind::kMonthlyReconciliation) {
          copy.assignee_user_id = customer.owner_user_id;
        }
        drafts.push_back(std::move(copy));
      }
    }
  }
  const size_t planned = drafts.size();
  HK_ASSIGN_OR_RETURN(day.created, CreateWorkItems(write, std::move(drafts)));
  day.already_created = static_cast<int64_t>(planned - day.created.size());
  return day;
}

absl::StatusOr<store::OutboxRecord> SendCadenceMessage(WriteScope& write, int64_t item_id,
                                                       absl::string_view name) {
  // The item's row lock serializes two sends of the same message.
  absl::StatusOr<store::WorkItemRecord> item =
      store::GetWorkItem(write.db, item_id, store::Lock::kForUpdate);
  if (absl::IsNotFound(item.status()) ||
      (item.ok() && !CanSeeCustomer(write.caller, item->customer_id, item->owner_user_id))) {
    return core::NotFoundError(name);
  }
  HK_RETURN_IF_ERROR(item.status());
  if (item->kind != core::WorkItemKind::kRelationship ||
      item->step != core::CadenceKindName(core::CadenceKind::kMonthlyReconciliation) ||
      item->message_body.empty()) {
    return core::RuleViolation("NOT_A_MESSAGE", name,
                               "only a monthly reconciliation item carries a message to send");
  }
  HK_RETURN_IF_ERROR(core::CheckOpen(item->status, name));
  store::OutboxFilter filter;
  filter.work_item_id = item_id;
  if (!store::ListOutboxMessages(write.db, filter, 0, 1).empty()) {
    return core::RuleViolation("ALREADY_QUEUED", name,
                               "the message of this item is in the outbox already");
  }
  const auto customers = store::GetDunningCustomers(write.db, {item->customer_id});
  auto customer = customers.find(item->customer_id);
  if (customer == customers.end() || customer->second.contact_email.empty()) {
    return core::RuleViolation(
        "NO_RECIPIENT", core::FormatResourceName("customers", item->customer_id),
        "no email address on file: record the contact another way and complete the item");
  }
  std::vector<store::OutboxRecord> messages(1);
  store::OutboxRecord& message = messages.front();
  message.work_item_id = item_id;
  message.customer_id = item->customer_id;
  message.owner_user_id = item->owner_user_id;
  message.channel = core::Channel::kEmail;
  message.recipient = customer->second.contact_email;
  message.language = item->language;
  message.subject = item->message_subject;
  message.body = item->message_body;
  message.status = core::InitialOutboxStatus(core::Channel::kEmail);
  message.next_attempt_time = message.create_time = message.update_time = write.now;
  store::InsertOutboxMessages(write.db, messages);
  write.audit.Record(OutboxMessageName(message.id), core::Json(), OutboxImage(message));
  return message;
}

}  // namespace huikuan::ops
