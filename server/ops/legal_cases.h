// Legal cases (issue 9; legal's duties in DESIGN.md): legal opens a case on some of a customer's
// owed invoices at the lawyer letter or at filing, and moves it on stage by stage to closed
// (core/legal_case.h). Opening puts the customer IN_LITIGATION (no new invoices); closing its last
// open case leaves it ON_HOLD until a head releases the hold (ops::ReleaseCreditHold). Each stage
// is kept in the case's history, recorded as a contact (the evidence chain), audited, and the
// lawyer letter and the filing interrupt the invoices' limitation periods (R-LAW-1).
#ifndef HUIKUAN_SERVER_OPS_LEGAL_CASES_H_
#define HUIKUAN_SERVER_OPS_LEGAL_CASES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/legal_case.h"
#include "server/ops/scopes.h"
#include "server/store/ledger_store.h"
#include "server/store/legal_store.h"

namespace huikuan::ops {

std::string LegalCaseName(int64_t id);  // "legalCases/7"

struct LegalCaseDraft {
  int64_t customer_id = 0;
  std::vector<int64_t> invoice_ids;  // owed invoices of the customer (open or disputed)
  core::LegalStage stage = core::LegalStage::kLawyerLetter;
  std::string title;
  std::string court_case_number;
  std::string note;
};

struct LegalCaseView {
  store::LegalCaseRecord legal_case;
  store::LedgerCustomer credit;  // the customer's credit status after the change
};

// INVALID_ARGUMENT on "stage" (core::CheckOpeningStage) or the invoices; NOT_FOUND outside the
// caller's scope.
absl::StatusOr<LegalCaseView> OpenLegalCase(WriteScope& write, const LegalCaseDraft& draft,
                                            absl::string_view customer_name);

// The case's next stage (core::AdvanceLegalStage: LEGAL_STAGE_ORDER, LEGAL_CASE_CLOSED); a court
// case number given is stored (kept otherwise).
absl::StatusOr<LegalCaseView> AdvanceLegalCase(WriteScope& write, int64_t id,
                                               absl::string_view name, core::LegalStage to,
                                               const std::string& note,
                                               const std::string& court_case_number);

absl::StatusOr<store::LegalCaseRecord> GetLegalCase(ReadScope& read, int64_t id,
                                                    absl::string_view name);
std::vector<store::LegalCaseRecord> ListLegalCases(ReadScope& read,
                                                   std::optional<int64_t> customer_id,
                                                   bool open_only, int64_t after_id, int limit);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_LEGAL_CASES_H_
