// Contact compliance through the pages (issue 14): a finance head sets quiet hours on the
// compliance page; a contact recorded on the customer 360 in them is refused until a reason is
// given, then shows flagged there and in the meeting pack's section; the evidence file downloads
// as a PDF with the contact and its audit reference; a template change proposed on the
// compliance page waits in the approvals inbox until a legal head approves it; an SMS or letter
// dispatched from the outbox in the quiet hours is refused until a reason is given, then flagged.
// The quiet hours are cleared again at the end (e2e.sh starts without them). Configuration as in
// app.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { e2eConfig, roleSessions } from "./browser.mjs";

const config = e2eConfig();
const as = roleSessions(config);

async function check(s, name) {
  await s.page.mouse.move(0, 0);
  assert.deepEqual(await s.checkPage(name), []);
}

const input = (page, testId) => page.locator(`input[data-test='${testId}'], [data-test='${testId}'] input, textarea[data-test='${testId}'], [data-test='${testId}'] textarea`);

// "HH:MM" in Shanghai, `minutes` from now.
function shanghaiClock(minutes) {
  const at = new Date(Date.now() + minutes * 60000);
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
}
const thisMonth = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date()).slice(0, 7);

// Leaves the server as e2e.sh started it: no quiet hours (the other test files record contacts).
async function clearQuietHours() {
  await as("finance_head", async (s) => {
    const cleared = await s.rpc("ComplianceService/UpdateComplianceSettings", { requestId: `e2e-clear-${Date.now()}`, settings: { weeklyAutomaticCap: 3, quietStart: "", quietEnd: "" } });
    assert.equal(cleared.status, 200);
  });
}

test("quiet hours: a contact needs a reason, is flagged on the 360 and in the meeting pack, and is in the evidence file", async () => {
  try {
    await quietHoursContact();
  } finally {
    await clearQuietHours();
  }
});

async function quietHoursContact() {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/compliance']").click();
    await page.getByTestId("compliance-settings").waitFor();
    await page.getByTestId("template-table").locator(".el-table__row").first().waitFor();
    await check(s, "compliance-page");
    await input(page, "compliance-quiet-start").fill(shanghaiClock(-60));
    await input(page, "compliance-quiet-end").fill(shanghaiClock(60));
    await page.getByTestId("compliance-save").click();
    await page.getByTestId("compliance-saved").waitFor();
    const settings = (await s.rpc("ComplianceService/GetComplianceSettings", {})).body.settings;
    assert.equal(settings.quietStart, shanghaiClock(-60));
  });

  const reason = `E2E ${Date.now()} 客户约定晚间核对`;
  let customer = "";
  await as("finance_staff", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/customers']").click();
    await page.getByTestId("customer-table").locator("a").first().click();
    await page.waitForURL(/\/customers\/\d+$/);
    customer = `customers/${page.url().split("/").pop()}`;
    await page.locator("#tab-contacts").click();
    await input(page, "contact-content").fill("晚间电话核对对账单");
    await page.getByTestId("contact-submit").click();
    await page.locator(".el-alert", { hasText: "compliance_reason" }).first().waitFor();
    await input(page, "contact-reason").fill(reason);
    await page.getByTestId("contact-submit").click();
    await page.getByTestId("contact-table").locator(".el-table__row", { hasText: reason }).waitFor();
    await check(s, "compliance-contact-flagged");
    const contacts = await s.rpc("WorklistService/ListContacts", { customer, pageSize: 5 });
    assert.equal(contacts.body.contacts[0].flagged, true);
    assert.equal(contacts.body.contacts[0].complianceReason, reason);

    // The evidence file: a PDF with the contact and its audit reference.
    const folder = join(config.artifacts, "downloads");
    mkdirSync(folder, { recursive: true });
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120000 }), page.getByTestId("evidence-download").click()]);
    const path = join(folder, download.suggestedFilename());
    await download.saveAs(path);
    assert.match(path, /huikuan-evidence-customers-\d+-.*\.pdf$/);
    const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
    assert.match(text, /晚间电话核对对账单/);
    assert.ok(text.includes(reason), text.slice(0, 2000));
    assert.match(text, /sha256 [0-9a-f]{64}/);
  });

  await as("sales_staff", async (s) => {
    // Sales staff have no evidence button and the server refuses the export.
    const refused = await s.rpc("ComplianceService/ExportContactEvidence", { customer });
    assert.equal(refused.status, 403);
  });

  await as("management_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/meeting']").click();
    await page.locator("[data-test='meeting-pack'][data-month]").waitFor({ timeout: 60000 });
    await page.locator("#meeting-month").fill(thisMonth);
    await page.locator("#meeting-month").press("Enter");
    await page.getByTestId("meeting-flagged-contacts").locator(".el-table__row", { hasText: reason }).waitFor({ timeout: 60000 });
  });
}

