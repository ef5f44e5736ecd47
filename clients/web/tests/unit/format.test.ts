// The money, date and CSV helpers every page uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBp, formatFen, parseYuan } from "../../src/format/money";
import { daysFromToday, previousMonth, todayInCompanyZone } from "../../src/format/date";
import { parseCsv } from "../../src/format/csv";

test("fen as yuan with thousands separators, exact beyond 2^53", () => {
  assert.equal(formatFen(0n), "0.00");
  assert.equal(formatFen(5n), "0.05");
  assert.equal(formatFen(123456789n), "1,234,567.89");
  assert.equal(formatFen(-100050n), "-1,000.50");
  // 2^63 - 1 fen: a JS number would round it.
  assert.equal(formatFen(9223372036854775807n), "92,233,720,368,547,758.07");
});

test("yuan text to fen, exactly, or null", () => {
  assert.equal(parseYuan("1,234.5"), 123450n);
  assert.equal(parseYuan("876,543.21"), 87654321n);
  assert.equal(parseYuan("0.1"), 10n);
  assert.equal(parseYuan(".05"), 5n);
  assert.equal(parseYuan("92233720368547758.07"), 9223372036854775807n);
  assert.equal(parseYuan("12.345"), null);
  assert.equal(parseYuan("abc"), null);
  assert.equal(parseYuan(""), null);
});

test("basis points as percent", () => {
  assert.equal(formatBp(3000), "30%");
  assert.equal(formatBp(125), "1.25%");
  assert.equal(formatBp(50), "0.5%");
});

test("dates are Shanghai's, whatever the machine's zone", () => {
  // 2026-12-31 17:30 UTC is already 2027-01-01 in Shanghai.
  const late = new Date(Date.UTC(2026, 11, 31, 17, 30));
  assert.equal(todayInCompanyZone(late), "2027-01-01");
  assert.equal(previousMonth(late), "2026-12");
  assert.equal(previousMonth(new Date(Date.UTC(2026, 5, 15))), "2026-05");
});

test("CSV with quotes, commas and line breaks inside fields", () => {
  assert.deepEqual(parseCsv('a,b\n"x, y","say ""hi"""\r\n"two\nlines",\n'), [
    ["a", "b"],
    ["x, y", 'say "hi"'],
    ["two\nlines", ""],
  ]);
});

test("days from today count civil days in Shanghai, across month and year ends", () => {
  // 2026-12-31 20:00 UTC is already 2027-01-01 in Shanghai.
  const newYear = new Date("2026-12-31T20:00:00Z");
  assert.equal(daysFromToday(0, newYear), "2027-01-01");
  assert.equal(daysFromToday(-1, newYear), "2026-12-31");
  assert.equal(daysFromToday(59, newYear), "2027-03-01");
  assert.equal(daysFromToday(7, new Date("2028-02-25T01:00:00Z")), "2028-03-03");
});
