// Measures the JavaScript a first visit loads (the entry script and the chunks index.html
// preloads), gzipped, and every chunk for reference. Reported, not asserted: the budget is
// 500 KB gzipped (issue 12); writes dist/bundle-size.json.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const all = readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js")).map((f) => `assets/${f}`);
const initialGzip = initial.reduce((sum, f) => sum + gz(f), 0);
const allGzip = all.reduce((sum, f) => sum + gz(f), 0);
const report = { initialJsFiles: initial, initialJsGzipBytes: initialGzip, allJsGzipBytes: allGzip, chunks: all.length };
writeFileSync(join(dist, "bundle-size.json"), JSON.stringify(report, null, 2));
console.log(
  `bundle: initial JavaScript ${(initialGzip / 1024).toFixed(1)} KB gzipped (${initial.length} files; budget 500 KB), ` +
    `all ${all.length} chunks ${(allGzip / 1024).toFixed(1)} KB gzipped`,
);
