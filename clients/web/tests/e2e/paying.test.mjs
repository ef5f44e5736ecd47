// Paying made easy and early-payment discounts through the pages (issue 14), each result checked
// afterwards through the API: the portal shows last month's statement with its payment reference
// and a QR code that decodes (jsQR, on the canvas's pixels) to exactly that reference; finance
// records a payment with the reference on the payments page and it clears exactly that
// statement's open invoices, the customer's other invoices untouched; finance offers an
// early-payment discount from the customer 360, the customer accepts it in the portal, and a
// payment of the open amount less the discount settles the invoice exactly to the fen.
// Configuration as in app.test.mjs. The demo's customer01 buys on prepayment (nothing to pay
// early), so these run as the demo's second portal user, customer02, whose company buys on
// credit (server/demo/paying_loader.cc): an admin sets its password first.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import jsQR from "jsqr";
import { Session, e2eConfig, launch, roleSessions } from "./browser.mjs";

const config = e2eConfig();
const as = roleSessions(config);
const PORTAL2 = { username: "customer02", password: `E2E-paying-${Date.now()}` };
let portalBrowser;
let portal2 = null;

// customer02 with a password an admin sets once (lazily: the role sessions' browser starts in
// their own hook), and a browser of its own.
async function setUpPortal2() {
  if (portal2) return portal2;
  portalBrowser ??= await launch();
  portal2 = await as("admin", async (s) => {
    const users = (await s.rpc("IdentityService/ListUsers", { pageSize: 1000 })).body.users ?? [];
    const user = users.find((u) => u.username === PORTAL2.username);
    assert.ok(user, "the demo has customer02");
    const set = await s.rpc("SessionService/SetPassword", { requestId: `e2e-${Date.now()}`, user: user.name, newPassword: PORTAL2.password });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    return user;
  });
  return portal2;
}
after(async () => portalBrowser?.close());

