// Receivables financing and the credit-term health score through the pages (issue 14), each result
// checked afterwards through the API: finance pledges an open invoice from the customer 360's
// invoices, a write-off of it is then refused naming the financier, and finance releases it with
// the financier's reference (the write-off is then allowed); the meeting pack shows the pledged
// column and the pledges; the dashboard shows the company's health score and its distribution;
// the customer 360 and the portal show a customer's score, components and advice, and the
// portal user cannot read another customer's score. Configuration as in app.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { e2eConfig, roleSessions } from "./browser.mjs";

const config = e2eConfig();
const as = roleSessions(config);

async function check(s, name) {
  await s.page.mouse.move(0, 0);
  assert.deepEqual(await s.checkPage(name), []);
}

const input = (page, testId) => page.locator(`input[data-test='${testId}'], [data-test='${testId}'] input`);

// An open, unpledged invoice on the first page of its customer's invoices (as the 360 lists them).
async function openUnpledgedInvoice(s) {
  const pledged = await s.rpc("FinancingService/ListPledges", { activeOnly: true, pageSize: 1000 });
  const taken = new Set((pledged.body.pledges ?? []).map((p) => p.invoice));
  const customers = await s.rpc("CustomerService/ListCustomers", { pageSize: 60 });
  for (const customer of customers.body.customers) {
    const page = await s.rpc("LedgerService/ListInvoices", { customer: customer.name, pageSize: 20 });
    const invoice = (page.body.invoices ?? []).find((i) => i.status === "INVOICE_STATUS_OPEN" && BigInt(i.openFen) >= 100000n && !taken.has(i.name));
    if (invoice) return invoice;
  }
  throw new Error("no open invoice to pledge");
}

test("finance pledges an invoice from the customer 360, a write-off is refused, then releases it", async () => {
  await as("finance_staff", async (s) => {
    const page = s.page;
    const invoice = await openUnpledgedInvoice(s);
    await page.goto(`${config.base}/${invoice.customer}?tab=invoices`);
    const row = page.locator("[data-test='invoice-table'] .el-table__row", { hasText: invoice.invoiceNumber });
    await row.getByTestId("pledge-invoice").click();
    await page.getByTestId("pledge-dialog").waitFor();
    await input(page, "pl-financier").fill("招商银行宁波分行");
    await input(page, "pl-amount").fill("1,000.00");
    await input(page, "pl-reference").fill("CMB-E2E-1");
    await check(s, "financing-pledge-dialog");
    await page.getByTestId("pl-submit").click();
    await row.getByTestId("pledge-tag").waitFor();
    assert.match(await row.getByTestId("pledge-tag").innerText(), /招商银行宁波分行/);
    await check(s, "financing-invoices-pledged");

    const listed = await s.rpc("FinancingService/ListPledges", { invoice: invoice.name, activeOnly: true });
    assert.equal(listed.body.pledges.length, 1);
    assert.equal(listed.body.pledges[0].amountFen, "100000");
    // The server refuses a write-off of the pledged invoice, naming the financier.
    const refused = await s.rpc("CollectionsService/RequestWriteOff", { requestId: crypto.randomUUID(), invoice: invoice.name, amountFen: "100", reason: "e2e" });
    assert.equal(refused.body.code, "failed_precondition");
    assert.match(refused.body.message, /招商银行宁波分行/);

    await row.getByTestId("release-pledge").click();
    await input(page, "pl-release-reference").fill("CMB-REL-E2E-1");
    await page.getByTestId("pl-submit").click();
    await row.getByTestId("pledge-tag").waitFor({ state: "detached" });
    const after = await s.rpc("FinancingService/ListPledges", { invoice: invoice.name });
    assert.equal(after.body.pledges[0].active ?? false, false);
    assert.equal(after.body.pledges[0].releaseReference, "CMB-REL-E2E-1");
    const allowed = await s.rpc("CollectionsService/RequestWriteOff", { requestId: crypto.randomUUID(), invoice: invoice.name, amountFen: "100", reason: "e2e" });
    assert.equal(allowed.status, 200);
  });
});

