#include "server/store/credit_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/core/violations.h"
#include "server/store/json_layouts.h"
#include "server/store/sql_values.h"

namespace huikuan::store {
namespace {

constexpr char kApplicationColumns[] =
    "SELECT a.id, a.customer_id, a.requested_limit_fen, a.requested_term_days, a.status, "
    "a.pre_review_json, a.required_approvers, a.comment, a.created_by, a.create_time, "
    "a.update_time, a.decide_time, a.version FROM credit_applications a ";

CreditApplicationRecord ReadApplication(sql::ResultSet& rows) {
  CreditApplicationRecord application;
  application.id = rows.getInt64("id");
  application.customer_id = rows.getInt64("customer_id");
  application.requested_limit = rows.getInt64("requested_limit_fen");
  application.requested_term_days = rows.getInt("requested_term_days");
  application.status = GetEnum<core::ApplicationStatus, core::kApplicationStatusCount>(
      rows, "status", core::ApplicationStatusName);
  absl::StatusOr<core::CustomerAssessment> pre_review =
      DecodeAssessment(GetString(rows, "pre_review_json"));
  if (!pre_review.ok()) throw sql::SQLException(std::string(pre_review.status().message()));
  application.pre_review = *std::move(pre_review);
  application.required_approvers =
      absl::StrSplit(GetString(rows, "required_approvers"), ',', absl::SkipEmpty());
  application.comment = GetString(rows, "comment");
  application.created_by = rows.getInt64("created_by");
  application.create_time = GetTimestamp(rows, "create_time");
  application.update_time = GetTimestamp(rows, "update_time");
  application.decide_time = GetOptionalTimestamp(rows, "decide_time");
  application.version = rows.getInt64("version");
  return application;
}

std::vector<CreditApprovalRecord> ReadApprovals(sql::ResultSet& rows) {
  std::vector<CreditApprovalRecord> approvals;
  while (rows.next()) {
    CreditApprovalRecord approval;
    approval.application_id = rows.getInt64("application_id");
    approval.approver_user_id = rows.getInt64("approver_user_id");
    approval.approver_role = GetString(rows, "approver_role");
    approval.approve = GetString(rows, "decision") == "approve";
    approval.comment = GetString(rows, "comment");
    approval.decide_time = GetTimestamp(rows, "decide_time");
    approvals.push_back(std::move(approval));
  }
  return approvals;
}

}  // namespace

CreditApplicationRecord InsertCreditApplication(ConnectionPool::Lease& db,
                                                CreditApplicationRecord application) {
  auto& insert = db.Prepare(
      "INSERT INTO credit_applications (customer_id, requested_limit_fen, requested_term_days, "
      "status, pre_review_json, required_approvers, comment, created_by, create_time, "
      "update_time, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
  Params(insert)
      .Int64(application.customer_id)
      .Int64(application.requested_limit)
      .Int(application.requested_term_days)
      .Name(application.status, core::ApplicationStatusName)
      .String(EncodeAssessment(application.pre_review))
      .String(absl::StrJoin(application.required_approvers, ","))
      .String(application.comment)
      .Int64(application.created_by)
      .Time(application.create_time)
      .Time(application.update_time);
  insert.executeUpdate();
  application.id = LastInsertId(db);
  application.version = 1;
  return application;
}

absl::StatusOr<CreditApplicationRecord> GetCreditApplication(ConnectionPool::Lease& db, int64_t id,
                                                             Lock lock) {
  auto& select = db.Prepare(absl::StrCat(kApplicationColumns, "WHERE a.id = ?", LockClause(lock)));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("creditApplications/", id));
  return ReadApplication(*rows);
}

namespace {

std::optional<std::string> StatusName(const CreditApplicationFilter& filter) {
  if (!filter.status) return std::nullopt;
  return std::string(core::ApplicationStatusName(*filter.status));
}

}  // namespace

std::vector<CreditApplicationRecord> ListCreditApplications(ConnectionPool::Lease& db,
                                                            const CreditApplicationFilter& filter,
                                                            int64_t after_id, int limit) {
  // NULL parameters switch a filter off (one statement text, as in ListCustomers).
  auto& select = db.Prepare(
      absl::StrCat(kApplicationColumns,
                   "JOIN customers c ON c.id = a.customer_id WHERE a.id > ? "
                   "AND (? IS NULL OR a.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
                   "AND (? IS NULL OR a.status = ?) ORDER BY a.id LIMIT ?"));
  Params(select)
      .Int64(after_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(StatusName(filter))
      .OptionalString(StatusName(filter))
      .Int(limit);
  auto rows = Query(select);
  std::vector<CreditApplicationRecord> applications;
  while (rows->next()) applications.push_back(ReadApplication(*rows));
  return applications;
}

absl::StatusOr<CreditApplicationRecord> UpdateCreditApplicationStatus(
    ConnectionPool::Lease& db, CreditApplicationRecord application) {
  auto& update = db.Prepare(
      "UPDATE credit_applications SET status = ?, update_time = ?, decide_time = ?, "
      "version = version + 1 WHERE id = ? AND version = ?");
  Params(update)
      .Name(application.status, core::ApplicationStatusName)
      .Time(application.update_time)
      .OptionalTime(application.decide_time)
      .Int64(application.id)
      .Int64(application.version);
  if (update.executeUpdate() == 0) {
    return absl::AbortedError(absl::StrCat("creditApplications/", application.id,
                                           " was changed by someone else: reload it and retry"));
  }
  ++application.version;
  return application;
}

void InsertCreditApproval(ConnectionPool::Lease& db, const CreditApprovalRecord& approval) {
  auto& insert = db.Prepare(
      "INSERT INTO credit_approvals (application_id, approver_user_id, approver_role, decision, "
      "comment, decide_time) VALUES (?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(approval.application_id)
      .Int64(approval.approver_user_id)
      .String(approval.approver_role)
      .String(approval.approve ? "approve" : "reject")
      .String(approval.comment)
      .Time(approval.decide_time);
  insert.executeUpdate();
}

std::vector<CreditApprovalRecord> ListCreditApprovals(ConnectionPool::Lease& db,
                                                      int64_t application_id, Lock lock) {
  auto& select = db.Prepare(absl::StrCat(
      "SELECT application_id, approver_user_id, approver_role, decision, comment, decide_time "
      "FROM credit_approvals WHERE application_id = ? ORDER BY id",
      LockClause(lock)));
  select.setInt64(1, application_id);
  return ReadApprovals(*Query(select));
}

std::vector<CreditApprovalRecord> ListCreditApprovalsForPage(ConnectionPool::Lease& db,
                                                             const CreditApplicationFilter& filter,
                                                             int64_t after_id, int64_t last_id) {
  // The page's applications are selected by the same predicates as ListCreditApplications.
  auto& select = db.Prepare(
      "SELECT p.application_id, p.approver_user_id, p.approver_role, p.decision, p.comment, "
      "p.decide_time FROM credit_approvals p JOIN credit_applications a ON a.id = "
      "p.application_id JOIN customers c ON c.id = a.customer_id WHERE a.id > ? AND a.id <= ? "
      "AND (? IS NULL OR a.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
      "AND (? IS NULL OR a.status = ?) ORDER BY p.id");
  Params(select)
      .Int64(after_id)
      .Int64(last_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.customer_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalInt64(filter.owner_user_id)
      .OptionalString(StatusName(filter))
      .OptionalString(StatusName(filter));
  return ReadApprovals(*Query(select));
}

absl::StatusOr<LedgerCustomer> GetCustomerCredit(ConnectionPool::Lease& db, int64_t customer_id,
                                                 Lock lock) {
  auto& select = db.Prepare(
      absl::StrCat("SELECT id, owner_user_id, credit_limit_fen, credit_status, tier FROM customers "
                   "WHERE id = ?",
                   LockClause(lock)));
  select.setInt64(1, customer_id);
  auto rows = Query(select);
  if (!rows->next()) return core::NotFoundError(absl::StrCat("customers/", customer_id));
  return ReadLedgerCustomer(*rows);
}

void SetCreditLimit(ConnectionPool::Lease& db, int64_t customer_id, core::Fen limit,
                    absl::Time now) {
  auto& update = db.Prepare(
      "UPDATE customers SET credit_limit_fen = ?, update_time = ?, version = version + 1 "
      "WHERE id = ?");
  Params(update).Int64(limit).Time(now).Int64(customer_id);
  update.executeUpdate();
}

void SetCreditStatus(ConnectionPool::Lease& db, int64_t customer_id, core::CreditStatus status,
                     absl::Time now) {
  auto& update = db.Prepare(
      "UPDATE customers SET credit_status = ?, update_time = ?, version = version + 1 "
      "WHERE id = ?");
  Params(update).Name(status, core::CreditStatusName).Time(now).Int64(customer_id);
  update.executeUpdate();
}

void InsertCreditHold(ConnectionPool::Lease& db, const CreditHoldRecord& hold) {
  auto& insert = db.Prepare(
      "INSERT INTO credit_holds (customer_id, action, credit_status, reason, user_id, "
      "create_time) VALUES (?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(hold.customer_id)
      .String(hold.placed ? "place" : "release")
      .Name(hold.credit_status, core::CreditStatusName)
      .String(hold.reason)
      // 0: placed by the system (the daily risk run), stored as NULL.
      .OptionalInt64(hold.user_id == 0 ? std::nullopt : std::optional<int64_t>(hold.user_id))
      .Time(hold.create_time);
  insert.executeUpdate();
}

std::vector<CreditHoldRecord> ListCreditHolds(ConnectionPool::Lease& db, int64_t customer_id,
                                              int limit) {
  auto& select = db.Prepare(
      "SELECT customer_id, action, credit_status, reason, user_id, create_time FROM credit_holds "
      "WHERE customer_id = ? ORDER BY id DESC LIMIT ?");
  Params(select).Int64(customer_id).Int(limit);
  auto rows = Query(select);
  std::vector<CreditHoldRecord> holds;
  while (rows->next()) {
    CreditHoldRecord hold;
    hold.customer_id = rows->getInt64("customer_id");
    hold.placed = GetString(*rows, "action") == "place";
    hold.credit_status = GetEnum<core::CreditStatus, core::kCreditStatusCount>(
        *rows, "credit_status", core::CreditStatusName);
    hold.reason = GetString(*rows, "reason");
    hold.user_id = rows->getInt64("user_id");
    hold.create_time = GetTimestamp(*rows, "create_time");
    holds.push_back(std::move(hold));
  }
  return holds;
}

}  // namespace huikuan::store
