// Debian's chromium driven by playwright-core (no downloaded browser), with the flags that work
// on this machine (TOOLCHAIN.md), plus the page helpers the tests share.
import { chromium, selectors } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { after, before } from "node:test";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
// The app marks what tests look for with data-test="...".
selectors.setTestIdAttribute("data-test");

// What tests/web/e2e.sh passes: the server's address, where artifacts go, and the demo logins
// (one "<role>.password" file per role holding "username password").
export function e2eConfig() {
  const config = { base: process.env.HUIKUAN_E2E_BASE, artifacts: process.env.HUIKUAN_E2E_ARTIFACTS ?? "/tmp/huikuan-e2e", logins: {} };
  for (const file of readdirSync(process.env.HUIKUAN_E2E_LOGINS)) {
    if (!file.endsWith(".password")) continue;
    const [username, password] = readFileSync(join(process.env.HUIKUAN_E2E_LOGINS, file), "utf8").trim().split(" ");
    config.logins[file.replace(/\.password$/, "")] = { username, password };
  }
  return config;
}

// One browser for a test file, and `as(role, fn)`: fn runs logged in as that role (zh-CN) in a
// fresh context, and its result is returned.
export function roleSessions(config) {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => browser?.close());
  return async function as(role, fn) {
    const session = new Session(browser, config);
    await session.open("zh-CN");
    try {
      await session.login(role);
      return await fn(session);
    } finally {
      await session.close();
    }
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.HUIKUAN_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export class Session {
  constructor(browser, config) {
    this.browser = browser;
    this.config = config;
  }

  async open(locale = "zh-CN") {
    // bypassCSP: axe-core is injected as an inline script, which the app's CSP rightly forbids.
    this.context = await this.browser.newContext({ viewport: { width: 1400, height: 900 }, locale, bypassCSP: true });
    // The app keeps the language in localStorage; start each session in the one asked for.
    await this.context.addInitScript((l) => localStorage.setItem("huikuan.locale", l), locale);
    this.page = await this.context.newPage();
    this.page.setDefaultTimeout(20000);
    this.consoleErrors = [];
    this.page.on("pageerror", (e) => this.consoleErrors.push(String(e)));
    return this.page;
  }

  async close() {
    await this.context?.close();
  }

  // Logs in through the login form; returns the milliseconds from submit to the first page
  // showing its data (reported, never asserted).
  async login(role) {
    const { username, password } = this.config.logins[role];
    const page = this.page;
    await page.goto(`${this.config.base}/login`);
    await page.locator("input[data-test='username'], [data-test='username'] input").fill(username);
    await page.locator("input[data-test='password'], [data-test='password'] input").fill(password);
    const start = Date.now();
    await page.getByTestId("login-submit").click();
    await page.getByTestId("logout").waitFor();
    // Staff land on the dashboard: usable once the warning levels' counts are in.
    if (role === "customer") await page.getByTestId("portal-invoices").locator(".el-table__row").first().waitFor();
    else await page.locator("[data-test='level-count']:not(:has-text('…'))").first().waitFor();
    return Date.now() - start;
  }

  async logout() {
    await this.page.getByTestId("logout").click();
    await this.page.getByTestId("login-submit").waitFor();
  }

  // Screenshot under the artifacts folder, an axe-core scan (no serious or critical violation),
  // no untranslated key and no user shown as an id on the page. Returns the problems found.
  async checkPage(name) {
    const page = this.page;
    await page.waitForLoadState("networkidle");
    // Colours mid-transition (tab fade-ins) are not the page's colours: stop animations first.
    await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; animation: none !important; }" });
    await page.waitForTimeout(50);
    mkdirSync(this.config.artifacts, { recursive: true });
    await page.screenshot({ path: join(this.config.artifacts, `${name}.png`), fullPage: true });
    const problems = [];
    const text = await page.locator("body").innerText();
    const missing = text.match(/\[\[[\w.]+\]\]/g);
    if (missing) problems.push(`${name}: untranslated keys ${[...new Set(missing)].join(", ")}`);
    // People are shown by name; an id like users/12 means a page forgot to look the name up.
    // Raw evidence (an audit event's JSON, in <code>) is shown as stored and not checked.
    const prose = await page.evaluate(() => {
      const copy = document.body.cloneNode(true);
      copy.querySelectorAll("code").forEach((node) => node.remove());
      return copy.textContent;
    });
    const ids = prose.match(/\busers\/\d+/g);
    if (ids) problems.push(`${name}: users shown as ids ${[...new Set(ids)].join(", ")}`);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    });
    for (const v of violations) problems.push(`${name}: axe ${v}`);
    if (this.consoleErrors.length > 0) problems.push(`${name}: page errors ${this.consoleErrors.join("; ")}`);
    this.consoleErrors = [];
    return problems;
  }

  // An RPC from the page itself, as the app would make it (same cookie, same headers): to show
  // that the server refuses what the page hides.
  async rpc(method, body) {
    return this.page.evaluate(
      async ([m, b]) => {
        const response = await fetch(`/huikuan.v1.${m}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1" },
          body: JSON.stringify(b),
        });
        return { status: response.status, body: await response.json() };
      },
      [method, body],
    );
  }
}
