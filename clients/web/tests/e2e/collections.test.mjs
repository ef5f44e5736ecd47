// The collection process through the pages (issue 9), each result checked afterwards through the
// API: finance completes a worklist item, which leaves the open list and shows as a contact on
// the customer 360; sales records a promise from an item and raises a dispute from another;
// finance dispatches a letter from the outbox; a payment plan and a goods-for-debt settlement go
// from the customer 360 through the approvals inbox; a finance head publishes a ladder version
// and dry-runs a day of the daily run. The demo replays 30 days of the daily run, so every
// department has items. Configuration as in app.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { e2eConfig, roleSessions } from "./browser.mjs";

const config = e2eConfig();
const as = roleSessions(config);

// A screenshot, an axe-core scan and no untranslated key (browser.mjs): none may find a problem.
// The pointer is moved off the button just clicked: its hover colour is not the page's.
async function check(s, name) {
  await s.page.mouse.move(0, 0);
  assert.deepEqual(await s.checkPage(name), []);
}

const input = (page, testId) => page.locator(`input[data-test='${testId}'], [data-test='${testId}'] input, textarea[data-test='${testId}'], [data-test='${testId}'] textarea`);

// Picks an option of the Element Plus select whose wrapper carries data-test (its popper is
// teleported to <body>: the visible one is the select just opened).
async function choose(page, testId, optionText) {
  await page.getByTestId(testId).click();
  await page.locator(".el-select-dropdown__item:visible", { hasText: optionText }).first().click();
  // A single select closes after the pick (a multiple one stays open for more); one picked while
  // its popper was still opening can stay open over the dialog's buttons: close it by its wrapper.
  try {
    await page.locator(".el-select-dropdown:visible:not(.is-multiple)").first().waitFor({ state: "hidden", timeout: 3000 });
  } catch {
    await page.getByTestId(testId).click();
  }
}

// The first page of a worklist as the page asks for it, the items whose invoices are all still
// open (a promise or a dispute needs open invoices).
async function itemsWithOpenInvoices(s, view) {
  const list = await s.rpc("WorklistService/ListWorkItems", { view, status: "WORK_ITEM_STATUS_OPEN", pageSize: 20 });
  assert.equal(list.status, 200);
  const usable = [];
  for (const item of list.body.workItems ?? []) {
    if (!item.invoices?.length) continue;
    let open = true;
    for (const inv of item.invoices) {
      const got = await s.rpc("LedgerService/GetInvoice", { name: inv.invoice });
      open &&= got.body.invoice?.status === "INVOICE_STATUS_OPEN" && BigInt(got.body.invoice.openFen) >= 10000n;
    }
    if (open) usable.push(item);
  }
  return usable;
}

test("finance completes a worklist item: it leaves the open list and is a contact on the customer 360", async () => {
  await as("finance_staff", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/worklist']").click();
    // Finance staff start on the department's queue (the ladder's finance steps go there).
    const first = page.getByTestId("work-items").locator("[data-test^='complete-workItems/']").first();
    await first.waitFor();
    const name = (await first.getAttribute("data-test")).replace("complete-", "");
    const before = await s.rpc("WorklistService/GetWorkItem", { name });
    const customer = before.body.workItem.customer;
    await check(s, "collections-worklist");
    await first.click();
    await choose(page, "wi-outcome", "无人接听");
    const note = `E2E ${Date.now()} 电话无人接听，明日再联系`;
    await input(page, "wi-note").fill(note);
    await check(s, "collections-complete-dialog");
    await page.getByTestId("wi-submit").click();
    await page.getByTestId(`complete-${name}`).waitFor({ state: "detached" });

    const after = await s.rpc("WorklistService/GetWorkItem", { name });
    assert.equal(after.body.workItem.status, "WORK_ITEM_STATUS_DONE");
    assert.equal(after.body.workItem.outcome, "CONTACT_OUTCOME_NO_ANSWER");
    assert.equal(after.body.workItem.note, note);

    await page.goto(`${config.base}/${customer}?tab=contacts`);
    const contact = page.getByTestId("contact-table").locator(".el-table__row", { hasText: note });
    await contact.waitFor();
    assert.match(await contact.innerText(), /无人接听/);
    assert.match(await contact.innerText(), new RegExp(name));
    await check(s, "collections-customer-contacts");
  });
});

