// The workflows through the pages, each checked afterwards through the API: a finance
// head approves a credit application that changes the customer's limit; a customer confirms a
// statement and disputes a line; a CSV with a bad row shows the error on that row and imports
// nothing. Configuration as in app.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { e2eConfig, roleSessions } from "./browser.mjs";

const config = e2eConfig();
const as = roleSessions(config);

test("a finance head approves a credit application and the customer's limit changes", async () => {
  // Finance staff apply for 876,543.21 yuan (within the finance head's band) on the second
  // customer of the list.
  const { customer, application } = await as("finance_staff", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/customers']").click();
    await page.getByTestId("customer-table").locator("a").nth(1).click();
    await page.waitForURL(/\/customers\/\d+$/);
    const id = page.url().split("/").pop();
    await page.locator("#tab-credit").click();
    await page.getByTestId("credit-limit").waitFor();
    const rows = page.getByTestId("credit-applications").locator(".el-table__row");
    const before = await rows.count();
    await page.locator("input[data-test='apply-limit'], [data-test='apply-limit'] input").fill("876,543.21");
    await page.getByTestId("apply-submit").click();
    await rows.nth(before).waitFor();
    const name = (await rows.nth(before).locator("td").first().innerText()).trim();
    await s.checkPage("workflow-credit-submitted");
    return { customer: id, application: name };
  });
  assert.match(application, /^creditApplications\/\d+$/);

  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/approvals']").click();
    await page.getByTestId(`approve-${application}`).click();
    await page.getByTestId(`approve-${application}`).waitFor({ state: "detached" });
    await page.goto(`${config.base}/customers/${customer}`);
    await page.locator("#tab-credit").click();
    await page.getByTestId("credit-limit").filter({ hasText: "876,543.21" }).waitFor();
    await s.checkPage("workflow-credit-approved");
    const credit = await s.rpc("CreditService/GetCustomerCredit", { customer: `customers/${customer}` });
    assert.equal(credit.body.customerCredit.creditLimitFen, "87654321");
  });
});

test("a customer confirms a statement and disputes a line", async () => {
  const portalCustomer = await as("customer", async (s) => (await s.rpc("SessionService/GetSession", {})).body.user.customer);
  assert.match(portalCustomer, /^customers\/\d+$/);
  // An invoice of last month that is still open, so last month's statement has a line the
  // customer can dispute (the demo's portal customer pays everything in advance).
  const [y, m] = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).split("-").map(Number);
  const lastMonth15 = m === 1 ? `${y - 1}-12-15` : `${y}-${String(m - 1).padStart(2, "0")}-15`;
  await as("finance_staff", async (s) => {
    const page = s.page;
    await page.goto(`${config.base}/invoices/new?customer=${portalCustomer.split("/")[1]}`);
    await page.locator("input[data-test='inv-order'], [data-test='inv-order'] input").fill(`E2E-${Date.now()}`);
    await page.locator("input[data-test='inv-amount'], [data-test='inv-amount'] input").fill("1,234.56");
    await page.locator("#inv-date").fill(lastMonth15);
    await page.locator("#inv-date").press("Enter");
    await page.getByTestId("inv-submit").click();
    await page.getByTestId("invoice-created").waitFor();
    await s.checkPage("workflow-invoice-created");
  });
  // Finance issues last month's statement twice: the customer confirms the first version...
  const generate = () =>
    as("finance_staff", async (s) => {
      const page = s.page;
      await page.goto(`${config.base}/${portalCustomer}`);
      await page.locator("#tab-statements").click();
      await page.getByTestId("generate-statement").click();
      await page.waitForURL(/\/statements\/\d+$/);
      await page.getByTestId("statement-lines").waitFor();
      return page.url().split("/").pop();
    });
  const first = await generate();
  await as("customer", async (s) => {
    const page = s.page;
    await page.getByTestId("portal-statements").locator(".el-table__row").first().waitFor();
    await page.goto(`${config.base}/statements/${first}`);
    await page.getByTestId("confirm-statement").click();
    await page.getByTestId("notice").waitFor();
    await s.checkPage("workflow-statement-confirmed");
    const statement = await s.rpc("StatementService/GetStatement", { name: `statements/${first}` });
    assert.equal(statement.body.statement.status, "STATEMENT_STATUS_CONFIRMED");
  });
  // ...and disputes a line of the second (only the newest version takes a dispute).
  const second = await generate();
  await as("customer", async (s) => {
    const page = s.page;
    await page.goto(`${config.base}/statements/${second}`);
    const selectable = page.getByTestId("statement-lines").locator("tbody .el-checkbox:not(.is-disabled)").first();
    await selectable.click();
    await page.locator("input[data-test='dispute-reason'], [data-test='dispute-reason'] input").fill("数量与送货单不符");
    await page.getByTestId("dispute-lines").click();
    await page.getByTestId("notice").waitFor();
    await s.checkPage("workflow-statement-disputed");
    const statement = await s.rpc("StatementService/GetStatement", { name: `statements/${second}` });
    assert.equal(statement.body.statement.status, "STATEMENT_STATUS_DISPUTED");
    assert.equal(statement.body.statement.disputeReason, "数量与送货单不符");
  });
});

