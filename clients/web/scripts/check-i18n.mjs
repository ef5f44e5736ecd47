// Fails (exit 1) when a translation key is missing from a language, when code uses a key that
// does not exist, or when a key exists that no code uses. Keys are found in the code as string
// literals passed to t()/$t(), and as template-literal prefixes (t(`tier.${x}`)) whose keys all
// count as used; a dynamic prefix must exist as a group in both languages.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

function flatten(object, prefix = "", out = new Map()) {
  for (const [key, value] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

async function loadLocale(file) {
  // The locale files are plain `export default {...}` TypeScript without types: import as JS.
  const text = readFileSync(join(src, "locales", file), "utf8");
  const module = await import(`data:text/javascript;base64,${Buffer.from(text).toString("base64")}`);
  return flatten(module.default);
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "gen" || name === "locales" ? [] : sourceFiles(path);
    return /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

const locales = { "zh-CN": await loadLocale("zh-CN.ts"), en: await loadLocale("en.ts") };
const problems = [];
const [first, second] = Object.keys(locales);
for (const [a, b] of [[first, second], [second, first]]) {
  for (const key of locales[a].keys()) {
    if (!locales[b].has(key)) problems.push(`key ${key} is in ${a} but missing from ${b}`);
  }
}
for (const [locale, keys] of Object.entries(locales)) {
  for (const [key, value] of keys) if (value.trim() === "") problems.push(`key ${key} is empty in ${locale}`);
}

const used = new Set();
const prefixes = new Set();
const call = /\$?\bt\(\s*(["'`])([^"'`$]*)(\$\{)?/g;
for (const file of sourceFiles(src)) {
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(call)) {
    const [, , key, dynamic] = match;
    if (dynamic) {
      prefixes.add(key);
      if (![...locales.en.keys()].some((k) => k.startsWith(key))) problems.push(`${file}: no keys under dynamic prefix ${key}`);
    } else {
      used.add(key);
      if (!locales.en.has(key)) problems.push(`${file}: t("${key}") has no translation`);
    }
  }
}
for (const key of locales.en.keys()) {
  if (!used.has(key) && ![...prefixes].some((prefix) => key.startsWith(prefix))) problems.push(`key ${key} is never used`);
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`check-i18n: ${problems.length} problems`);
  process.exit(1);
}
console.log(`check-i18n: ${locales.en.size} keys in ${Object.keys(locales).join(" and ")}, all used, none missing`);
