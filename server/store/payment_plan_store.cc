#include "server/store/payment_plan_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/core/violations.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr size_t kChunk = 500;

constexpr char kPlanColumns[] =
    "SELECT p.id, p.customer_id, c.owner_user_id, p.total_fen, p.status, p.grace_days, "
    "p.collateral, p.guarantee, p.reason, p.required_approvers, "
    "DATEDIFF(p.start_date, '1970-01-01') AS start_day, "
    "DATEDIFF(p.end_date, '1970-01-01') AS end_day, p.missed_instalment, p.requested_by, "
    "p.create_time, p.update_time, p.version "
    "FROM payment_plans p JOIN customers c ON c.id = p.customer_id ";

std::optional<core::EpochDay> GetOptionalDay(sql::ResultSet& rows, const char* column) {
  std::optional<int64_t> day = GetOptionalInt64(rows, column);
  if (!day) return std::nullopt;
  return static_cast<core::EpochDay>(*day);
}

PaymentPlanRecord ReadPlan(sql::ResultSet& rows) {
  PaymentPlanRecord plan;
  plan.id = rows.getInt64("id");
  plan.customer_id = rows.getInt64("customer_id");
  plan.owner_user_id = rows.getInt64("owner_user_id");
  plan.total = rows.getInt64("total_fen");
  plan.status =
      GetEnum<core::PlanStatus, core::kPlanStatusCount>(rows, "status", core::PlanStatusName);
  plan.grace_days = rows.getInt("grace_days");
  plan.collateral = GetString(rows, "collateral");
  plan.guarantee = GetString(rows, "guarantee");
  plan.reason = GetString(rows, "reason");
  plan.required_approvers =
      absl::StrSplit(GetString(rows, "required_approvers"), ',', absl::SkipEmpty());
  plan.start_day = GetOptionalDay(rows, "start_day");
  plan.end_day = GetOptionalDay(rows, "end_day");
  if (std::optional<int64_t> missed = GetOptionalInt64(rows, "missed_instalment")) {
    plan.missed_instalment = static_cast<int32_t>(*missed);
  }
  plan.requested_by = rows.getInt64("requested_by");
  plan.create_time = GetTimestamp(rows, "create_time");
  plan.update_time = GetTimestamp(rows, "update_time");
  plan.version = rows.getInt64("version");
  return plan;
}

// Fills in the invoices, instalments and approvals of `plans` (read with `lock`).
void LoadChildren(ConnectionPool::Lease& db, std::vector<PaymentPlanRecord>& plans, Lock lock) {
  LoadLinkedInvoices(db, "payment_plan_invoices", "plan_id", plans);
  absl::flat_hash_map<int64_t, PaymentPlanRecord*> by_id;
  for (PaymentPlanRecord& plan : plans) by_id[plan.id] = &plan;
  for (size_t begin = 0; begin < plans.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, plans.size() - begin);
    const std::string in = absl::StrCat(" IN (", Placeholders(n), ")");
    const auto bind = [&](sql::PreparedStatement& select) {
      Params params(select);
      for (size_t i = 0; i < n; ++i) params.Int64(plans[begin + i].id);
    };
    auto& instalments = db.Prepare(
        absl::StrCat("SELECT plan_id, DATEDIFF(due_date, '1970-01-01') AS due_day, amount_fen "
                     "FROM payment_plan_instalments WHERE plan_id",
                     in, " ORDER BY plan_id, seq"));
    bind(instalments);
    auto instalment_rows = Query(instalments);
    while (instalment_rows->next()) {
      by_id.at(instalment_rows->getInt64("plan_id"))
          ->instalments.push_back(
              {GetDay(*instalment_rows, "due_day"), instalment_rows->getInt64("amount_fen")});
    }
    auto& approvals = db.Prepare(absl::StrCat(
        "SELECT id, plan_id, approver_role, approver_user_id, approve, comment, decide_time "
        "FROM payment_plan_approvals WHERE plan_id",
        in, " ORDER BY id", LockClause(lock)));
    bind(approvals);
    auto approval_rows = Query(approvals);
    while (approval_rows->next()) {
      PlanApprovalRecord approval;
      approval.id = approval_rows->getInt64("id");
      approval.plan_id = approval_rows->getInt64("plan_id");
      approval.approver_role = GetString(*approval_rows, "approver_role");
      approval.approver_user_id = approval_rows->getInt64("approver_user_id");
      approval.approve = approval_rows->getInt("approve") != 0;
      approval.comment = GetString(*approval_rows, "comment");
      approval.decide_time = GetTimestamp(*approval_rows, "decide_time");
      by_id.at(approval.plan_id)->approvals.push_back(std::move(approval));
    }
  }
}

