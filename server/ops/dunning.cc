#include "server/ops/dunning.h"

#include <map>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "server/core/dunning_message.h"
#include "server/core/outbox.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"
#include "server/core/work_item.h"
#include "server/ops/audit_images.h"
#include "server/ops/clock.h"
#include "server/ops/compliance.h"
#include "server/ops/dunning_holds.h"
#include "server/ops/forecasts.h"
#include "server/ops/row_scope.h"
#include "server/ops/work_items.h"

namespace huikuan::ops {
namespace {

constexpr int kOverridePage = 1000;

// Every override that applies on `day`: created on or before it and not expired.
absl::flat_hash_map<int64_t, store::DunningOverrideRecord> OverridesOn(
    store::ConnectionPool::Lease& db, core::EpochDay day) {
  absl::flat_hash_map<int64_t, store::DunningOverrideRecord> overrides;
  int64_t after = 0;
  while (true) {
    std::vector<store::DunningOverrideRecord> page =
        store::ListDunningOverrides(db, day, after, kOverridePage);
    for (store::DunningOverrideRecord& record : page) {
      after = record.customer_id;
      if (CompanyDay(record.create_time) <= day) overrides.emplace(after, std::move(record));
    }
    if (page.size() < kOverridePage) return overrides;
  }
}

// Where a message of the outbox channel goes; empty when the customer has no such address.
std::string Recipient(core::Channel outbox_channel, const store::DunningCustomer& customer) {
  switch (outbox_channel) {
    case core::Channel::kEmail:
      return customer.contact_email;
    case core::Channel::kSms:
      return customer.contact_phone;
    default:
      if (customer.contact_address.empty()) return "";
      return absl::StrCat(customer.contact_name.empty() ? "" : customer.contact_name + ", ",
                          customer.name, ", ", customer.contact_address);
  }
}

// The amount-weighted overdue probability of an item's invoices, over those with a prediction.
std::optional<int32_t> ItemOverduePermille(
    const std::vector<const store::DunningCandidate*>& invoices,
    const absl::flat_hash_map<int64_t, int32_t>& overdue_permille) {
  absl::int128 weighted = 0, weight = 0;
  for (const store::DunningCandidate* invoice : invoices) {
    auto found = overdue_permille.find(invoice->invoice_id);
    if (found == overdue_permille.end() || invoice->open <= 0) continue;
    weighted += absl::int128(invoice->open) * found->second;
    weight += invoice->open;
  }
  if (weight == 0) return std::nullopt;
  return static_cast<int32_t>(absl::Int128Low64((weighted + weight / 2) / weight));
}

absl::string_view MissingAddress(core::Channel outbox_channel) {
  switch (outbox_channel) {
    case core::Channel::kEmail:
      return "no email address on file";
    case core::Channel::kSms:
      return "no mobile number on file";
    default:
      return "no postal address on file";
  }
}

// The step of one ladder for one customer on the day, and the invoices it is about.
struct StepGroup {
  const core::DunningStep* step = nullptr;
  int32_t step_index = 0;
  int32_t days_from_due = 0;
  std::vector<const store::DunningCandidate*> invoices;
};

}  // namespace

std::string LadderVersionName(int64_t version) {
  return core::FormatResourceName("dunningLadders", version);
}

std::string DunningSourceKey(int64_t customer_id, int32_t step_index, absl::string_view action,
                             core::EpochDay day) {
  return absl::StrCat("dunning:", customer_id, ":", step_index, "-", action, ":",
                      core::FormatDate(day));
}

absl::StatusOr<store::LadderVersionRecord> PublishLadders(WriteScope& write,
                                                          const core::TierLadders& ladders,
                                                          core::EpochDay effective_day,
                                                          const std::string& comment) {
  HK_RETURN_IF_ERROR(core::ValidateTierLadders(ladders, "ladders"));
  HK_RETURN_IF_ERROR(core::CheckText("comment", comment, core::Presence::kOptional));
  if (effective_day < write.today) {
    return core::FieldViolation(
        "effective_date",
        absl::StrCat(core::FormatDate(effective_day), " is before today ",
                     core::FormatDate(write.today), ": a ladder never changes a day already run"));
  }
  store::LadderVersionRecord record;
  record.version = store::LockLatestLadderVersion(write.db) + 1;
  record.published_day = write.today;
  record.effective_day = effective_day;
  record.ladders = ladders;
  record.comment = comment;
  record.created_by = write.caller.user_id;
  record.create_time = write.now;
  store::InsertLadderVersion(write.db, record);
  write.audit.Record(LadderVersionName(record.version), core::Json(), LadderVersionImage(record));
  return record;
}

std::vector<store::LadderVersionRecord> ListLadderVersions(ReadScope& read, int64_t after_version,
                                                           int limit) {
  return store::ListLadderVersions(read.db, after_version, limit);
}

LaddersInForce LaddersOn(store::ConnectionPool::Lease& db, core::EpochDay day) {
  std::optional<store::LadderVersionRecord> version = store::LadderVersionInForce(db, day);
  if (!version) return LaddersInForce{0, core::DefaultTierLadders()};
  return LaddersInForce{version->version, std::move(version->ladders)};
}

absl::StatusOr<store::DunningOverrideRecord> SetDunningOverride(
    WriteScope& write, int64_t customer_id, absl::string_view customer_name,
    std::optional<core::DunningLadder> ladder, const std::string& reason,
    std::optional<core::EpochDay> expires_day) {
  if (ladder) HK_RETURN_IF_ERROR(core::ValidateLadder(*ladder, "ladder"));
  HK_RETURN_IF_ERROR(core::CheckText("reason", reason, core::Presence::kRequired));
  if (expires_day && *expires_day < write.today) {
    return core::FieldViolation("expire_date",
                                absl::StrCat(core::FormatDate(*expires_day), " is before today ",
                                             core::FormatDate(write.today)));
  }
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, customer_id, customer_name).status());
  std::optional<store::DunningOverrideRecord> before =
      store::GetDunningOverride(write.db, customer_id, store::Lock::kForUpdate);
  store::DunningOverrideRecord record;
  record.customer_id = customer_id;
  record.excluded = !ladder.has_value();
  record.ladder = std::move(ladder);
  record.reason = reason;
  record.expires_day = expires_day;
  record.created_by = write.caller.user_id;
  record.create_time = write.now;
  store::UpsertDunningOverride(write.db, record);
  write.audit.Record(absl::StrCat(customer_name, "/dunningOverride"),
                     before ? DunningOverrideImage(*before) : core::Json(),
                     DunningOverrideImage(record));
  return record;
}

