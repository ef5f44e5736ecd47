// Legal cases, their invoices and their stage history (migrations 0231-0233). Same conventions as
// ledger_store.h: inside the caller's RunInTransaction, prepared statements only, SQL errors
// throw; writers hold the customer's row lock first (a case changes its credit status), then the
// case's row.
#ifndef HUIKUAN_SERVER_STORE_LEGAL_STORE_H_
#define HUIKUAN_SERVER_STORE_LEGAL_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/civil_date.h"
#include "server/core/legal_case.h"
#include "server/core/money.h"
#include "server/store/connection_pool.h"
#include "server/store/linked_invoices.h"
#include "server/store/lock_mode.h"

namespace huikuan::store {

using LegalCaseInvoice = LinkedInvoice;  // open: when the case was opened

struct LegalCaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  core::LegalStage stage = core::LegalStage::kLawyerLetter;
  core::EpochDay day = 0;
  std::string note;
  int64_t user_id = 0;
  absl::Time create_time;
};

struct LegalCaseRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t owner_user_id = 0;  // read only (joined from customers), for row scoping
  core::LegalStage stage = core::LegalStage::kLawyerLetter;
  std::string title;
  std::string court_case_number;
  core::Fen claim = 0;  // what the linked invoices had open when it was opened
  core::EpochDay opened_day = 0;
  core::EpochDay stage_day = 0;
  std::optional<core::EpochDay> closed_day;
  int64_t opened_by = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 1;
  std::vector<LegalCaseInvoice> invoices;
  std::vector<LegalCaseEvent> events;  // in order
};

// Inserts the case with its invoices (not its events); sets id and version.
void InsertLegalCase(ConnectionPool::Lease& db, LegalCaseRecord& legal_case);
void InsertLegalCaseEvent(ConnectionPool::Lease& db, LegalCaseEvent& event);
// NOT_FOUND when absent; with invoices and events. Lock::kForUpdate locks the case's row.
absl::StatusOr<LegalCaseRecord> GetLegalCase(ConnectionPool::Lease& db, int64_t id, Lock lock);

struct LegalCaseFilter {
  std::optional<int64_t> customer_id;
  std::optional<int64_t> owner_user_id;
  bool open_only = false;
};
// Matching cases with id > after_id in id order, at most `limit`, with invoices and events.
std::vector<LegalCaseRecord> ListLegalCases(ConnectionPool::Lease& db,
                                            const LegalCaseFilter& filter, int64_t after_id,
                                            int limit);

// The customer's open cases other than `except_id`, read under the customer's row lock.
int64_t CountOtherOpenCases(ConnectionPool::Lease& db, int64_t customer_id, int64_t except_id);

// Writes stage, stage_day, closed_day, court_case_number and update_time if the stored version is
// still legal_case.version (ABORTED otherwise); bumps it.
absl::Status UpdateLegalCaseStage(ConnectionPool::Lease& db, LegalCaseRecord& legal_case);

}  // namespace huikuan::store

#endif  // HUIKUAN_SERVER_STORE_LEGAL_STORE_H_