std::vector<PaymentPlanRecord> ReadAll(ConnectionPool::Lease& db, sql::PreparedStatement& select,
                                       Lock lock) {
  auto rows = Query(select);
  std::vector<PaymentPlanRecord> plans;
  while (rows->next()) plans.push_back(ReadPlan(*rows));
  LoadChildren(db, plans, lock);
  return plans;
}

}  // namespace

void InsertPaymentPlan(ConnectionPool::Lease& db, PaymentPlanRecord& plan) {
  auto& insert = db.Prepare(
      "INSERT INTO payment_plans (customer_id, total_fen, status, grace_days, collateral, "
      "guarantee, reason, required_approvers, start_date, end_date, missed_instalment, "
      "requested_by, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::optional<int64_t> missed;
  if (plan.missed_instalment) missed = *plan.missed_instalment;
  Params(insert)
      .Int64(plan.customer_id)
      .Int64(plan.total)
      .Name(plan.status, core::PlanStatusName)
      .Int(plan.grace_days)
      .String(plan.collateral)
      .String(plan.guarantee)
      .String(plan.reason)
      .String(absl::StrJoin(plan.required_approvers, ","))
      .OptionalDay(plan.start_day)
      .OptionalDay(plan.end_day)
      .OptionalInt64(missed)
      .Int64(plan.requested_by)
      .Time(plan.create_time)
      .Time(plan.update_time);
  insert.executeUpdate();
  plan.id = LastInsertId(db);
  plan.version = 1;
  auto& link = db.Prepare(
      "INSERT INTO payment_plan_invoices (plan_id, invoice_id, open_fen) VALUES (?, ?, ?)");
  for (const PlanInvoice& invoice : plan.invoices) {
    Params(link).Int64(plan.id).Int64(invoice.invoice_id).Int64(invoice.open);
    link.executeUpdate();
  }
  auto& instalment = db.Prepare(
      "INSERT INTO payment_plan_instalments (plan_id, seq, due_date, amount_fen) "
      "VALUES (?, ?, ?, ?)");
  for (size_t k = 0; k < plan.instalments.size(); ++k) {
    Params(instalment)
        .Int64(plan.id)
        .Int(static_cast<int32_t>(k + 1))
        .Day(plan.instalments[k].due_day)
        .Int64(plan.instalments[k].amount);
    instalment.executeUpdate();
  }
}

absl::StatusOr<PaymentPlanRecord> GetPaymentPlan(ConnectionPool::Lease& db, int64_t id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kPlanColumns, "WHERE p.id = ?", LockClause(lock)));
  Params(select).Int64(id);
  std::vector<PaymentPlanRecord> plans = ReadAll(db, select, lock);
  if (plans.empty()) return core::NotFoundError(absl::StrCat("paymentPlans/", id));
  return std::move(plans.front());
}

std::vector<PaymentPlanRecord> ListPaymentPlans(ConnectionPool::Lease& db,
                                                const PaymentPlanFilter& filter, int64_t after_id,
                                                int limit) {
  auto& select = db.Prepare(absl::StrCat(
      kPlanColumns,
      "WHERE p.id > ? AND (? IS NULL OR p.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR p.status = ?) ORDER BY p.id LIMIT ?"));
  std::optional<std::string> status;
  if (filter.status) status = std::string(core::PlanStatusName(*filter.status));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(status)
      .OptionalString(status)
      .Int(limit);
  return ReadAll(db, select, Lock::kNone);
}

