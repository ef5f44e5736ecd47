// Ratios and day counts as the meeting pages print them; NaN (no figures for the period) is "—".
export function percent(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : "—";
}

export function oneDecimal(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : "—";
}
