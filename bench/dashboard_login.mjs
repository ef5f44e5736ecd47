// Issue 12's budget: the dashboard usable within 1 s of login. For each staff role, logs in
// through the form in Debian's chromium and times submit -> the warning levels' counts on the
// dashboard (clients/web/tests/e2e/browser.mjs, Session.login), `rounds` times per role, and prints
// a table with the median and worst against the budget. Reports; never fails on time.
//   node bench/dashboard_login.mjs BASE_URL LOGINS_DIR [rounds]
// LOGINS_DIR holds <role>.password files ("username password"), as `make run` writes them.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, Session } from "../clients/web/tests/e2e/browser.mjs";

const [base, dir, roundsArg] = process.argv.slice(2);
if (!base || !dir) {
  console.error("usage: node bench/dashboard_login.mjs BASE_URL LOGINS_DIR [rounds]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 3);
const budgetMs = 1000;
const roles = ["sales_staff", "sales_head", "finance_staff", "finance_head", "legal_staff", "investment_head", "management_head"];
const logins = {};
for (const role of roles) {
  const [username, password] = readFileSync(join(dir, `${role}.password`), "utf8").trim().split(" ");
  logins[role] = { username, password };
}
const browser = await launch();
const times = {};
try {
  // One unmeasured login first: the browser's own start-up is not the app's.
  const warm = new Session(browser, { base, artifacts: join(tmpdir(), "huikuan-dashboard-bench"), logins });
  await warm.open("zh-CN");
  await warm.login(roles[0]);
  await warm.close();
  for (let round = 0; round < rounds; round++) {
    for (const role of roles) {
      const s = new Session(browser, { base, artifacts: join(tmpdir(), "huikuan-dashboard-bench"), logins });
      await s.open("zh-CN");
      (times[role] ??= []).push(await s.login(role));
      await s.close();
    }
  }
} finally {
  await browser.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${"role".padEnd(16)} ${"median ms".padStart(10)} ${"worst ms".padStart(9)}  within ${budgetMs} ms`);
for (const role of roles) {
  const xs = times[role];
  console.log(`${role.padEnd(16)} ${String(median(xs)).padStart(10)} ${String(Math.max(...xs)).padStart(9)}  ${xs.filter((x) => x <= budgetMs).length}/${xs.length}`);
}