// The demo trains the overdue model the day before its last day, so that day's ladder items carry
// the model's likelihood (issue 11); the worklist shows it as the server computed it.
test("a work item shows the overdue model's likelihood that the server gave it", async () => {
  await as("finance_staff", async (s) => {
    let item;
    let pageToken = "";
    do {
      const list = await s.rpc("WorklistService/ListWorkItems", { view: "VIEW_DEPARTMENT", status: "WORK_ITEM_STATUS_OPEN", pageSize: 200, pageToken });
      assert.equal(list.status, 200);
      item = (list.body.workItems ?? []).find((w) => w.overduePermille !== undefined);
      pageToken = list.body.nextPageToken ?? "";
    } while (!item && pageToken);
    assert.ok(item, "no open finance item carries the overdue likelihood");
    const page = s.page;
    await page.goto(`${config.base}/${item.customer}?tab=work-items`);
    const shown = page.getByTestId(`likelihood-${item.name}`);
    const firstRow = "[data-test='work-items'] .el-table__body .el-table__row";
    await page.locator(firstRow).first().waitFor();
    // The customer's items come by priority, 20 a page: turn pages until the item is on one.
    for (let turns = 0; (await shown.count()) === 0; ++turns) {
      const next = page.getByTestId("page-next");
      assert.ok(turns < 20 && (await next.isEnabled()), `${item.name} is on none of the customer's pages`);
      const before = await page.locator(firstRow).first().innerText();
      await next.click();
      await page.waitForFunction(([selector, text]) => document.querySelector(selector)?.innerText !== text, [firstRow, before]);
    }
    assert.equal((await shown.innerText()).trim(), `逾期可能 ${Math.round(item.overduePermille / 10)}%`);
  });
});

test("a contact recorded on the customer 360 is kept as evidence", async () => {
  await as("sales_staff", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/customers']").click();
    await page.getByTestId("customer-table").locator("a").first().click();
    await page.waitForURL(/\/customers\/\d+$/);
    const customer = `customers/${page.url().split("/").pop()}`;
    await page.locator("#tab-contacts").click();
    const content = `E2E ${Date.now()} 上门拜访，客户确认下周付款`;
    await input(page, "contact-content").fill(content);
    await page.getByTestId("contact-submit").click();
    await page.getByTestId("contact-table").locator(".el-table__row", { hasText: content }).waitFor();
    const contacts = await s.rpc("WorklistService/ListContacts", { customer, pageSize: 5 });
    assert.equal(contacts.body.contacts[0].content, content);
  });
});

