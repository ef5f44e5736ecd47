// Routes: each page is loaded on demand (its own chunk), so the first load carries only the
// shell. `meta.method` names the RPC a page needs; the menu and the guard hide a page the role
// may not call, and the server refuses it anyway.
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from "vue-router";
import { useSessionStore } from "./stores/session";

declare module "vue-router" {
  interface RouteMeta {
    public?: boolean;
    method?: string; // "CustomerService/ListCustomers"
    customerOnly?: boolean;
    staffOnly?: boolean;
  }
}

// The first page after login: the portal for customers, the dashboard for staff (the customer list
// for a role that may not read the reports). A redirect, not a page, so that nothing more is loaded
// on the way to the dashboard; before the session is known (a page load) the guard below corrects
// the guess.
function home(): RouteLocationRaw {
  const session = useSessionStore();
  if (session.isCustomer) return { name: "portal" };
  return { name: session.loaded && !session.can("ReportService/GetAgingReport") ? "customers" : "dashboard" };
}

const routes: RouteRecordRaw[] = [
  { path: "/login", name: "login", component: () => import("./views/login/LoginView.vue"), meta: { public: true } },
  {
    path: "/",
    component: () => import("./layouts/AppLayout.vue"),
    children: [
      { path: "", name: "home", redirect: home },
      {
        path: "dashboard",
        name: "dashboard",
        component: () => import("./views/dashboard/DashboardPage.vue"),
        meta: { method: "ReportService/GetAgingReport", staffOnly: true },
      },
      {
        path: "risk",
        name: "risk",
        component: () => import("./views/risk/RiskList.vue"),
        meta: { method: "RiskService/ListCustomerRisks", staffOnly: true },
      },
      {
        path: "meeting",
        name: "meeting",
        component: () => import("./views/meeting/MeetingPage.vue"),
        meta: { method: "ReportService/GetMeetingPack", staffOnly: true },
      },
      {
        path: "customers",
        name: "customers",
        component: () => import("./views/customers/CustomerList.vue"),
        meta: { method: "CustomerService/ListCustomers", staffOnly: true },
      },
      {
        path: "customers/:id",
        name: "customer",
        component: () => import("./views/customers/CustomerDetail.vue"),
        meta: { method: "CustomerService/GetCustomer", staffOnly: true },
        props: true,
      },
      {
        path: "worklist",
        name: "worklist",
        component: () => import("./views/worklist/WorklistPage.vue"),
        meta: { method: "WorklistService/ListWorkItems", staffOnly: true },
      },
      {
        path: "invoices/new",
        name: "invoice-entry",
        component: () => import("./views/ledger/InvoiceEntry.vue"),
        meta: { method: "LedgerService/CreateInvoice" },
      },
      {
        path: "payments",
        name: "payment-entry",
        component: () => import("./views/ledger/PaymentEntry.vue"),
        meta: { method: "LedgerService/RecordPayment" },
      },
      {
        path: "approvals",
        name: "approvals",
        component: () => import("./views/approvals/ApprovalInbox.vue"),
        meta: { method: "CreditService/ListCreditApplications", staffOnly: true },
      },
      {
        path: "term-policies",
        name: "term-policies",
        component: () => import("./views/terms/TermPolicies.vue"),
        meta: { method: "TermPolicyService/ListTermPolicies" },
      },
      {
        path: "statements",
        name: "statements",
        component: () => import("./views/statements/StatementList.vue"),
        meta: { method: "StatementService/ListStatements" },
      },
      {
        path: "statements/:id",
        name: "statement",
        component: () => import("./views/statements/StatementDetail.vue"),
        meta: { method: "StatementService/GetStatement" },
        props: true,
      },
      {
        path: "outbox",
        name: "outbox",
        component: () => import("./views/outbox/OutboxPage.vue"),
        meta: { method: "WorklistService/ListOutboxMessages", staffOnly: true },
      },
      {
        path: "dunning",
        name: "dunning",
        component: () => import("./views/dunning/DunningPage.vue"),
        meta: { method: "DunningService/GetDunningLadders", staffOnly: true },
      },
      {
        path: "compliance",
        name: "compliance",
        component: () => import("./views/compliance/CompliancePage.vue"),
        meta: { method: "ComplianceService/GetComplianceSettings", staffOnly: true },
      },
      {
        path: "jobs",
        name: "jobs",
        component: () => import("./views/jobs/JobRunsPage.vue"),
        meta: { method: "JobService/ListJobRuns", staffOnly: true },
      },
      {
        path: "portal",
        name: "portal",
        component: () => import("./views/portal/PortalHome.vue"),
        meta: { customerOnly: true },
      },
      {
        path: "import",
        name: "import",
        component: () => import("./views/import/CsvImport.vue"),
        meta: { method: "DataExchangeService/ImportCustomers" },
      },
      { path: ":rest(.*)*", name: "not-found", component: () => import("./views/home/NotFound.vue") },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.loaded) await session.load();
  if (to.meta.public) return session.loggedIn && to.name === "login" ? { name: "home" } : true;
  if (!session.loggedIn) return { name: "login", query: { next: to.fullPath } };
  if (to.meta.method && !session.can(to.meta.method)) return { name: "home" };
  if (to.meta.customerOnly && !session.isCustomer) return { name: "home" };
  if (to.meta.staffOnly && session.isCustomer) return { name: "portal" };
  return true;
});
