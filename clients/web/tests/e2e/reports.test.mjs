// The pages issue 10, 11 and 12 add, each checked against the API afterwards: the dashboard's
// figures are the caller's own (the same totals the API gives that role); the early-warning list
// opens a level and a customer's warnings, and a signal recorded on the page raises a green
// customer; the monthly meeting pack downloads as XLSX and PDF that open again with the pack's
// figures in them; a draft term policy is simulated without publishing anything, and management
// staff may simulate but not publish. Configuration as in app.test.mjs.
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

const LEVELS = ["red", "orange", "yellow", "green"];
const yuanText = (fen) => {
  const n = BigInt(fen);
  return `${(n / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(n % 100n).toString().padStart(2, "0")}`;
};

async function levelCounts(s) {
  const totals = (await s.rpc("RiskService/ListCustomerRisks", { pageSize: 1 })).body.totals ?? [];
  return Object.fromEntries(LEVELS.map((l) => [l, totals.find((t) => t.level === `WARNING_LEVEL_${l.toUpperCase()}`)?.customers ?? 0]));
}

test("the dashboard shows each role its own levels, aging and trend", async () => {
  const seen = {};
  for (const role of ["finance_head", "sales_staff"]) {
    await as(role, async (s) => {
      const page = s.page;
      await page.getByTestId("trend-chart").locator("canvas").waitFor({ timeout: 60000 });
      await page.getByTestId("aging-chart").locator("canvas").waitFor();
      const shown = {};
      for (const level of LEVELS) shown[level] = Number(await page.getByTestId(`level-${level}`).getByTestId("level-count").innerText());
      assert.deepEqual(shown, await levelCounts(s));
      const aging = await s.rpc("ReportService/GetAgingReport", { groupBy: "REPORT_GROUPING_COMPANY" });
      assert.equal(await page.getByTestId("aging-total").innerText(), yuanText(aging.body.report.total.totalFen));
      seen[role] = shown;
      await check(s, `reports-dashboard-${role}`);
    });
  }
  const sum = (counts) => LEVELS.reduce((n, l) => n + counts[l], 0);
  assert.ok(sum(seen.sales_staff) > 0 && sum(seen.sales_staff) < sum(seen.finance_head), "a salesperson sees their own customers only");
});

test("the early-warning list opens a level, and a lawsuit recorded on a green customer raises it", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.getByTestId("level-red").click();
    await page.locator("[data-test='risk-table'][data-loaded='red']").waitFor();
    const rows = page.getByTestId("risk-table").locator(".el-table__row");
    assert.ok((await rows.count()) > 0);
    for (const text of await rows.allInnerTexts()) assert.match(text, /^红色/);
    // E集团 (customers/6) is red in the demo, with the seed's reasons.
    await page.getByTestId("risk-customers/6").click();
    await page.getByTestId("risk-level-tag").filter({ hasText: "红色" }).waitFor();
    assert.match(await page.getByTestId("risk-reasons").innerText(), /R-WARN-2/);
    assert.match(await page.getByTestId("risk-signals").innerText(), /诉讼/);
    await check(s, "reports-customer-risk");
  });

  const green = await as("legal_staff", async (s) => {
    const list = await s.rpc("RiskService/ListCustomerRisks", { level: "WARNING_LEVEL_GREEN", pageSize: 1 });
    const customer = list.body.risks[0].customer;
    const page = s.page;
    await page.goto(`${config.base}/customers/${customer.split("/")[1]}?tab=risk`);
    await page.getByTestId("risk-level-tag").filter({ hasText: "绿色" }).waitFor();
    await page.locator("#signal-source").fill("court");
    await page.locator("#signal-reference").fill(`(2026)沪01民初${Date.now() % 100000}号`);
    await page.locator("#signal-amount").fill("2,500,000");
    await page.locator("#signal-evidence").fill("供应商货款纠纷起诉");
    await page.getByTestId("signal-submit").click();
    await page.getByTestId("signal-recorded").filter({ hasText: "预警级别已调整" }).waitFor();
    await page.getByTestId("risk-level-tag").filter({ hasNotText: "绿色" }).waitFor();
    assert.match(await page.getByTestId("risk-history").innerText(), /绿色 → /);
    await check(s, "reports-signal-recorded");
    return customer;
  });
  await as("finance_head", async (s) => {
    const risk = await s.rpc("RiskService/GetCustomerRisk", { customer: green });
    assert.notEqual(risk.body.risk.level, "WARNING_LEVEL_GREEN");
    assert.ok(risk.body.signals.some((signal) => signal.kind === "RISK_SIGNAL_KIND_LAWSUIT" && signal.amountFen === "250000000"));
  });
});

