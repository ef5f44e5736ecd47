#include "server/ops/legal_cases.h"

#include "absl/strings/str_cat.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/violations.h"
#include "server/ops/arrangement_images.h"
#include "server/ops/audit_images.h"
#include "server/ops/invoice_selection.h"
#include "server/ops/row_scope.h"
#include "server/store/credit_store.h"
#include "server/store/work_item_store.h"

namespace huikuan::ops {
namespace {

// How a stage reaches the customer, for the contact that records it as evidence.
core::Channel StageChannel(core::LegalStage stage) {
  return stage == core::LegalStage::kLawyerLetter ? core::Channel::kLetter : core::Channel::kCourt;
}

// The customer's credit status moved to `to` because of the case (a hold placed, with its
// history row and audit event); nothing when it is already there.
void ChangeCreditStatus(WriteScope& write, store::LedgerCustomer& credit, core::CreditStatus to,
                        const std::string& reason) {
  if (credit.credit_status == to) return;
  const store::LedgerCustomer before = credit;
  credit.credit_status = to;
  store::SetCreditStatus(write.db, credit.id, to, write.now);
  store::CreditHoldRecord hold;
  hold.customer_id = credit.id;
  hold.placed = to != core::CreditStatus::kActive;
  hold.credit_status = to;
  hold.reason = reason;
  hold.user_id = write.caller.user_id;
  hold.create_time = write.now;
  store::InsertCreditHold(write.db, hold);
  write.audit.Record(core::FormatResourceName("customers", credit.id), CreditImage(before),
                     CreditImage(credit));
}

// The stage reached today: kept in the case's history and recorded as a contact. The contact
// limits (issue 14) do not hold a legal step back: they keep collection from harassing the
// customer, and the lawyer's letter and the court are the lawful route past collection that seed
// 002 names (a case is opened on disputed invoices too); legal's step is evidence like any contact.
void RecordStage(WriteScope& write, store::LegalCaseRecord& legal_case, const std::string& note) {
  store::LegalCaseEvent event;
  event.case_id = legal_case.id;
  event.stage = legal_case.stage;
  event.day = write.today;
  event.note = note;
  event.user_id = write.caller.user_id;
  event.create_time = write.now;
  store::InsertLegalCaseEvent(write.db, event);
  legal_case.events.push_back(event);
  std::vector<store::ContactRecord> contact(1);
  contact[0].customer_id = legal_case.customer_id;
  contact[0].channel = std::string(core::ChannelName(StageChannel(legal_case.stage)));
  contact[0].user_id = write.caller.user_id;
  contact[0].actor_role = write.caller.role();
  contact[0].contact_time = write.now;
  contact[0].outcome = core::ContactOutcome::kSent;
  contact[0].content = absl::StrCat(LegalCaseName(legal_case.id), " ", legal_case.title, ": ",
                                    core::LegalStageName(legal_case.stage));
  contact[0].note = note;
  store::InsertContacts(write.db, contact);
  write.audit.Record(
      absl::StrCat(core::FormatResourceName("customers", legal_case.customer_id), "/contacts"),
      core::Json(), ContactImage(contact[0]));
}

}  // namespace

std::string LegalCaseName(int64_t id) { return core::FormatResourceName("legalCases", id); }

absl::StatusOr<LegalCaseView> OpenLegalCase(WriteScope& write, const LegalCaseDraft& draft,
                                            absl::string_view customer_name) {
  HK_RETURN_IF_ERROR(core::CheckOpeningStage(draft.stage));
  HK_ASSIGN_OR_RETURN(SelectedInvoices selected,
                      LockCustomerInvoices(write, draft.customer_id, customer_name,
                                           draft.invoice_ids, "invoices", Owed::kOpenOrDisputed));
  LegalCaseView view;
  store::LegalCaseRecord& legal_case = view.legal_case;
  legal_case.customer_id = draft.customer_id;
  legal_case.owner_user_id = selected.customer.owner_user_id;
  legal_case.stage = draft.stage;
  legal_case.title = draft.title;
  legal_case.court_case_number = draft.court_case_number;
  legal_case.claim = selected.open_total;
  legal_case.opened_day = legal_case.stage_day = write.today;
  legal_case.opened_by = write.caller.user_id;
  legal_case.create_time = legal_case.update_time = write.now;
  for (const store::InvoiceRecord& invoice : selected.invoices) {
    legal_case.invoices.push_back({invoice.id, invoice.invoice_number, invoice.balance.open});
  }
  store::InsertLegalCase(write.db, legal_case);
  RecordStage(write, legal_case, draft.note);
  write.audit.Record(LegalCaseName(legal_case.id), core::Json(), LegalCaseImage(legal_case));
  view.credit = selected.customer;
  ChangeCreditStatus(write, view.credit, core::CreditStatusOnOpen(view.credit.credit_status),
                     absl::StrCat(LegalCaseName(legal_case.id), " opened: ", draft.title));
  return view;
}

absl::StatusOr<LegalCaseView> AdvanceLegalCase(WriteScope& write, int64_t id,
                                               absl::string_view name, core::LegalStage to,
                                               const std::string& note,
                                               const std::string& court_case_number) {
  absl::StatusOr<store::LegalCaseRecord> peek =
      store::GetLegalCase(write.db, id, store::Lock::kNone);
  if (absl::IsNotFound(peek.status())) return core::NotFoundError(name);
  HK_RETURN_IF_ERROR(peek.status());
  LegalCaseView view;
  HK_ASSIGN_OR_RETURN(view.credit,
                      LockVisibleCustomer(write.db, write.caller, peek->customer_id, name));
  HK_ASSIGN_OR_RETURN(view.legal_case, store::GetLegalCase(write.db, id, store::Lock::kForUpdate));
  store::LegalCaseRecord& legal_case = view.legal_case;
  const store::LegalCaseRecord before = legal_case;
  HK_RETURN_IF_ERROR(core::AdvanceLegalStage(legal_case.stage, to, name));
  legal_case.stage_day = write.today;
  if (to == core::LegalStage::kClosed) legal_case.closed_day = write.today;
  if (!court_case_number.empty()) legal_case.court_case_number = court_case_number;
  legal_case.update_time = write.now;
  HK_RETURN_IF_ERROR(store::UpdateLegalCaseStage(write.db, legal_case));
  RecordStage(write, legal_case, note);
  write.audit.Record(name, LegalCaseImage(before), LegalCaseImage(legal_case));
  if (to == core::LegalStage::kClosed) {
    const bool others = store::CountOtherOpenCases(write.db, legal_case.customer_id, id) > 0;
    ChangeCreditStatus(write, view.credit,
                       core::CreditStatusOnClose(view.credit.credit_status, others),
                       absl::StrCat(name,
                                    " closed: supply stays stopped until a head releases "
                                    "the hold"));
  }
  return view;
}

absl::StatusOr<store::LegalCaseRecord> GetLegalCase(ReadScope& read, int64_t id,
                                                    absl::string_view name) {
  absl::StatusOr<store::LegalCaseRecord> legal_case =
      store::GetLegalCase(read.db, id, store::Lock::kNone);
  if (absl::IsNotFound(legal_case.status()) ||
      (legal_case.ok() &&
       !CanSeeCustomer(read.caller, legal_case->customer_id, legal_case->owner_user_id))) {
    return core::NotFoundError(name);
  }
  return legal_case;
}

std::vector<store::LegalCaseRecord> ListLegalCases(ReadScope& read,
                                                   std::optional<int64_t> customer_id,
                                                   bool open_only, int64_t after_id, int limit) {
  const ListScope scope = ScopeList(read.caller, customer_id);
  if (scope.nothing) return {};
  store::LegalCaseFilter filter;
  filter.customer_id = scope.customer_id;
  filter.owner_user_id = scope.owner_user_id;
  filter.open_only = open_only;
  return store::ListLegalCases(read.db, filter, after_id, limit);
}

}  // namespace huikuan::ops