test("sales records a promise to pay from an item and raises a dispute from another", async () => {
  await as("sales_staff", async (s) => {
    const page = s.page;
    const usable = await itemsWithOpenInvoices(s, "VIEW_MINE");
    assert.ok(usable.length >= 2, "the demo gives sales staff at least two items on open invoices");
    const [forPromise, forDispute] = usable;
    await page.locator("[data-test='menu-/worklist']").click();

    // The promise: 100.00 yuan in a week, on the item's invoices.
    await page.getByTestId(`promise-${forPromise.name}`).click();
    await input(page, "wi-amount").fill("100.00");
    await input(page, "wi-note").fill("客户财务电话承诺");
    await check(s, "collections-promise-dialog");
    await page.getByTestId("wi-submit").click();
    await page.getByTestId(`promise-${forPromise.name}`).waitFor({ state: "detached" });
    const promises = await s.rpc("ArrangementService/ListPromises", { customer: forPromise.customer, pageSize: 50 });
    const promise = promises.body.promises.find((p) => p.workItem === forPromise.name);
    assert.ok(promise, "the promise links the work item");
    assert.equal(promise.amountFen, "10000");
    assert.equal(promise.status, "PROMISE_STATUS_OPEN");
    const item = await s.rpc("WorklistService/GetWorkItem", { name: forPromise.name });
    assert.equal(item.body.workItem.outcome, "CONTACT_OUTCOME_PROMISED_TO_PAY");

    // The dispute: quantity, on the other item's first invoice.
    const invoice = forDispute.invoices[0];
    await page.getByTestId(`dispute-${forDispute.name}`).click();
    await choose(page, "wi-reason-code", "数量");
    await input(page, "wi-note").fill("客户称实收数量少于发票");
    await page.getByTestId("wi-submit").click();
    await page.getByTestId(`dispute-${forDispute.name}`).waitFor({ state: "detached" });
    const got = await s.rpc("LedgerService/GetInvoice", { name: invoice.invoice });
    assert.equal(got.body.invoice.status, "INVOICE_STATUS_DISPUTED");

    // Both show on the customer 360 tabs.
    await page.goto(`${config.base}/${forPromise.customer}?tab=promises`);
    await page.getByTestId("promise-table").locator(".el-table__row", { hasText: promise.name }).waitFor();
    await check(s, "collections-customer-promises");
    await page.goto(`${config.base}/${forDispute.customer}?tab=disputes`);
    const row = page.getByTestId("dispute-table").locator(".el-table__row", { hasText: invoice.invoiceNumber });
    await row.waitFor();
    assert.match(await row.innerText(), /数量/);
    assert.match(await row.innerText(), /0 天/);
    await page.locator("#tab-holds").click();
    await page.getByTestId("hold-table").locator(".el-table__row", { hasText: invoice.invoiceNumber }).waitFor();
    await check(s, "collections-customer-holds");
  });
});

test("a finance head reassigns a queue item to a person and snoozes another", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    const staff = (await s.rpc("IdentityService/ListUsers", { department: "DEPARTMENT_FINANCE", pageSize: 100 })).body.users.find((u) => u.level === "LEVEL_STAFF");
    await page.locator("[data-test='menu-/worklist']").click();
    await page.getByTestId("view-department").click();
    // The head starts on their own list: act only once the department's rows are shown.
    await page.locator("[data-test='work-items'][data-loaded='department']").waitFor();
    const button = page.getByTestId("work-items").locator("[data-test^='reassign-workItems/']").first();
    await button.waitFor();
    const name = (await button.getAttribute("data-test")).replace("reassign-", "");
    await button.click();
    await choose(page, "wi-assignee", staff.displayName);
    await page.getByTestId("wi-submit").click();
    await page.getByTestId("action-dialog").waitFor({ state: "hidden" });
    const item = await s.rpc("WorklistService/GetWorkItem", { name });
    assert.equal(item.body.workItem.assignee, staff.name);

    // Another one snoozed to tomorrow, with a reason.
    const snooze = page.getByTestId("work-items").locator("[data-test^='snooze-workItems/']").first();
    const snoozed = (await snooze.getAttribute("data-test")).replace("snooze-", "");
    await snooze.click();
    await input(page, "wi-note").fill("客户财务休假，明天再联系");
    await page.getByTestId("wi-submit").click();
    await page.getByTestId("action-dialog").waitFor({ state: "hidden" });
    const later = await s.rpc("WorklistService/GetWorkItem", { name: snoozed });
    const tomorrow = new Date(Date.now() + 86400000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    assert.equal(later.body.workItem.snoozedUntil, tomorrow);
  });
});