test("the monthly meeting pack downloads as XLSX and PDF with the pack's figures", async () => {
  await as("finance_head", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/meeting']").click();
    const month = await page.locator("[data-test='meeting-pack'][data-month]").getAttribute("data-month", { timeout: 60000 });
    await page.getByTestId("kpi-salespeople").locator(".el-table__row").first().waitFor();
    await page.getByTestId("meeting-trend").locator("canvas").waitFor();
    await check(s, "reports-meeting");
    const pack = (await s.rpc("ReportService/GetMeetingPack", { month })).body.pack;
    const collections = pack.kpisBySalesperson.total.collectionsFen;
    assert.match(await page.getByTestId("kpi-salespeople").innerText(), new RegExp(yuanText(collections).replaceAll(".", "\\.")));

    const folder = join(config.artifacts, "downloads");
    mkdirSync(folder, { recursive: true });
    const save = async (testId) => {
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120000 }), page.getByTestId(testId).click()]);
      const path = join(folder, download.suggestedFilename());
      await download.saveAs(path);
      return path;
    };
    const xlsx = await save("download-xlsx");
    assert.match(xlsx, /\.xlsx$/);
    const summary = JSON.parse(
      execFileSync("/usr/bin/python3", ["-c", "import sys, json, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\ns = wb['Summary']\nprint(json.dumps({'sheets': wb.sheetnames, 'rows': {str(r[0].value): r[1].value for r in s.iter_rows(min_row=2)}}))", xlsx], { encoding: "utf8" }),
    );
    assert.ok(summary.sheets.includes("Aging") && summary.sheets.includes("Commission"), summary.sheets.join(","));
    assert.equal(summary.rows.month, month);
    assert.equal(Math.round(summary.rows["collections in the month (yuan)"] * 100), Number(collections));

    const pdf = await save("download-pdf");
    assert.match(pdf, /\.pdf$/);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    assert.match(text, new RegExp(month));
    assert.match(text, new RegExp(pack.commission.rows[0].salespersonName));
  });
});

test("a draft term policy is simulated without publishing it; management staff simulate but do not publish", async () => {
  await as("finance_head", async (s) => {
    const before = (await s.rpc("TermPolicyService/ListTermPolicies", { pageSize: 100 })).body.termPolicies?.length ?? 0;
    const page = s.page;
    await page.locator("[data-test='menu-/term-policies']").click();
    const general = page.locator(".el-table__row", { hasText: "一般客户" }).filter({ has: page.locator("input") });
    const days = general.locator("input").first();
    await days.waitFor();
    const current = Number(await days.inputValue());
    await days.fill(String(current + 15));
    await days.press("Tab");
    await page.getByTestId("simulate-policy").click();
    const row = page.getByTestId("simulation-tiers").locator(".el-table__row", { hasText: "一般客户" });
    await row.filter({ hasText: `${current} → ${current + 15}` }).waitFor({ timeout: 60000 });
    await page.getByTestId("simulation-chart").locator("canvas").waitFor();
    await check(s, "reports-simulation");
    const after = (await s.rpc("TermPolicyService/ListTermPolicies", { pageSize: 100 })).body.termPolicies?.length ?? 0;
    assert.equal(after, before, "a simulation publishes nothing");
  });
  await as("management_staff", async (s) => {
    const page = s.page;
    await page.locator("[data-test='menu-/term-policies']").click();
    await page.getByTestId("simulate-policy").waitFor();
    assert.equal(await page.getByTestId("publish-policy").count(), 0);
    const refused = await s.rpc("TermPolicyService/PublishTermPolicy", { requestId: `e2e-${Date.now()}`, effectiveDate: "2030-01-01", rules: {} });
    assert.equal(refused.status, 403);
  });
});