test("sales see the pledge but have no pledge button, and the server refuses them", async () => {
  await as("sales_staff", async (s) => {
    const customers = await s.rpc("CustomerService/ListCustomers", { pageSize: 1 });
    const customer = customers.body.customers[0].name;
    await s.page.goto(`${config.base}/${customer}?tab=invoices`);
    await s.page.getByTestId("invoice-table").locator(".el-table__row").first().waitFor();
    assert.equal(await s.page.getByTestId("pledge-invoice").count(), 0);
    const invoices = await s.rpc("LedgerService/ListInvoices", { customer, pageSize: 1 });
    const refused = await s.rpc("FinancingService/PledgeInvoice", { requestId: crypto.randomUUID(), invoice: invoices.body.invoices[0].name, financier: "x", amountFen: "1" });
    assert.equal(refused.body.code, "permission_denied");
  });
});

test("the meeting pack shows pledged amounts and the pledges by financier", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/meeting']").click();
    await page.getByTestId("meeting-aging").waitFor();
    await page.getByTestId("meeting-pledge-totals").waitFor();
    const month = await page.getByTestId("meeting-pack").getAttribute("data-month");
    const pack = await s.rpc("ReportService/GetMeetingPack", { month });
    const totals = pack.body.pack.pledgeTotals ?? [];
    assert.ok(totals.length >= 1, "the demo has pledged invoices");
    assert.match(await page.getByTestId("meeting-pledge-totals").innerText(), new RegExp(totals[0].financier));
    let sum = 0n;
    for (const t of totals) sum += BigInt(t.pledgedOpenFen ?? "0");
    assert.equal(BigInt(pack.body.pack.aging.total.pledgedFen ?? "0"), sum);
    await check(s, "financing-meeting-pledges");
  });
});

test("the dashboard shows the company's health score and the 360 a customer's", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.getByTestId("company-health-score").waitFor();
    const company = await s.rpc("HealthService/GetCompanyHealth", {});
    assert.equal(await page.getByTestId("company-health-score").innerText(), String(company.body.score ?? 0));
    await page.getByTestId("health-distribution").waitFor();
    await check(s, "financing-dashboard-health");
    const listed = await s.rpc("HealthService/ListCustomerHealth", { pageSize: 60 });
    const scored = listed.body.customers.find((c) => c.scored && (c.advice ?? []).length > 0);
    await page.goto(`${config.base}/${scored.customer}`);
    await page.getByTestId("health-score").waitFor();
    assert.equal(await page.getByTestId("health-score").innerText(), String(scored.score ?? 0));
    assert.equal(await page.getByTestId("health-components").locator(".el-table__row").count(), 4);
    // The punctuality is of the daily run's snapshot (the demo's replay wrote today's); the card
    // says of which day.
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    assert.equal(scored.punctualityAsOf, today);
    assert.equal(company.body.punctualityAsOf, today);
    assert.match(await page.getByTestId("health-as-of").innerText(), new RegExp(today));
    await check(s, "financing-customer-health");
  });
});

test("the portal shows the customer's own score and what would raise it, and nobody else's", async () => {
  await as("customer", async (s) => {
    const page = s.page;
    await page.getByTestId("health-card").waitFor();
    const session = await s.rpc("SessionService/GetSession", {});
    const own = session.body.user.customer;
    const mine = await s.rpc("HealthService/GetCustomerHealth", { customer: own });
    assert.equal(mine.status, 200);
    if (mine.body.health.scored) {
      await page.getByTestId("health-score").waitFor();
      assert.equal(await page.getByTestId("health-score").innerText(), String(mine.body.health.score ?? 0));
      const advice = mine.body.health.advice ?? [];
      if (advice.length > 0) assert.equal(await page.getByTestId("health-advice").locator("li").count(), advice.length);
    }
    await check(s, "financing-portal-health");
    const other = own === "customers/1" ? "customers/2" : "customers/1";
    const refused = await s.rpc("HealthService/GetCustomerHealth", { customer: other });
    assert.equal(refused.body.code, "not_found");
    const company = await s.rpc("HealthService/GetCompanyHealth", {});
    assert.equal(company.body.code, "permission_denied");
  });
});
