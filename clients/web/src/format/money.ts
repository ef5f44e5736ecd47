// Money is int64 fen. protobuf-es gives it as bigint; it is never turned into a JS number, which
// loses cents above 2^53 fen and rounds in binary. One formatter and one parser for the app.

// 123456789n -> "1,234,567.89"; negative amounts keep their sign.
export function formatFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${yuan}.${cents}`;
}

// "1,234.5" -> 123450n; null when the text is not an amount of yuan with at most 2 decimals.
export function parseYuan(text: string): bigint | null {
  const match = /^\s*(-)?([0-9][0-9,]*)?(?:\.([0-9]{0,2}))?\s*$/.exec(text);
  if (match === null || (match[2] === undefined && match[3] === undefined)) return null;
  const whole = (match[2] ?? "0").replace(/,/g, "");
  if (whole === "") return null;
  const fen = BigInt(whole) * 100n + BigInt((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -fen : fen;
}

// Basis points as a percentage: 3000 -> "30%", 4500 -> "45%", 125 -> "1.25%".
export function formatBp(bp: number | bigint): string {
  const n = BigInt(bp);
  const whole = n / 100n;
  const rest = n % 100n;
  return rest === 0n ? `${whole}%` : `${whole}.${rest.toString().padStart(2, "0").replace(/0$/, "")}%`;
}