test("finance marks a letter from the outbox dispatched", async () => {
  await as("finance_staff", async (s) => {
    const page = s.page;
    // A message of the first page to a customer with no open dispute or promise: its dispatch is
    // within the contact limits (compliance.test.mjs dispatches one outside them).
    const disputes = await s.rpc("ArrangementService/ListInvoiceDisputes", { openOnly: true, pageSize: 1000 });
    const promises = await s.rpc("ArrangementService/ListPromises", { status: "PROMISE_STATUS_OPEN", pageSize: 1000 });
    const held = new Set([...(disputes.body.disputes ?? []), ...(promises.body.promises ?? [])].map((x) => x.customer));
    const waiting = await s.rpc("WorklistService/ListOutboxMessages", { status: "OUTBOX_STATUS_AWAITING_DISPATCH", pageSize: 20 });
    const name = waiting.body.outboxMessages.find((m) => !held.has(m.customer)).name;
    await page.locator("[data-test='menu-/outbox']").click();
    // Finance starts on what waits for a person to dispatch.
    const open = page.getByTestId("outbox-table").locator(`[data-test='show-${name}']`);
    await open.waitFor();
    await check(s, "collections-outbox");
    await open.click();
    const reference = `XA${Date.now()}CN`;
    await input(page, "dispatch-reference").fill(reference);
    await check(s, "collections-outbox-message");
    await page.getByTestId("dispatch-submit").click();
    await page.getByTestId("outbox-dialog-status").filter({ hasText: "已寄出" }).waitFor();
    const message = await s.rpc("WorklistService/GetOutboxMessage", { name });
    assert.equal(message.body.outboxMessage.status, "OUTBOX_STATUS_DISPATCHED");
    assert.equal(message.body.outboxMessage.dispatchReference, reference);
    const item = await s.rpc("WorklistService/GetWorkItem", { name: message.body.outboxMessage.workItem });
    assert.equal(item.body.workItem.status, "WORK_ITEM_STATUS_DONE");
  });
});

test("a payment plan requested on the customer 360 is approved in the approvals inbox", async () => {
  // An open invoice in no plan yet, of a customer finance staff can see.
  const target = await as("finance_staff", async (s) => {
    const plans = await s.rpc("ArrangementService/ListPaymentPlans", { pageSize: 1000 });
    const planned = new Set((plans.body.plans ?? []).flatMap((p) => p.invoices.map((i) => i.invoice)));
    const open = await s.rpc("LedgerService/ListInvoices", { status: "INVOICE_STATUS_OPEN", pageSize: 200 });
    const invoice = open.body.invoices.find((i) => BigInt(i.openFen) >= 300n && !planned.has(i.name));
    const page = s.page;
    await page.goto(`${config.base}/${invoice.customer}?tab=plans`);
    await choose(page, "plan-invoices", invoice.invoiceNumber);
    await page.keyboard.press("Escape");
    await input(page, "plan-reason").fill("客户资金周转困难，分三期付清");
    await page.getByTestId("plan-submit").click();
    const notice = page.getByTestId("plan-requested");
    await notice.waitFor();
    await check(s, "collections-plan-requested");
    return { plan: (await notice.innerText()).match(/paymentPlans\/\d+/)[0], invoice };
  });
  const plan = await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/approvals']").click();
    await page.locator("#tab-plans").click();
    await page.getByTestId(`approve-${target.plan}`).click();
    await page.getByTestId(`approve-${target.plan}`).waitFor({ state: "detached" });
    await check(s, "collections-plan-approvals");
    return (await s.rpc("ArrangementService/GetPaymentPlan", { name: target.plan })).body.plan;
  });
  if (plan.status === "PAYMENT_PLAN_STATUS_REQUESTED") {
    // Above the finance head's band: the general manager decides too.
    assert.deepEqual(plan.requiredApproverRoles, ["finance_head", "management_head"]);
    await as("management_head", async (s) => {
      await s.page.locator("[data-test='menu-/approvals']").click();
      await s.page.locator("#tab-plans").click();
      await s.page.getByTestId(`approve-${target.plan}`).click();
      await s.page.getByTestId(`approve-${target.plan}`).waitFor({ state: "detached" });
    });
  }
  await as("finance_staff", async (s) => {
    const got = (await s.rpc("ArrangementService/GetPaymentPlan", { name: target.plan })).body.plan;
    assert.equal(got.status, "PAYMENT_PLAN_STATUS_ACTIVE");
    assert.equal(got.instalments.length, 3);
    const sum = got.instalments.reduce((total, i) => total + BigInt(i.amountFen), 0n);
    assert.equal(sum, BigInt(target.invoice.openFen));
  });
});