test("an SMS or letter dispatched from the outbox outside the limits needs a reason and is flagged", async () => {
  await as("finance_head", async (s) => {
    const quiet = await s.rpc("ComplianceService/UpdateComplianceSettings", { requestId: `e2e-quiet-${Date.now()}`, settings: { weeklyAutomaticCap: 3, quietStart: shanghaiClock(-60), quietEnd: shanghaiClock(60) } });
    assert.equal(quiet.status, 200);
  });
  try {
    await as("finance_staff", async (s) => {
      const page = s.page;
      await page.locator("[data-test='menu-/outbox']").click();
      const open = page.getByTestId("outbox-table").locator("[data-test^='show-outboxMessages/']").first();
      await open.waitFor();
      const name = (await open.getAttribute("data-test")).replace("show-", "");
      await open.click();
      await input(page, "dispatch-reference").fill(`XB${Date.now()}CN`);
      await page.getByTestId("dispatch-submit").click();
      // Refused in the quiet hours: the dialog names the field and the limit.
      const refusal = page.getByTestId("outbox-dialog").locator(".el-alert", { hasText: "compliance_reason" });
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /quiet hours/);
      await check(s, "compliance-outbox-refused");
      const reason = `E2E ${Date.now()} 客户要求今晚短信确认`;
      await input(page, "dispatch-compliance-reason").fill(reason);
      await page.getByTestId("dispatch-submit").click();
      await page.getByTestId("dispatch-flagged").filter({ hasText: reason }).waitFor();
      await check(s, "compliance-outbox-flagged");
      const message = await s.rpc("WorklistService/GetOutboxMessage", { name });
      assert.equal(message.body.outboxMessage.status, "OUTBOX_STATUS_DISPATCHED");
      const contacts = await s.rpc("WorklistService/ListContacts", { customer: message.body.outboxMessage.customer, pageSize: 5 });
      const contact = contacts.body.contacts.find((c) => c.outboxMessage === name);
      assert.equal(contact.flagged, true);
      assert.match(contact.brokenLimits, /quiet_hours/);
      assert.equal(contact.complianceReason, reason);
    });
  } finally {
    await clearQuietHours();
  }
});

test("a template change waits in the approvals inbox until a legal head approves it", async () => {
  const subject = `付款提示 ${Date.now()}`;
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/compliance']").click();
    await page.getByTestId("template-propose-open").click();
    await input(page, "proposal-subject").fill(subject);
    await input(page, "proposal-opening").fill("贵司{count}笔账款合计{total}元已逾期{days}天,请安排付款。");
    await input(page, "proposal-note").fill("措辞更温和");
    await page.getByTestId("proposal-submit").click();
    await page.getByTestId("template-proposals").locator(".el-table__row", { hasText: subject }).waitFor();
    assert.equal(await page.locator("[data-test^='template-approve-']").count(), 0, "only legal heads approve");
  });
  await as("legal_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/approvals']").click();
    const row = page.getByTestId("template-proposals").locator(".el-table__row", { hasText: subject });
    await row.waitFor();
    await check(s, "compliance-approvals");
    await row.locator("[data-test^='template-approve-']").click();
    await row.waitFor({ state: "detached" });
    const list = await s.rpc("ComplianceService/ListMessageTemplates", { action: "dunning_letter", language: "zh-CN", pageSize: 5 });
    const top = list.body.templates[0];
    assert.equal(top.subject, subject);
    assert.equal(top.status, "MESSAGE_TEMPLATE_STATUS_APPROVED");
    assert.equal(top.inUse, true);
  });
});