// fn runs logged in as customer02 (zh-CN), on its portal page.
async function asPortal2(fn) {
  const session = new Session(portalBrowser, config);
  await session.open("zh-CN");
  try {
    const page = session.page;
    await page.goto(`${config.base}/login`);
    await page.locator("input[data-test='username'], [data-test='username'] input").fill(PORTAL2.username);
    await page.locator("input[data-test='password'], [data-test='password'] input").fill(PORTAL2.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("logout").waitFor();
    await page.getByTestId("portal-paying").waitFor();
    return await fn(session);
  } finally {
    await session.close();
  }
}

async function check(s, name) {
  await s.page.mouse.move(0, 0);
  assert.deepEqual(await s.checkPage(name), []);
}

const input = (page, testId) => page.locator(`input[data-test='${testId}'], [data-test='${testId}'] input`);
const yuan = (fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;

const portalCustomer = async () => (await setUpPortal2()).customer;

async function openInvoices(s, customer) {
  const list = await s.rpc("LedgerService/ListInvoices", { customer, status: "INVOICE_STATUS_OPEN", pageSize: 200 });
  assert.equal(list.status, 200);
  return list.body.invoices ?? [];
}

test("finance offers a discount from the customer 360, the customer accepts it, and the payment settles the invoice to the fen", async () => {
  const customer = await portalCustomer();
  const chosen = await as("finance_staff", async (s) => {
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const firstPage = (await s.rpc("LedgerService/ListInvoices", { customer, status: "INVOICE_STATUS_OPEN", pageSize: 20 })).body.invoices ?? [];
    const offers = (await s.rpc("PayingService/ListDiscountOffers", { customer, pageSize: 100 })).body.offers ?? [];
    const offered = new Set(offers.filter((o) => o.status !== "DISCOUNT_OFFER_STATUS_EXPIRED").map((o) => o.invoice));
    const invoice = firstPage.find((i) => i.dueDate > today && i.openFen === i.amountFen && !offered.has(i.name) && BigInt(i.openFen) >= 100000n);
    assert.ok(invoice, "an open invoice not yet due");

    const page = s.page;
    await page.goto(`${config.base}/${customer}?tab=invoices`);
    await page.getByTestId("invoice-status-filter").click();
    await page.locator(".el-select-dropdown__item:visible", { hasText: "未结清" }).first().click();
    await page.getByTestId(`offer-${invoice.invoiceNumber}`).click();
    await page.getByTestId("discount-propose").click();
    await page.getByTestId("discount-amount").waitFor();
    await check(s, "paying-offer-dialog");
    const offer = (await s.rpc("PayingService/ListDiscountOffers", { invoice: invoice.name, pageSize: 10 })).body.offers.at(-1);
    assert.equal(offer.status, "DISCOUNT_OFFER_STATUS_PROPOSED");
    const days = BigInt(offer.daysEarly);
    assert.equal(offer.payByDate, today);
    assert.equal(BigInt(offer.discountFen), (BigInt(invoice.openFen) * BigInt(offer.bpPerDay) * days) / 10000n);
    assert.equal((await page.getByTestId("discount-amount").textContent()).trim(), yuan(BigInt(offer.discountFen)).replace(/\B(?=(\d{3})+(?!\d))/g, ","));
    return { invoice, offer };
  });

  await asPortal2(async (s) => {
    const page = s.page;
    await page.getByTestId(`accept-${chosen.invoice.invoiceNumber}`).click();
    await page.getByTestId(`accept-${chosen.invoice.invoiceNumber}`).waitFor({ state: "detached" });
    const offer = (await s.rpc("PayingService/ListDiscountOffers", { invoice: chosen.invoice.name, pageSize: 10 })).body.offers.at(-1);
    assert.equal(offer.status, "DISCOUNT_OFFER_STATUS_ACCEPTED");
    await check(s, "paying-portal-accepted");
  });

  await as("finance_staff", async (s) => {
    const page = s.page;
    const toPay = BigInt(chosen.offer.toPayFen);
    await page.goto(`${config.base}/payments`);
    await input(page, "pay-customer").fill(customer.split("/")[1]);
    await input(page, "pay-amount").fill(yuan(toPay));
    await page.locator("#pay-reference").fill(chosen.invoice.invoiceNumber);
    await page.getByTestId("pay-submit").click();
    await page.getByTestId("allocations").locator(".el-table__row").first().waitFor();
    const after = (await s.rpc("LedgerService/GetInvoice", { name: chosen.invoice.name })).body.invoice;
    assert.equal(after.status, "INVOICE_STATUS_PAID");
    assert.equal(after.openFen ?? "0", "0");
    const offer = (await s.rpc("PayingService/ListDiscountOffers", { invoice: chosen.invoice.name, pageSize: 10 })).body.offers.at(-1);
    assert.equal(offer.status, "DISCOUNT_OFFER_STATUS_HONOURED");
    const payment = (await s.rpc("LedgerService/GetPayment", { name: offer.payment })).body.payment;
    assert.equal(payment.allocations.length, 1);
    assert.equal(BigInt(payment.allocations[0].amountFen), toPay);
    assert.equal(payment.unappliedFen ?? "0", "0");
    assert.equal(BigInt(payment.allocations[0].amountFen) + BigInt(offer.discountFen), BigInt(chosen.invoice.openFen));
  });
});

test("the portal shows the payment reference and its QR code; a payment with it clears exactly that statement's invoices", async () => {
  const customer = await portalCustomer();
  const shown = await asPortal2(async (s) => {
    const page = s.page;
    const card = page.locator("[data-test^='pay-']").first();
    await card.waitFor();
    const reference = (await card.getByTestId("payment-reference").textContent()).trim();
    assert.match(reference, /^HK-\d{7,}-\d$/);
    // The QR code carries exactly the reference.
    const pixels = await card.getByTestId("payment-qr").evaluate((canvas) => {
      const image = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      return { width: canvas.width, height: canvas.height, data: Array.from(image.data) };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    assert.ok(decoded, "the QR code decodes");
    assert.equal(decoded.data, reference);
    await check(s, "paying-portal");
    return { reference, statementId: BigInt(reference.split("-")[1]) };
  });

  await as("finance_staff", async (s) => {
    const statement = (await s.rpc("StatementService/GetStatement", { name: `statements/${shown.statementId}` })).body.statement;
    assert.equal(statement.paymentReference, shown.reference);
    const open = await openInvoices(s, customer);
    const onStatement = new Set(statement.lines.map((l) => l.invoice));
    const targets = open.filter((i) => onStatement.has(i.name));
    const others = open.filter((i) => !onStatement.has(i.name));
    assert.ok(targets.length > 0, "the statement has open invoices");
    const total = targets.reduce((sum, i) => sum + BigInt(i.openFen), 0n);

    const page = s.page;
    await page.goto(`${config.base}/payments`);
    await input(page, "pay-customer").fill(customer.split("/")[1]);
    await input(page, "pay-amount").fill(yuan(total));
    await input(page, "pay-payment-reference").fill(shown.reference);
    await page.getByTestId("pay-submit").click();
    await page.getByTestId("allocations").locator(".el-table__row").first().waitFor();
    await check(s, "paying-payment-with-reference");

    for (const invoice of targets) {
      const after = (await s.rpc("LedgerService/GetInvoice", { name: invoice.name })).body.invoice;
      assert.equal(after.status, "INVOICE_STATUS_PAID", invoice.invoiceNumber);
    }
    for (const invoice of others) {
      const after = (await s.rpc("LedgerService/GetInvoice", { name: invoice.name })).body.invoice;
      assert.equal(after.openFen, invoice.openFen, `${invoice.invoiceNumber} untouched`);
    }
    const rows = await page.getByTestId("allocations").locator(".el-table__row").count();
    assert.equal(rows, targets.length);
    assert.equal((await page.getByTestId("unapplied").textContent()).trim(), "0.00");
  });
});
