// vue-i18n with zh-CN (default) and en, one file per language. The chosen language is kept in
// localStorage. scripts/check-i18n.mjs fails the build on a key missing from a language or a
// key no code uses.
import { createI18n } from "vue-i18n";
import en from "./en";
import zhCN from "./zh-CN";

export type Locale = "zh-CN" | "en";
const STORAGE_KEY = "huikuan.locale";

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh-CN";
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: false,
  missingWarn: true,
  fallbackWarn: false,
  messages: { "zh-CN": zhCN, en },
  // A missing key shows as [[key]], which the end-to-end test looks for on every page.
  missing: (_locale, key) => `[[${key}]]`,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

document.documentElement.lang = initialLocale();
