// Warning levels (R-WARN-4) as the app shows them: the i18n key and the tag colour.
import { WarningLevel } from "../gen/huikuan/v1/risk_service_pb";

export const LEVELS = [WarningLevel.RED, WarningLevel.ORANGE, WarningLevel.YELLOW, WarningLevel.GREEN] as const;

const KEYS: Record<WarningLevel, string> = {
  [WarningLevel.UNSPECIFIED]: "unknown",
  [WarningLevel.GREEN]: "green",
  [WarningLevel.YELLOW]: "yellow",
  [WarningLevel.ORANGE]: "orange",
  [WarningLevel.RED]: "red",
};

// "red", "orange", ... for `level.<key>` and CSS classes.
export function levelKey(level: WarningLevel): string {
  return KEYS[level] ?? "unknown";
}

// Element Plus tag types: red is danger, orange and yellow warn, green is fine.
export function levelTagType(level: WarningLevel): "danger" | "warning" | "success" | "info" {
  if (level === WarningLevel.RED) return "danger";
  if (level === WarningLevel.ORANGE || level === WarningLevel.YELLOW) return "warning";
  if (level === WarningLevel.GREEN) return "success";
  return "info";
}

// The server names levels in the meeting pack as text ("red"); the enum elsewhere.
export function levelFromText(text: string): WarningLevel {
  const found = (Object.entries(KEYS) as [string, string][]).find(([, key]) => key === text.toLowerCase());
  return found ? (Number(found[0]) as WarningLevel) : WarningLevel.UNSPECIFIED;
}
