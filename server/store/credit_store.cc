#include "server/store/credit_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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
  application.status = GetString(rows, "status");
  application.pre_review_json = GetString(rows, "pre_review_json");
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
    approval.decision = GetString(rows, "decision");
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
  insert.setInt64(1, application.customer_id);
  insert.setInt64(2, application.requested_limit);
  insert.setInt(3, application.requested_term_days);
  insert.setString(4, application.status);
  insert.setString(5, application.pre_review_json);
  insert.setString(6, absl::StrJoin(application.required_approvers, ","));
  insert.setString(7, application.comment);
  insert.setInt64(8, application.created_by);
  SetTimestamp(insert, 9, application.create_time);
  SetTimestamp(insert, 10, application.update_time);
  insert.executeUpdate();
  application.id = LastInsertId(db);
  application.version = 1;
  return application;
}

absl::StatusOr<CreditApplicationRecord> GetCreditApplication(ConnectionPool::Lease& db, int64_t id,
                                                             bool for_update) {
  auto& select = db.Prepare(
      absl::StrCat(kApplicationColumns, "WHERE a.id = ?", for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  auto rows = Query(select);
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrCat("creditApplications/", id, " not found"));
  }
  return ReadApplication(*rows);
}

std::vector<CreditApplicationRecord> ListCreditApplications(ConnectionPool::Lease& db,
                                                            const CreditApplicationFilter& filter,
                                                            int64_t after_id, int limit) {
  // NULL parameters switch a filter off (one statement text, as in ListCustomers).
  auto& select = db.Prepare(
      absl::StrCat(kApplicationColumns,
                   "JOIN customers c ON c.id = a.customer_id WHERE a.id > ? "
                   "AND (? IS NULL OR a.customer_id = ?) AND (? IS NULL OR c.owner_user_id = ?) "
                   "AND (? IS NULL OR a.status = ?) ORDER BY a.id LIMIT ?"));
  select.setInt64(1, after_id);
  SetOptionalInt64(select, 2, filter.customer_id);
  SetOptionalInt64(select, 3, filter.customer_id);
  SetOptionalInt64(select, 4, filter.owner_user_id);
  SetOptionalInt64(select, 5, filter.owner_user_id);
  SetOptionalString(select, 6, filter.status);
  SetOptionalString(select, 7, filter.status);
  select.setInt(8, limit);
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
  update.setString(1, application.status);
  SetTimestamp(update, 2, application.update_time);
  SetOptionalTimestamp(update, 3, application.decide_time);
  update.setInt64(4, application.id);
  update.setInt64(5, application.version);
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
  insert.setInt64(1, approval.application_id);
  insert.setInt64(2, approval.approver_user_id);
  insert.setString(3, approval.approver_role);
  insert.setString(4, approval.decision);
  insert.setString(5, approval.comment);
  SetTimestamp(insert, 6, approval.decide_time);
  insert.executeUpdate();
}

std::vector<CreditApprovalRecord> ListCreditApprovals(ConnectionPool::Lease& db,
                                                      int64_t application_id, bool for_update) {
  auto& select = db.Prepare(absl::StrCat(
      "SELECT application_id, approver_user_id, approver_role, decision, comment, decide_time "
      "FROM credit_approvals WHERE application_id = ? ORDER BY id",
      for_update ? " FOR UPDATE" : ""));
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
  select.setInt64(1, after_id);
  select.setInt64(2, last_id);
  SetOptionalInt64(select, 3, filter.customer_id);
  SetOptionalInt64(select, 4, filter.customer_id);
  SetOptionalInt64(select, 5, filter.owner_user_id);
  SetOptionalInt64(select, 6, filter.owner_user_id);
  SetOptionalString(select, 7, filter.status);
  SetOptionalString(select, 8, filter.status);
  return ReadApprovals(*Query(select));
}

absl::StatusOr<CustomerCreditRecord> GetCustomerCredit(ConnectionPool::Lease& db,
                                                       int64_t customer_id, bool for_update) {
  auto& select = db.Prepare(
      absl::StrCat("SELECT id, owner_user_id, credit_limit_fen, credit_status, tier FROM customers "
                   "WHERE id = ?",
                   for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, customer_id);
  auto rows = Query(select);
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrCat("customers/", customer_id, " not found"));
  }
  CustomerCreditRecord credit;
  credit.customer_id = rows->getInt64("id");
  credit.owner_user_id = rows->getInt64("owner_user_id");
  credit.credit_limit = rows->getInt64("credit_limit_fen");
  credit.credit_status = GetString(*rows, "credit_status");
  credit.tier = GetString(*rows, "tier");
  return credit;
}

void SetCreditLimit(ConnectionPool::Lease& db, int64_t customer_id, core::Fen limit,
                    absl::Time now) {
  auto& update = db.Prepare(
      "UPDATE customers SET credit_limit_fen = ?, update_time = ?, version = version + 1 "
      "WHERE id = ?");
  update.setInt64(1, limit);
  SetTimestamp(update, 2, now);
  update.setInt64(3, customer_id);
  update.executeUpdate();
}

void SetCreditStatus(ConnectionPool::Lease& db, int64_t customer_id, const std::string& status,
                     absl::Time now) {
  auto& update = db.Prepare(
      "UPDATE customers SET credit_status = ?, update_time = ?, version = version + 1 "
      "WHERE id = ?");
  update.setString(1, status);
  SetTimestamp(update, 2, now);
  update.setInt64(3, customer_id);
  update.executeUpdate();
}

void InsertCreditHold(ConnectionPool::Lease& db, const CreditHoldRecord& hold) {
  auto& insert = db.Prepare(
      "INSERT INTO credit_holds (customer_id, action, credit_status, reason, user_id, "
      "create_time) VALUES (?, ?, ?, ?, ?, ?)");
  insert.setInt64(1, hold.customer_id);
  insert.setString(2, hold.action);
  insert.setString(3, hold.credit_status);
  insert.setString(4, hold.reason);
  insert.setInt64(5, hold.user_id);
  SetTimestamp(insert, 6, hold.create_time);
  insert.executeUpdate();
}

std::vector<CreditHoldRecord> ListCreditHolds(ConnectionPool::Lease& db, int64_t customer_id,
                                              int limit) {
  auto& select = db.Prepare(
      "SELECT customer_id, action, credit_status, reason, user_id, create_time FROM credit_holds "
      "WHERE customer_id = ? ORDER BY id DESC LIMIT ?");
  select.setInt64(1, customer_id);
  select.setInt(2, limit);
  auto rows = Query(select);
  std::vector<CreditHoldRecord> holds;
  while (rows->next()) {
    CreditHoldRecord hold;
    hold.customer_id = rows->getInt64("customer_id");
    hold.action = GetString(*rows, "action");
    hold.credit_status = GetString(*rows, "credit_status");
    hold.reason = GetString(*rows, "reason");
    hold.user_id = rows->getInt64("user_id");
    hold.create_time = GetTimestamp(*rows, "create_time");
    holds.push_back(std::move(hold));
  }
  return holds;
}

}  // namespace huikuan::store