test("a goods-for-debt settlement requested by finance is approved by the general manager", async () => {
  const target = await as("finance_staff", async (s) => {
    const open = await s.rpc("LedgerService/ListInvoices", { status: "INVOICE_STATUS_OPEN", pageSize: 50 });
    const invoice = open.body.invoices.reverse().find((i) => BigInt(i.openFen) >= 200000n);
    const page = s.page;
    await page.goto(`${config.base}/${invoice.customer}?tab=settlements`);
    await choose(page, "settle-invoice", invoice.invoiceNumber);
    await input(page, "settle-amount").fill("1,000.00");
    await input(page, "settle-goods").fill("钢材 2 吨");
    await input(page, "settle-reason").fill("客户以库存钢材抵偿部分货款");
    await page.getByTestId("settle-submit").click();
    const notice = page.getByTestId("settlement-requested");
    await notice.waitFor();
    return { settlement: (await notice.innerText()).match(/settlements\/\d+/)[0], invoice };
  });
  await as("management_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/approvals']").click();
    await page.locator("#tab-settlements").click();
    await page.getByTestId(`approve-${target.settlement}`).click();
    await page.getByTestId(`approve-${target.settlement}`).waitFor({ state: "detached" });
    await check(s, "collections-settlement-approvals");
    const invoice = await s.rpc("LedgerService/GetInvoice", { name: target.invoice.name });
    assert.equal(BigInt(invoice.body.invoice.openFen), BigInt(target.invoice.openFen) - 100000n);
  });
});

test("a finance head publishes a new ladder version and dry-runs a day of the daily run", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/dunning']").click();
    await page.getByTestId("ladder-general").waitFor();
    await check(s, "collections-ladders");
    await page.locator("#tab-publish").click();
    const title = `E2E ${Date.now()} 到期前七天销售提醒`;
    await page.getByTestId("draft-general").locator("input[data-test='step-description'], [data-test='step-description'] input").first().fill(title);
    await input(page, "ladder-comment").fill("端到端测试发布");
    await check(s, "collections-ladder-publish");
    await page.getByTestId("publish-ladders").click();
    const published = page.getByTestId("ladders-published");
    await published.waitFor();
    const name = (await published.innerText()).match(/dunningLadders\/\d+/)[0];
    const inForce = await s.rpc("DunningService/GetDunningLadders", {});
    assert.equal(inForce.body.version.name, name);
    const general = inForce.body.version.ladders.find((l) => l.tier === "general");
    assert.equal(general.ladder.steps[0].description, title);
    await page.locator("#tab-ladders").click();
    await page.getByTestId("ladder-general").getByText(title).waitFor();

    // A customer excluded from the ladder for a month, then cleared again.
    const customer = (await s.rpc("CustomerService/ListCustomers", { pageSize: 1 })).body.customers[0].name;
    await page.locator("#tab-overrides").click();
    await input(page, "override-customer").fill(customer.split("/")[1]);
    await input(page, "override-reason").fill("客户正在重组，暂停催收一个月");
    await page.getByTestId("override-submit").click();
    await page.getByTestId(`clear-${customer}`).waitFor();
    await check(s, "collections-ladder-overrides");
    let overrides = await s.rpc("DunningService/ListDunningOverrides", { onlyInForce: true, pageSize: 100 });
    assert.ok(overrides.body.overrides.some((o) => o.customer === customer && o.excluded));
    await page.getByTestId(`clear-${customer}`).click();
    await page.getByTestId(`clear-${customer}`).waitFor({ state: "detached" });
    overrides = await s.rpc("DunningService/ListDunningOverrides", { onlyInForce: true, pageSize: 100 });
    assert.ok(!(overrides.body.overrides ?? []).some((o) => o.customer === customer));

    await page.locator("[data-test='menu-/jobs']").click();
    await page.getByTestId("job-runs").locator(".el-table__row").first().waitFor();
    await check(s, "collections-jobs");
    const before = await s.rpc("JobService/ListJobRuns", { pageSize: 1000 });
    await page.getByTestId("run-submit").click();
    await page.getByTestId("run-result-kind").filter({ hasText: "试运行" }).waitFor();
    await check(s, "collections-dry-run");
    const afterRuns = await s.rpc("JobService/ListJobRuns", { pageSize: 1000 });
    assert.equal(afterRuns.body.jobRuns.length, before.body.jobRuns.length, "a dry run records no run");
  });
});

