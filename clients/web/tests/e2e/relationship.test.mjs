// The relationship cadence and joint promotions through the pages (issue 14; seed 000 客户关系维护,
// 账期政策设计), each result checked afterwards through the API: a sales head changes the cadence
// on the term policies page; the salesperson finds the monthly reconciliation item (prepared by the
// demo's replayed daily run) on the customer 360 with its message and sends it through the outbox;
// a salesperson records a joint promotion on the customer 360, the sales head approves it in the
// approvals inbox, and the terms of the next month's invoices carry the +10 days; finance sees no
// record form and the server refuses it. Configuration as in app.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { e2eConfig, roleSessions } from "./browser.mjs";

const config = e2eConfig();
const as = roleSessions(config);

async function check(s, name) {
  await s.page.mouse.move(0, 0);
  assert.deepEqual(await s.checkPage(name), []);
}

const input = (page, testId) => page.locator(`input[data-test='${testId}'], [data-test='${testId}'] input, textarea[data-test='${testId}'], [data-test='${testId}'] textarea`);

// The first day of the month after today's, "YYYY-MM-DD" (Asia/Shanghai).
function nextMonthFirst() {
  const [y, m] = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" }).split("-").map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

test("a sales head changes the relationship cadence on the term policies page", async () => {
  await as("sales_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/term-policies']").click();
    await page.getByTestId("cadence-table").locator(".el-table__row").first().waitFor();
    const before = (await s.rpc("RelationshipService/GetCadenceSettings", {})).body.settings;
    const general = before.tiers.find((t) => t.tier === "general");
    const day = (general.monthlyDay ?? 0) === 5 ? 6 : 5;
    await input(page, "monthly-general").fill(String(day));
    await input(page, "monthly-general").press("Tab");
    await page.getByTestId("cadence-save").click();
    await page.getByTestId("cadence-saved").waitFor();
    await check(s, "relationship-cadence-settings");
    const after = (await s.rpc("RelationshipService/GetCadenceSettings", {})).body.settings;
    assert.equal(after.tiers.find((t) => t.tier === "general").monthlyDay, day);
    assert.notEqual(after.etag, before.etag);
  });
  // Sales staff read the cadence but may not change it: no save button, and the server refuses.
  await as("sales_staff", async (s) => {
    await s.page.locator("[data-test='menu-/term-policies']").click();
    await s.page.getByTestId("cadence-table").locator(".el-table__row").first().waitFor();
    assert.equal(await s.page.getByTestId("cadence-save").count(), 0);
    const settings = (await s.rpc("RelationshipService/GetCadenceSettings", {})).body.settings;
    const refused = await s.rpc("RelationshipService/UpdateCadenceSettings", { requestId: `e2e-${Date.now()}`, tiers: settings.tiers, etag: settings.etag });
    assert.equal(refused.status, 403);
  });
});

test("the salesperson sends the prepared monthly reconciliation message from the customer 360", async () => {
  await as("sales_staff", async (s) => {
    const page = s.page;
    const list = await s.rpc("WorklistService/ListWorkItems", { view: "VIEW_MINE", status: "WORK_ITEM_STATUS_OPEN", kind: "relationship", step: "monthly_reconciliation", pageSize: 50 });
    assert.equal(list.status, 200);
    let item;
    for (const candidate of list.body.workItems ?? []) {
      const customer = (await s.rpc("CustomerService/GetCustomer", { name: candidate.customer })).body.customer;
      const queued = await s.rpc("WorklistService/ListOutboxMessages", { workItem: candidate.name, pageSize: 1 });
      if (customer?.contactEmail && !(queued.body.outboxMessages ?? []).length) {
        item = candidate;
        break;
      }
    }
    assert.ok(item, "the demo's replayed daily run leaves a monthly reconciliation item for a customer with an email address");
    assert.match(item.messageBody, /感谢您一直以来的支持/);
    await page.goto(`${config.base}/${item.customer}?tab=work-items`);
    const row = page.locator("tr", { has: page.getByTestId(`step-${item.name}`) });
    await row.locator(".el-table__expand-icon").click();
    await page.getByTestId(`message-${item.name}`).waitFor();
    await page.getByTestId(`send-${item.name}`).click();
    await page.getByTestId(`queued-${item.name}`).waitFor();
    await check(s, "relationship-monthly-message");
    const queued = await s.rpc("WorklistService/ListOutboxMessages", { workItem: item.name, pageSize: 5 });
    assert.equal(queued.body.outboxMessages.length, 1);
    assert.equal(queued.body.outboxMessages[0].subject, item.messageSubject);
    assert.equal(queued.body.outboxMessages[0].status, "OUTBOX_STATUS_PENDING");
  });
});

test("a joint promotion recorded on the customer 360 and approved in the inbox gives next month's invoices +10 days", async () => {
  const recorded = await as("sales_staff", async (s) => {
    const page = s.page;
    const customers = await s.rpc("CustomerService/ListCustomers", { pageSize: 50 });
    const customer = customers.body.customers.find((c) => c.creditStatus !== "CREDIT_STATUS_ON_HOLD" && c.creditStatus !== "CREDIT_STATUS_IN_LITIGATION") ?? customers.body.customers[0];
    await page.goto(`${config.base}/${customer.name}?tab=promotions`);
    await page.getByTestId("promotion-table").waitFor();
    await input(page, "promotion-event").fill(`E2E 区域新品发布会 ${Date.now()}`);
    await input(page, "promotion-evidence").fill("发布会签到表及现场照片 MKT-E2E");
    await page.getByTestId("promotion-submit").click();
    const notice = page.getByTestId("promotion-recorded");
    await notice.waitFor();
    await check(s, "relationship-promotion-recorded");
    return { customer: customer.name, promotion: (await notice.innerText()).match(/promotions\/\d+/)[0] };
  });
  await as("sales_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/approvals']").click();
    await page.locator("#tab-promotions").click();
    await page.getByTestId(`approve-${recorded.promotion}`).click();
    await page.getByTestId(`approve-${recorded.promotion}`).waitFor({ state: "detached" });
    await check(s, "relationship-promotion-inbox");
    const promotions = await s.rpc("RelationshipService/ListPromotions", { customer: recorded.customer, pageSize: 50 });
    const approved = promotions.body.promotions.find((p) => p.name === recorded.promotion);
    assert.equal(approved.status, "PROMOTION_STATUS_APPROVED");
    const terms = await s.rpc("TermPolicyService/GetEffectiveTerms", { customer: recorded.customer, orderAmountFen: "10000000", invoiceDate: nextMonthFirst() });
    assert.equal(terms.status, 200);
    assert.equal(terms.body.jointPromotion, recorded.promotion);
    assert.ok(terms.body.breakdown.steps.some((step) => step.step === "joint_promotion"));
  });
  await as("finance_staff", async (s) => {
    await s.page.goto(`${config.base}/${recorded.customer}?tab=promotions`);
    await s.page.getByTestId(`promotion-status-${recorded.promotion}`).waitFor();
    assert.equal(await s.page.getByTestId("promotion-submit").count(), 0);
    const refused = await s.rpc("RelationshipService/RecordPromotion", { requestId: `e2e-${Date.now()}`, customer: recorded.customer, event: "x", eventDate: "2026-01-01", evidence: "y" });
    assert.equal(refused.status, 403);
  });
});
