// Thin wrappers: one client per service, generated from proto/ (src/gen). Pages import these
// and the generated message types; no request code is written by hand.
import { createClient } from "@connectrpc/connect";
import { transport } from "./transport";
import { ArrangementService } from "../gen/huikuan/v1/arrangement_service_pb";
import { AuditService } from "../gen/huikuan/v1/audit_service_pb";
import { CollectionsService } from "../gen/huikuan/v1/collections_service_pb";
import { ComplianceService } from "../gen/huikuan/v1/compliance_service_pb";
import { CreditService } from "../gen/huikuan/v1/credit_service_pb";
import { CustomerService } from "../gen/huikuan/v1/customer_service_pb";
import { DataExchangeService } from "../gen/huikuan/v1/data_exchange_service_pb";
import { DunningService } from "../gen/huikuan/v1/dunning_service_pb";
import { ForecastService } from "../gen/huikuan/v1/forecast_service_pb";
import { IdentityService } from "../gen/huikuan/v1/identity_service_pb";
import { JobService } from "../gen/huikuan/v1/job_service_pb";
import { LedgerService } from "../gen/huikuan/v1/ledger_service_pb";
import { LegalService } from "../gen/huikuan/v1/legal_service_pb";
import { RelationshipService } from "../gen/huikuan/v1/relationship_service_pb";
import { PayingService } from "../gen/huikuan/v1/paying_service_pb";
import { ReportService } from "../gen/huikuan/v1/report_service_pb";
import { RiskService } from "../gen/huikuan/v1/risk_service_pb";
import { SessionService } from "../gen/huikuan/v1/session_service_pb";
import { StatementService } from "../gen/huikuan/v1/statement_service_pb";
import { TermPolicyService } from "../gen/huikuan/v1/term_policy_service_pb";
import { WorklistService } from "../gen/huikuan/v1/worklist_service_pb";
import { FinancingService } from "../gen/huikuan/v1/financing_service_pb";
import { HealthService } from "../gen/huikuan/v1/health_service_pb";

export const arrangementClient = createClient(ArrangementService, transport);
export const auditClient = createClient(AuditService, transport);
export const collectionsClient = createClient(CollectionsService, transport);
export const complianceClient = createClient(ComplianceService, transport);
export const creditClient = createClient(CreditService, transport);
export const customerClient = createClient(CustomerService, transport);
export const dataExchangeClient = createClient(DataExchangeService, transport);
export const dunningClient = createClient(DunningService, transport);
export const forecastClient = createClient(ForecastService, transport);
export const identityClient = createClient(IdentityService, transport);
export const jobClient = createClient(JobService, transport);
export const ledgerClient = createClient(LedgerService, transport);
export const legalClient = createClient(LegalService, transport);
export const relationshipClient = createClient(RelationshipService, transport);
export const payingClient = createClient(PayingService, transport);
export const reportClient = createClient(ReportService, transport);
export const riskClient = createClient(RiskService, transport);
export const sessionClient = createClient(SessionService, transport);
export const statementClient = createClient(StatementService, transport);
export const termPolicyClient = createClient(TermPolicyService, transport);
export const worklistClient = createClient(WorklistService, transport);
export const financingClient = createClient(FinancingService, transport);
export const healthClient = createClient(HealthService, transport);

// A fresh idempotency key (AIP-155) per user action; a retry of the same action reuses it.
export function newRequestId(): string {
  return crypto.randomUUID();
}