test("legal opens a case on overdue invoices, the customer goes into litigation, and the case moves on", async () => {
  await as("legal_staff", async (s) => {
    const page = s.page;
    const overdue = await s.rpc("LedgerService/ListInvoices", { overdueOnly: true, pageSize: 50 });
    const invoice = overdue.body.invoices.find((i) => BigInt(i.openFen) > 0n);
    await page.goto(`${config.base}/${invoice.customer}?tab=legal`);
    await page.getByTestId("limitation-table").locator(".el-table__row", { hasText: invoice.invoiceNumber }).waitFor();
    await choose(page, "case-invoices", invoice.invoiceNumber);
    await page.keyboard.press("Escape");
    await input(page, "case-title").fill(`E2E ${Date.now()} 货款纠纷`);
    await page.getByTestId("case-submit").click();
    const advance = page.getByTestId("legal-table").locator("[data-test^='advance-legalCases/']").first();
    await advance.waitFor();
    await check(s, "collections-legal-case");
    const name = (await advance.getAttribute("data-test")).replace("advance-", "");
    const credit = await s.rpc("CreditService/GetCustomerCredit", { customer: invoice.customer });
    assert.equal(credit.body.customerCredit.creditStatus, "CREDIT_STATUS_IN_LITIGATION");
    await advance.click();
    await page.getByTestId("legal-table").getByText("已起诉", { exact: true }).waitFor();
    const got = await s.rpc("LegalService/GetLegalCase", { name });
    assert.equal(got.body.legalCase.stage, "LEGAL_STAGE_FILED");
    assert.deepEqual(got.body.legalCase.invoices.map((i) => i.invoice), [invoice.name]);
  });
});

test("a head's worklist shows the department's escalated items; the server refuses what the page hides", async () => {
  await as("sales_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/worklist']").click();
    await choose(page, "worklist-escalated", "仅已升级");
    await page.getByTestId("work-items").locator("[data-test^='escalated-workItems/']").first().waitFor();
    const flagged = await page.getByTestId("work-items").locator("[data-test^='escalated-workItems/']").count();
    const rows = await page.getByTestId("work-items").locator(".el-table__row").count();
    assert.equal(flagged, rows);
  });
  await as("sales_staff", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/worklist']").click();
    await page.getByTestId("work-items").locator(".el-table__row").first().waitFor();
    assert.equal(await page.locator("[data-test^='reassign-']").count(), 0, "sales staff do not reassign");
    const refused = await s.rpc("WorklistService/ReassignWorkItem", { requestId: `e2e-${Date.now()}`, name: "workItems/1", assignee: "" });
    assert.equal(refused.status, 403);
    // No daily-run page for sales either, even by its address.
    await page.goto(`${config.base}/jobs`);
    await page.getByTestId("level-cards").waitFor();
  });
});

test("a promise the customer makes by phone is recorded on the customer 360 without a work item", async () => {
  await as("sales_staff", async (s) => {
    const open = await s.rpc("LedgerService/ListInvoices", { status: "INVOICE_STATUS_OPEN", pageSize: 50 });
    const invoice = open.body.invoices.find((i) => BigInt(i.openFen) > 0n);
    const page = s.page;
    await page.goto(`${config.base}/${invoice.customer}?tab=promises`);
    await choose(page, "promise-invoices", invoice.invoiceNumber);
    await page.keyboard.press("Escape");
    await input(page, "promise-amount").fill("100.00");
    await page.getByTestId("promise-submit").click();
    const notice = page.getByTestId("promise-recorded");
    await notice.waitFor();
    const name = (await notice.innerText()).match(/promises\/\d+/)[0];
    await check(s, "collections-customer-promise-recorded");
    const promise = (await s.rpc("ArrangementService/GetPromise", { name })).body.promise;
    assert.equal(promise.status, "PROMISE_STATUS_OPEN");
    assert.equal(promise.amountFen, "10000");
    assert.deepEqual(promise.invoices.map((i) => i.invoice), [invoice.name]);
    assert.equal(promise.workItem ?? "", "");
    // The call is evidence: a contact with the promised amount.
    const contacts = await s.rpc("WorklistService/ListContacts", { customer: invoice.customer, pageSize: 5 });
    assert.ok(contacts.body.contacts.some((c) => c.content.includes(name)));
  });
});
