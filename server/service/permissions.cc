#include "server/service/permissions.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace huikuan::service {
namespace {

// Role groups used in the table below; roles are "<department>_<level>", "admin", "customer".
constexpr absl::string_view kEveryone =
    "admin customer sales_staff sales_head finance_staff finance_head legal_staff legal_head "
    "investment_staff investment_head management_staff management_head";
constexpr absl::string_view kAllStaffAndHeads =
    "admin sales_staff sales_head finance_staff finance_head legal_staff legal_head "
    "investment_staff investment_head management_staff management_head";

struct PermissionRow {
  absl::string_view method;
  // Space-separated role names; kEveryone etc. may be used.
  absl::string_view roles;
};

// The permission table. Department duties follow DESIGN.md (Roles): investment assesses and
// onboards customers, sales own them, heads and management oversee, admin runs the system.
constexpr PermissionRow kPermissions[] = {
    {"/huikuan.v1.IdentityService/WhoAmI", kEveryone},
    {"/huikuan.v1.IdentityService/CreateUser", "admin"},
    // The company directory (names, departments, levels): staff read who owns a customer, who
    // an item is assigned to and who recorded a contact by name, not as users/N.
    {"/huikuan.v1.IdentityService/ListUsers", kAllStaffAndHeads},
    {"/huikuan.v1.IdentityService/IssueToken", "admin"},
    // Everyone may revoke their own tokens (log out); admin may revoke any.
    {"/huikuan.v1.IdentityService/RevokeToken", kEveryone},

    {"/huikuan.v1.CustomerService/CreateCustomer",
     "admin sales_staff sales_head investment_staff investment_head management_head"},
    {"/huikuan.v1.CustomerService/GetCustomer", kEveryone},
    {"/huikuan.v1.CustomerService/ListCustomers", kEveryone},
    {"/huikuan.v1.CustomerService/UpdateCustomer",
     "admin sales_staff sales_head investment_staff investment_head management_head"},
    // Credit assessment is investment's duty at onboarding; finance and management review it.
    {"/huikuan.v1.CustomerService/AssessCustomer",
     "admin investment_staff investment_head finance_staff finance_head management_head"},

    // The ledger (issue 4). Invoices come from orders (sales) and invoicing (finance); internal
    // apps (ERP, order system) call with an admin or finance token. Money received is recorded,
    // applied and reversed by finance only. Reads are open to everyone, row-scoped.
    {"/huikuan.v1.LedgerService/CreateInvoice",
     "admin sales_staff sales_head finance_staff finance_head"},
    {"/huikuan.v1.LedgerService/CreateInvoices",
     "admin sales_staff sales_head finance_staff finance_head"},
    {"/huikuan.v1.LedgerService/GetInvoice", kEveryone},
    {"/huikuan.v1.LedgerService/ListInvoices", kEveryone},
    {"/huikuan.v1.LedgerService/RecordPayment", "admin finance_staff finance_head"},
    {"/huikuan.v1.LedgerService/GetPayment", kEveryone},
    {"/huikuan.v1.LedgerService/AllocatePayment", "admin finance_staff finance_head"},
    {"/huikuan.v1.LedgerService/ReversePayment", "admin finance_staff finance_head"},

    // Credit (issue 4, R-CREDIT-1). Investment assesses credit, sales heads and finance apply for
    // their customers; the approvers are the heads the amount requires (the service checks the
    // application's required roles on top of this table). Holds stop supply (R-WARN-4): finance
    // and management heads, legal heads for litigation. Reads: internal staff, row-scoped.
    {"/huikuan.v1.CreditService/SubmitCreditApplication",
     "admin sales_head finance_staff finance_head investment_staff investment_head"},
    {"/huikuan.v1.CreditService/GetCreditApplication", kAllStaffAndHeads},
    {"/huikuan.v1.CreditService/ListCreditApplications", kAllStaffAndHeads},
    {"/huikuan.v1.CreditService/ApproveCreditApplication",
     "finance_head investment_head management_head"},
    {"/huikuan.v1.CreditService/RejectCreditApplication",
     "finance_head investment_head management_head"},
    // The submitter withdraws its own application (checked by the service).
    {"/huikuan.v1.CreditService/WithdrawCreditApplication",
     "admin sales_head finance_staff finance_head investment_staff investment_head"},
    {"/huikuan.v1.CreditService/GetCustomerCredit", kAllStaffAndHeads},
    {"/huikuan.v1.CreditService/PlaceCreditHold", "admin finance_head legal_head management_head"},
    {"/huikuan.v1.CreditService/ReleaseCreditHold",
     "admin finance_head legal_head management_head"},
    // Term policies (R-TERM-3): published by finance and management heads; read internally.
    {"/huikuan.v1.TermPolicyService/PublishTermPolicy", "admin finance_head management_head"},
    {"/huikuan.v1.TermPolicyService/ListTermPolicies", kAllStaffAndHeads},
    {"/huikuan.v1.TermPolicyService/GetEffectiveTerms", kAllStaffAndHeads},

    // Collections (issue 4). Late fees (R-TERM-4) are accrued by finance (or an admin's daily
    // job) and read by everyone, row-scoped; waivers are requested by finance and decided by the
    // finance head. Bad-debt write-offs are requested by finance and approved or rejected by a
    // management head (the separation of duties the write-off needs).
    {"/huikuan.v1.CollectionsService/AccrueLateFees", "admin finance_staff finance_head"},
    {"/huikuan.v1.CollectionsService/ListLateFees", kEveryone},
    {"/huikuan.v1.CollectionsService/RequestLateFeeWaiver", "finance_staff finance_head"},
    {"/huikuan.v1.CollectionsService/ApproveLateFeeWaiver", "finance_head"},
    {"/huikuan.v1.CollectionsService/RejectLateFeeWaiver", "finance_head"},
    {"/huikuan.v1.CollectionsService/RequestWriteOff", "finance_staff finance_head"},
    {"/huikuan.v1.CollectionsService/ApproveWriteOff", "management_head"},
    {"/huikuan.v1.CollectionsService/RejectWriteOff", "management_head"},
    // The approvals inbox: requested waivers and write-offs, for finance (who requests and, as
    // head, decides waivers) and management heads (who decide write-offs). These roles see all
    // customers, so the lists are not row-scoped.
    {"/huikuan.v1.CollectionsService/ListLateFeeWaivers",
     "admin finance_staff finance_head management_head"},
    {"/huikuan.v1.CollectionsService/ListWriteOffs",
     "admin finance_staff finance_head management_head"},

    // Monthly statements (R-STMT-1): finance issues them; the customer confirms (finance may
    // confirm on its behalf, recorded as such) or disputes lines; a finance head resolves a
    // disputed invoice. Reads: everyone, row-scoped (a customer user sees only its own company).
    {"/huikuan.v1.StatementService/GenerateStatement", "admin finance_staff finance_head"},
    {"/huikuan.v1.StatementService/GetStatement", kEveryone},
    {"/huikuan.v1.StatementService/ListStatements", kEveryone},
    {"/huikuan.v1.StatementService/ConfirmStatement", "customer finance_staff finance_head"},
    {"/huikuan.v1.StatementService/DisputeStatementLines", "customer"},
    {"/huikuan.v1.StatementService/ResolveDispute", "finance_head"},

    // Reports for the monthly joint meeting (issue 11): every department reads them, row-scoped
    // (sales staff see only their own customers and commission); customer users never.
    {"/huikuan.v1.ReportService/GetAgingReport", kAllStaffAndHeads},
    {"/huikuan.v1.ReportService/GetKpiReport", kAllStaffAndHeads},
    {"/huikuan.v1.ReportService/GetCommissionReport", kAllStaffAndHeads},
    {"/huikuan.v1.ReportService/GetRfmReport", kAllStaffAndHeads},
    {"/huikuan.v1.ReportService/GetMeetingPack", kAllStaffAndHeads},
    {"/huikuan.v1.ReportService/ExportMeetingPack", kAllStaffAndHeads},
    {"/huikuan.v1.ForecastService/GetCashForecast", kAllStaffAndHeads},
    {"/huikuan.v1.ForecastService/GetOverdueForecast", kAllStaffAndHeads},
    {"/huikuan.v1.ForecastService/GetDsoForecast", kAllStaffAndHeads},
    // Term policy is decided by the heads and management (R-TERM-3); the simulator only reads.
    {"/huikuan.v1.ForecastService/SimulateTermPolicy",
     "admin sales_head finance_head legal_head investment_head management_staff management_head"},

    // CSV import and export (issue 4): imports write customers, invoices and payments at once,
    // so only admin and finance (who record money) run them; exports are ledger reads for
    // internal staff, row-scoped (sales staff get only their own customers).
    {"/huikuan.v1.DataExchangeService/ImportCustomers", "admin finance_staff finance_head"},
    {"/huikuan.v1.DataExchangeService/ImportInvoices", "admin finance_staff finance_head"},
    {"/huikuan.v1.DataExchangeService/ImportPayments", "admin finance_staff finance_head"},
    {"/huikuan.v1.DataExchangeService/ImportIbmLatePayments", "admin finance_staff finance_head"},
    {"/huikuan.v1.DataExchangeService/ExportCustomers", kAllStaffAndHeads},
    {"/huikuan.v1.DataExchangeService/ExportInvoices", kAllStaffAndHeads},
    {"/huikuan.v1.DataExchangeService/ExportPayments", kAllStaffAndHeads},

    // Worklists (issue 9): every department works its own list; customer users see none. Heads
    // hand items to their people or back to the queue. Letters and SMS are dispatched by finance
    // (dunning letters, notices) and legal (lawyer letters).
    {"/huikuan.v1.WorklistService/ListWorkItems", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/GetWorkItem", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/CompleteWorkItem", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/ReassignWorkItem",
     "admin sales_head finance_head legal_head investment_head management_head"},
    {"/huikuan.v1.WorklistService/SnoozeWorkItem", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/RecordContact", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/ListContacts", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/ListOutboxMessages", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/GetOutboxMessage", kAllStaffAndHeads},
    {"/huikuan.v1.WorklistService/MarkMessageDispatched",
     "admin finance_staff finance_head legal_staff legal_head"},

    // The collection ladder's configuration (R-DUN-1): finance runs collection, management
    // oversees it; sales and finance heads may give their customers their own ladder or pause
    // them (with a reason, audited).
    {"/huikuan.v1.DunningService/PublishDunningLadders", "admin finance_head management_head"},
    {"/huikuan.v1.DunningService/ListDunningLadderVersions", kAllStaffAndHeads},
    {"/huikuan.v1.DunningService/GetDunningLadders", kAllStaffAndHeads},
    {"/huikuan.v1.DunningService/SetDunningOverride",
     "admin sales_head finance_head management_head"},
    {"/huikuan.v1.DunningService/ClearDunningOverride",
     "admin sales_head finance_head management_head"},
    {"/huikuan.v1.DunningService/ListDunningOverrides", kAllStaffAndHeads},

    // Contact compliance (issue 14): the limits are changed by heads; message templates are
    // proposed by those who write to customers and approved by legal heads only; the evidence
    // file goes to those who may take a customer to a lawyer or court (row-scoped).
    {"/huikuan.v1.ComplianceService/GetComplianceSettings", kAllStaffAndHeads},
    {"/huikuan.v1.ComplianceService/UpdateComplianceSettings",
     "sales_head finance_head legal_head investment_head management_head"},
    {"/huikuan.v1.ComplianceService/ListMessageTemplates", kAllStaffAndHeads},
    {"/huikuan.v1.ComplianceService/ProposeMessageTemplate",
     "finance_staff finance_head legal_staff legal_head management_head"},
    {"/huikuan.v1.ComplianceService/ApproveMessageTemplate", "legal_head"},
    {"/huikuan.v1.ComplianceService/RejectMessageTemplate", "legal_head"},
    {"/huikuan.v1.ComplianceService/ListFlaggedContacts", kAllStaffAndHeads},
    {"/huikuan.v1.ComplianceService/ExportContactEvidence",
     "admin sales_head finance_staff finance_head legal_staff legal_head investment_head "
     "management_staff management_head"},

    // Sessions for people (web login). Login is public (IsPublicMethod): its row only completes
    // the table. Everyone logs out of its own session and changes its own password; an admin
    // sets anyone's (checked by the service).
    {"/huikuan.v1.SessionService/Login", kEveryone},
    {"/huikuan.v1.SessionService/Logout", kEveryone},
    {"/huikuan.v1.SessionService/GetSession", kEveryone},
    {"/huikuan.v1.SessionService/SetPassword", kEveryone},
    // The daily run (issue 9): admins run the system, the finance head owns the runs that move
    // money (late fees); both may run a day on demand and read the runs' record.
    {"/huikuan.v1.JobService/RunJob", "admin finance_head"},
    {"/huikuan.v1.JobService/ListJobRuns", "admin finance_head"},
    {"/huikuan.v1.JobService/GetJobRun", "admin finance_head"},
    // Arrangements with customers (issue 9). Sales and finance record promises to pay and raise
    // disputes on the customer's word (admin for the CRM integration); a finance head resolves
    // disputes. Payment plans: finance requests, the finance head approves (and a management head
    // above the credit authority bands: the service checks the plan's required roles).
    // Goods-for-debt settlements: finance requests, a management head decides, like write-offs.
    // Reads: internal staff, row-scoped (sales staff see only their own customers); customer users
    // see their disputes on their statements, not here.
    {"/huikuan.v1.ArrangementService/RecordPromise",
     "admin sales_staff sales_head finance_staff finance_head"},
    {"/huikuan.v1.ArrangementService/GetPromise", kAllStaffAndHeads},
    {"/huikuan.v1.ArrangementService/ListPromises", kAllStaffAndHeads},
    {"/huikuan.v1.ArrangementService/RaiseInvoiceDispute",
     "admin sales_staff sales_head finance_staff finance_head"},
    {"/huikuan.v1.ArrangementService/ResolveInvoiceDispute", "finance_head"},
    {"/huikuan.v1.ArrangementService/ListInvoiceDisputes", kAllStaffAndHeads},
    {"/huikuan.v1.ArrangementService/RequestPaymentPlan", "finance_staff finance_head"},
    {"/huikuan.v1.ArrangementService/ApprovePaymentPlan", "finance_head management_head"},
    {"/huikuan.v1.ArrangementService/RejectPaymentPlan", "finance_head management_head"},
    {"/huikuan.v1.ArrangementService/GetPaymentPlan", kAllStaffAndHeads},
    {"/huikuan.v1.ArrangementService/ListPaymentPlans", kAllStaffAndHeads},
    {"/huikuan.v1.ArrangementService/RequestSettlement", "finance_staff finance_head"},
    {"/huikuan.v1.ArrangementService/ApproveSettlement", "management_head"},
    {"/huikuan.v1.ArrangementService/RejectSettlement", "management_head"},
    {"/huikuan.v1.ArrangementService/ListSettlements", kAllStaffAndHeads},
    {"/huikuan.v1.ArrangementService/ListCollectionHolds", kAllStaffAndHeads},

    // The legal stage (issue 9): legal opens and advances cases and enters limitation events;
    // reads for internal staff, row-scoped.
    {"/huikuan.v1.LegalService/OpenLegalCase", "legal_staff legal_head"},
    {"/huikuan.v1.LegalService/AdvanceLegalCase", "legal_staff legal_head"},
    {"/huikuan.v1.LegalService/GetLegalCase", kAllStaffAndHeads},
    {"/huikuan.v1.LegalService/ListLegalCases", kAllStaffAndHeads},
    {"/huikuan.v1.LegalService/RecordLimitationEvent", "legal_staff legal_head"},
    {"/huikuan.v1.LegalService/ListLimitationPeriods", kAllStaffAndHeads},

    // Early warnings (issue 10): signals recorded by finance, legal, investment, management and
    // admin (sales report through them); reads for internal staff, row-scoped (sales staff see
    // their own customers only).
    {"/huikuan.v1.RiskService/RecordRiskSignal",
     "admin finance_staff finance_head legal_staff legal_head investment_staff investment_head "
     "management_staff management_head"},
    {"/huikuan.v1.RiskService/ImportRiskSignals", "admin finance_head legal_head investment_head"},
    {"/huikuan.v1.RiskService/GetCustomerRisk", kAllStaffAndHeads},
    {"/huikuan.v1.RiskService/ListCustomerRisks", kAllStaffAndHeads},

    // Receivables financing (issue 14): finance pledges, factors and releases invoices; reads
    // for internal staff, row-scoped.
    {"/huikuan.v1.FinancingService/PledgeInvoice", "admin finance_staff finance_head"},
    {"/huikuan.v1.FinancingService/ReleasePledge", "admin finance_staff finance_head"},
    {"/huikuan.v1.FinancingService/ListPledges", kAllStaffAndHeads},
    // The credit-term health score (issue 14): staff row-scoped; the portal its own company.
    {"/huikuan.v1.HealthService/GetCustomerHealth", kEveryone},
    {"/huikuan.v1.HealthService/ListCustomerHealth", kEveryone},
    {"/huikuan.v1.HealthService/GetCompanyHealth", kAllStaffAndHeads},

    // The evidence chain: read by those who decide, collect and litigate.
    {"/huikuan.v1.AuditService/ListAuditEvents",
     "admin finance_head legal_staff legal_head management_staff management_head"},

    // Relationship cadence and joint promotions (issue 14): management and sales heads set the
    // cadence; the salesperson (or its head) sends a prepared monthly message; sales and
    // investment staff record joint promotions, a sales head decides them. Reads: internal
    // staff, row-scoped.
    {"/huikuan.v1.RelationshipService/GetCadenceSettings", kAllStaffAndHeads},
    {"/huikuan.v1.RelationshipService/UpdateCadenceSettings", "admin sales_head management_head"},
    {"/huikuan.v1.RelationshipService/SendCadenceMessage", "admin sales_staff sales_head"},
    {"/huikuan.v1.RelationshipService/RecordPromotion",
     "sales_staff sales_head investment_staff investment_head"},
    {"/huikuan.v1.RelationshipService/ApprovePromotion", "sales_head"},
    {"/huikuan.v1.RelationshipService/RejectPromotion", "sales_head"},
    {"/huikuan.v1.RelationshipService/ListPromotions", kAllStaffAndHeads},
    // Paying made easy and early-payment discounts (issue 14): everyone reads the payment
    // instructions and offers, row-scoped (the portal user its own company); finance proposes a
    // discount; only the customer's portal user accepts one.
    {"/huikuan.v1.PayingService/GetPaymentInstructions", kEveryone},
    {"/huikuan.v1.PayingService/ProposeDiscountOffer", "admin finance_staff finance_head"},
    {"/huikuan.v1.PayingService/AcceptDiscountOffer", "customer"},
    {"/huikuan.v1.PayingService/ListDiscountOffers", kEveryone},
};

const PermissionRow* FindRow(absl::string_view full_method) {
  for (const auto& row : kPermissions) {
    if (row.method == full_method) return &row;
  }
  return nullptr;
}

}  // namespace

bool IsPublicMethod(absl::string_view full_method) {
  return full_method == "/huikuan.v1.SessionService/Login" ||
         absl::StartsWith(full_method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(full_method, "/grpc.reflection.v1alpha.ServerReflection/") ||
         absl::StartsWith(full_method, "/grpc.reflection.v1.ServerReflection/");
}

bool HasPermissionEntry(absl::string_view full_method) { return FindRow(full_method) != nullptr; }

bool IsAllowed(absl::string_view full_method, absl::string_view role) {
  const PermissionRow* row = FindRow(full_method);
  if (row == nullptr || role.empty()) return false;
  std::vector<absl::string_view> roles = absl::StrSplit(row->roles, ' ', absl::SkipEmpty());
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::vector<std::string> MethodsWithPermissionEntries() {
  std::vector<std::string> methods;
  for (const auto& row : kPermissions) methods.emplace_back(row.method);
  return methods;
}

}  // namespace huikuan::service
