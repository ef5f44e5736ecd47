// Dates in the company's time zone (Asia/Shanghai), whatever the browser's zone is. Business
// dates from the API are already civil days ("YYYY-MM-DD") and are shown as they are.
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";

export const COMPANY_TIME_ZONE = "Asia/Shanghai";

const dateTimeFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: COMPANY_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const dayFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: COMPANY_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

// "2026-12-01 08:05" in Shanghai time; "" for an absent timestamp.
export function formatTimestamp(ts: Timestamp | undefined): string {
  if (ts === undefined) return "";
  return dateTimeFormat.format(timestampDate(ts));
}

// Today's date in Shanghai, "YYYY-MM-DD".
export function todayInCompanyZone(now: Date = new Date()): string {
  return dayFormat.format(now);
}

// "YYYY-MM" of the month before today's (Shanghai): the month a statement usually covers.
export function previousMonth(now: Date = new Date()): string {
  const [y, m] = todayInCompanyZone(now).split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

// The civil day `days` after today in Shanghai ("YYYY-MM-DD"); negative goes back.
export function daysFromToday(days: number, now: Date = new Date()): string {
  const [y, m, d] = todayInCompanyZone(now).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