std::vector<PaymentPlanRecord> PlansToEvaluate(ConnectionPool::Lease& db, core::EpochDay as_of) {
  auto& select = db.Prepare(
      absl::StrCat(kPlanColumns,
                   "WHERE p.start_date <= ? AND (p.status = 'active' OR p.end_date >= ?) "
                   "ORDER BY p.id"));
  Params(select).Day(as_of).Day(as_of);
  return ReadAll(db, select, Lock::kNone);
}

std::vector<PaymentPlanRecord> PlansOfInvoices(ConnectionPool::Lease& db,
                                               const std::vector<int64_t>& invoice_ids,
                                               core::EpochDay as_of) {
  std::vector<PaymentPlanRecord> plans;
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, invoice_ids.size() - begin);
    auto& select = db.Prepare(absl::StrCat(
        kPlanColumns,
        "WHERE p.start_date <= ? AND p.id IN (SELECT plan_id FROM payment_plan_invoices "
        "WHERE invoice_id IN (",
        Placeholders(n), ")) ORDER BY p.id"));
    Params params(select);
    params.Day(as_of);
    for (size_t i = 0; i < n; ++i) params.Int64(invoice_ids[begin + i]);
    for (PaymentPlanRecord& plan : ReadAll(db, select, Lock::kNone)) {
      plans.push_back(std::move(plan));
    }
  }
  std::sort(plans.begin(), plans.end(),
            [](const PaymentPlanRecord& a, const PaymentPlanRecord& b) { return a.id < b.id; });
  plans.erase(std::unique(plans.begin(), plans.end(),
                          [](const PaymentPlanRecord& a, const PaymentPlanRecord& b) {
                            return a.id == b.id;
                          }),
              plans.end());
  return plans;
}

std::vector<int64_t> InvoicesInOpenPlans(ConnectionPool::Lease& db,
                                         const std::vector<int64_t>& invoice_ids) {
  std::vector<int64_t> taken;
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, invoice_ids.size() - begin);
    auto& select =
        db.Prepare(absl::StrCat("SELECT DISTINCT pi.invoice_id FROM payment_plan_invoices pi "
                                "JOIN payment_plans p ON p.id = pi.plan_id "
                                "WHERE p.status IN ('requested', 'active') AND pi.invoice_id IN (",
                                Placeholders(n), ") ORDER BY pi.invoice_id LOCK IN SHARE MODE"));
    Params params(select);
    for (size_t i = 0; i < n; ++i) params.Int64(invoice_ids[begin + i]);
    auto rows = Query(select);
    while (rows->next()) taken.push_back(rows->getInt64("invoice_id"));
  }
  return taken;
}

void InsertPlanApproval(ConnectionPool::Lease& db, PlanApprovalRecord& approval) {
  auto& insert = db.Prepare(
      "INSERT INTO payment_plan_approvals (plan_id, approver_role, approver_user_id, approve, "
      "comment, decide_time) VALUES (?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(approval.plan_id)
      .String(approval.approver_role)
      .Int64(approval.approver_user_id)
      .Bool(approval.approve)
      .String(approval.comment)
      .Time(approval.decide_time);
  insert.executeUpdate();
  approval.id = LastInsertId(db);
}

absl::Status UpdatePaymentPlanStatus(ConnectionPool::Lease& db, PaymentPlanRecord& plan) {
  auto& update = db.Prepare(
      "UPDATE payment_plans SET status = ?, start_date = ?, end_date = ?, missed_instalment = ?, "
      "update_time = ?, version = version + 1 WHERE id = ? AND version = ?");
  std::optional<int64_t> missed;
  if (plan.missed_instalment) missed = *plan.missed_instalment;
  Params(update)
      .Name(plan.status, core::PlanStatusName)
      .OptionalDay(plan.start_day)
      .OptionalDay(plan.end_day)
      .OptionalInt64(missed)
      .Time(plan.update_time)
      .Int64(plan.id)
      .Int64(plan.version);
  if (update.executeUpdate() != 1) {
    return absl::AbortedError(absl::StrCat("paymentPlans/", plan.id, " changed meanwhile"));
  }
  ++plan.version;
  return absl::OkStatus();
}

}  // namespace huikuan::store