absl::Status ClearDunningOverride(WriteScope& write, int64_t customer_id,
                                  absl::string_view customer_name) {
  HK_RETURN_IF_ERROR(
      LockVisibleCustomer(write.db, write.caller, customer_id, customer_name).status());
  std::optional<store::DunningOverrideRecord> before =
      store::GetDunningOverride(write.db, customer_id, store::Lock::kForUpdate);
  const std::string name = absl::StrCat(customer_name, "/dunningOverride");
  if (!before) return core::NotFoundError(name);
  store::DeleteDunningOverride(write.db, customer_id);
  write.audit.Record(name, DunningOverrideImage(*before), core::Json());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<store::DunningOverrideRecord>> ListDunningOverrides(
    ReadScope& read, bool only_in_force, int64_t after_customer_id, int limit) {
  std::vector<store::DunningOverrideRecord> visible;
  const ListScope scope = ScopeList(read.caller, std::nullopt);
  if (scope.nothing) return visible;
  // Overrides are few (a handful per hundred customers); the row scope is applied here.
  while (static_cast<int>(visible.size()) < limit) {
    std::vector<store::DunningOverrideRecord> page = store::ListDunningOverrides(
        read.db, only_in_force ? std::optional<core::EpochDay>(read.today) : std::nullopt,
        after_customer_id, limit);
    if (page.empty()) break;
    std::vector<int64_t> ids;
    for (const store::DunningOverrideRecord& record : page) ids.push_back(record.customer_id);
    const absl::flat_hash_map<int64_t, store::DunningCustomer> customers =
        store::GetDunningCustomers(read.db, ids);
    for (store::DunningOverrideRecord& record : page) {
      after_customer_id = record.customer_id;
      auto customer = customers.find(record.customer_id);
      if (customer == customers.end() ||
          !CanSeeCustomer(read.caller, record.customer_id, customer->second.owner_user_id)) {
        continue;
      }
      visible.push_back(std::move(record));
      if (static_cast<int>(visible.size()) == limit) break;
    }
    if (static_cast<int>(page.size()) < limit) break;
  }
  return visible;
}

absl::StatusOr<DunningDay> RunDunningDay(WriteScope& write, core::EpochDay as_of,
                                         const CollectionSettings& settings) {
  DunningDay day;
  LaddersInForce in_force = LaddersOn(write.db, as_of);
  day.ladder_version = in_force.version;
  const absl::flat_hash_map<int64_t, store::DunningOverrideRecord> overrides =
      OverridesOn(write.db, as_of);

  // Ladders 0-3 are the tiers'; a customer with its own ladder gets one more.
  std::vector<core::DunningLadder> ladders(in_force.ladders.begin(), in_force.ladders.end());
  absl::flat_hash_map<int64_t, int32_t> own_ladder;
  for (const auto& [customer_id, record] : overrides) {
    if (record.ladder) {
      own_ladder[customer_id] = static_cast<int32_t>(ladders.size());
      ladders.push_back(*record.ladder);
    }
  }
  absl::flat_hash_set<core::EpochDay> due_day_set;
  for (const core::DunningLadder& ladder : ladders) {
    for (const core::DunningStep& step : ladder.steps) due_day_set.insert(as_of - step.offset_days);
  }
  std::vector<core::EpochDay> due_days(due_day_set.begin(), due_day_set.end());
  std::sort(due_days.begin(), due_days.end());

  const std::vector<store::DunningCandidate> candidates =
      store::ListDunningCandidates(write.db, as_of, StartOfCompanyDay(as_of + 1), due_days);
  std::vector<int64_t> customer_ids;
  for (const store::DunningCandidate& c : candidates) customer_ids.push_back(c.customer_id);
  std::sort(customer_ids.begin(), customer_ids.end());
  customer_ids.erase(std::unique(customer_ids.begin(), customer_ids.end()), customer_ids.end());
  const absl::flat_hash_map<int64_t, store::DunningCustomer> customers =
      store::GetDunningCustomers(write.db, customer_ids);

  std::vector<int64_t> ids;
  std::vector<core::EpochDay> due;
  std::vector<core::Fen> open;
  std::vector<int32_t> ladder_index;
  std::vector<uint8_t> disputed;
  for (const store::DunningCandidate& c : candidates) {
    ids.push_back(c.invoice_id);
    due.push_back(c.due_day);
    open.push_back(c.open);
    auto own = own_ladder.find(c.customer_id);
    ladder_index.push_back(own != own_ladder.end()
                               ? own->second
                               : static_cast<int32_t>(customers.at(c.customer_id).tier));
    disputed.push_back(c.disputed ? 1 : 0);
  }
  // Payment plans and promises to pay (dunning_holds.h) pause the invoices' own ladder too (the
  // core's payment-plan column: a plan's instalments, or the promised date, drive collection).
  HK_ASSIGN_OR_RETURN(DunningHolds holds, GetDunningHolds(write, ids, as_of));
  std::vector<uint8_t> arranged;
  arranged.reserve(ids.size());
  for (int64_t id : ids) {
    auto hold = holds.paused.find(id);
    arranged.push_back(hold != holds.paused.end() && hold->second.paused &&
                               *hold->second.paused != core::PauseReason::kDispute
                           ? 1
                           : 0);
  }
  core::DunningInvoices invoices{ids, due, open, ladder_index, disputed, arranged};
  HK_ASSIGN_OR_RETURN(core::DunningRun run, core::DueDunningActions(ladders, invoices, as_of));
  day.paused_disputed = run.paused_disputed;
  day.paused_arrangement = run.paused_payment_plan;

  // One item per customer and step, in customer then step order.
  std::map<std::tuple<int64_t, int32_t, int32_t>, StepGroup> groups;
  for (const core::DunningAction& action : run.actions) {
    const store::DunningCandidate& invoice = candidates[action.invoice_row];
    auto override_of = overrides.find(invoice.customer_id);
    if (override_of != overrides.end() && override_of->second.excluded) {
      ++day.paused_excluded;
      continue;
    }
    StepGroup& group = groups[{invoice.customer_id, action.ladder_index, action.step_index}];
    group.step = action.step;
    group.step_index = action.step_index;
    group.days_from_due = action.days_from_due;
    group.invoices.push_back(&invoice);
  }

  // R-FCST-2 weighs the priority; the ledger is read only when there is something to rank.
  absl::flat_hash_map<int64_t, int32_t> overdue_permille;
  if (!groups.empty()) {
    HK_ASSIGN_OR_RETURN(overdue_permille, PredictOverduePermille(write));
  }

  std::vector<store::WorkItemRecord> drafts;
  std::vector<std::optional<store::OutboxRecord>> messages;
  // Only templates a legal head approved are rendered (issue 14).
  const ApprovedTemplates approved(write.db);
  const core::TemplateLookup templates = approved.Lookup();
  for (const auto& [key, group] : groups) {
    const store::DunningCustomer& customer = customers.at(std::get<0>(key));
    const core::DunningStep& step = *group.step;
    const core::Language language =
        core::ParseLanguage(customer.preferred_language).value_or(core::Language::kZhCn);
    core::MessageContext context;
    context.company = settings.company_name;
    context.customer = customer.name;
    context.contact = customer.contact_name;
    context.bank_account = settings.payment_account;
    context.as_of = as_of;
    store::WorkItemRecord item;
    core::Fen total = 0;
    for (const store::DunningCandidate* invoice : group.invoices) {
      context.invoices.push_back(
          {invoice->invoice_number, invoice->order_number, invoice->open, invoice->due_day});
      item.invoices.push_back({invoice->invoice_id, invoice->invoice_number, invoice->open});
      HK_ASSIGN_OR_RETURN(total, core::AddFen(total, invoice->open));
    }
    HK_ASSIGN_OR_RETURN(
        core::RenderedMessage message,
        core::RenderDunningMessage(templates, step.action, step.channel, language, context));
    item.source_key = DunningSourceKey(customer.id, group.step_index, step.action, as_of);
    item.kind = core::WorkItemKind::kDunning;
    item.customer_id = customer.id;
    item.owner_user_id = customer.owner_user_id;
    item.department = step.department;
    if (step.department == core::Department::kSales) item.assignee_user_id = customer.owner_user_id;
    item.step = step.action;
    item.channel = std::string(core::ChannelName(step.channel));
    item.due_day = as_of + kDaysToAct;
    item.amount = total;
    item.overdue_permille = ItemOverduePermille(group.invoices, overdue_permille);
    item.priority =
        core::WorkItemPriority(total, group.days_from_due, customer.grade, item.overdue_permille);
    item.language = std::string(core::LanguageName(language));
    item.message_subject = message.subject;
    item.message_body = message.body;
    std::string title = absl::StrCat(customer.name, ": ",
                                     step.description.empty() ? step.action : step.description);
    std::optional<store::OutboxRecord> outbox;
    if (std::optional<core::Channel> channel = core::OutboxChannelFor(step.channel)) {
      std::string recipient = Recipient(*channel, customer);
      if (recipient.empty()) {
        absl::StrAppend(&title, " (", MissingAddress(*channel), ")");
        ++day.no_recipient;
      } else {
        outbox.emplace();
        outbox->customer_id = customer.id;
        outbox->owner_user_id = customer.owner_user_id;
        outbox->channel = *channel;
        outbox->recipient = std::move(recipient);
        outbox->language = item.language;
        outbox->subject = message.subject;
        outbox->body = message.body;
        outbox->status = core::InitialOutboxStatus(*channel);
        outbox->next_attempt_time = outbox->create_time = outbox->update_time = write.now;
      }
    }
    item.title = core::TruncateChars(title, core::kMaxWorkItemTitleChars);
    drafts.push_back(std::move(item));
    messages.push_back(std::move(outbox));
  }

  const size_t planned = drafts.size();
  // Keys of the drafts, to find each created item's message again.
  absl::flat_hash_map<std::string, size_t> draft_of_key;
  for (size_t i = 0; i < drafts.size(); ++i) draft_of_key[drafts[i].source_key] = i;
  HK_ASSIGN_OR_RETURN(day.created, CreateWorkItems(write, std::move(drafts)));
  day.already_created = static_cast<int64_t>(planned - day.created.size());
  for (const store::WorkItemRecord& item : day.created) {
    std::optional<store::OutboxRecord>& message = messages[draft_of_key.at(item.source_key)];
    if (!message) continue;
    message->work_item_id = item.id;
    day.queued.push_back(*std::move(message));
  }
  store::InsertOutboxMessages(write.db, day.queued);
  for (const store::OutboxRecord& message : day.queued) {
    write.audit.Record(core::FormatResourceName("outboxMessages", message.id), core::Json(),
                       OutboxImage(message));
  }
  return day;
}

}  // namespace huikuan::ops