test("a CSV with a bad row shows the error on that row and imports nothing", async () => {
  const stamp = Date.now();
  const csv = [
    "external_id,display_name,owner_username,industry,enterprise_size,industry_position,founding_date,tax_credit_grade,bank_credit_line,third_party_rating",
    `E2E-${stamp}-1,端到端一号,sales01,machinery,small,sme,2015-03-01,A,1000000.00,AA`,
    `E2E-${stamp}-2,端到端二号,sales01,machinery,small,sme,2016-04-01,B,12.345,A`,
    `E2E-${stamp}-3,端到端三号,sales01,electronics,medium,regional_leader,2010-01-01,A,5000000,AA-`,
  ].join("\n");
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/import']").click();
    await page.getByTestId("import-file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("import-validate").click();
    const rowError = page.getByTestId("row-error-2");
    await rowError.waitFor();
    assert.match(await rowError.innerText(), /bank_credit_line/);
    assert.equal(await page.getByTestId("row-error-1").count(), 0);
    assert.equal(await page.getByTestId("row-error-3").count(), 0);
    assert.equal(await page.getByTestId("import-run").isDisabled(), true);
    await s.checkPage("workflow-import-bad-row");
    // The same file imported for real is refused whole, and none of its customers exists.
    const refused = await s.rpc("DataExchangeService/ImportCustomers", { requestId: `e2e-${stamp}`, csv });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, "invalid_argument");
    let pageToken = "";
    do {
      const page = await s.rpc("DataExchangeService/ExportCustomers", { pageToken });
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body.csv ?? "", new RegExp(`E2E-${stamp}`));
      pageToken = page.body.nextPageToken ?? "";
    } while (pageToken);
  });
});

test("finance records a payment, sees it applied by reference, and reverses it", async () => {
  await as("finance_staff", async (s) => {
    const page = s.page;
    // An open invoice of some customer: the payment names it in its reference.
    const open = await s.rpc("LedgerService/ListInvoices", { status: "INVOICE_STATUS_OPEN", pageSize: 1 });
    const invoice = open.body.invoices[0];
    const customerId = invoice.customer.split("/")[1];
    const fen = BigInt(invoice.openFen);
    const yuan = `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;
    await page.locator("[data-test='menu-/payments']").click();
    await page.locator("input[data-test='pay-customer'], [data-test='pay-customer'] input").fill(customerId);
    await page.locator("input[data-test='pay-amount'], [data-test='pay-amount'] input").fill(yuan);
    await page.locator("#pay-reference").fill(`货款 ${invoice.invoiceNumber}`);
    await page.getByTestId("pay-submit").click();
    const allocation = page.getByTestId("allocations").locator(".el-table__row").first();
    await allocation.waitFor();
    assert.match(await allocation.innerText(), new RegExp(invoice.invoiceNumber));
    assert.match(await allocation.innerText(), /按附言发票号/);
    assert.equal(await page.getByTestId("unapplied").innerText(), "0.00");
    await s.checkPage("workflow-payment-applied");
    await page.locator("#reverse-reason").fill("退票：余额不足");
    await page.getByTestId("reverse").click();
    await page.getByTestId("allocations").getByText("是").first().waitFor();
    await s.checkPage("workflow-payment-reversed");
    const after = await s.rpc("LedgerService/GetInvoice", { name: invoice.name });
    assert.equal(after.body.invoice.openFen, invoice.openFen);
  });
});

test("a finance head publishes the next term policy version, effective in 30 days", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/term-policies']").click();
    await page.getByTestId("publish-policy").click();
    const published = page.getByTestId("published");
    await published.waitFor();
    const name = (await published.innerText()).match(/termPolicies\/\d+/)[0];
    await s.checkPage("workflow-policy-published");
    const list = await s.rpc("TermPolicyService/ListTermPolicies", { pageSize: 100 });
    assert.ok(list.body.termPolicies.some((p) => p.name === name));
  });
});
