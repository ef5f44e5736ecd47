// Names the server sends as identifiers ("lawyer_letter", "phone_or_wechat", "finance"), in the
// user's language. Ladder actions are configurable (any lower-case identifier), so an action
// without a translation is shown as it is rather than as a missing key.
import { useI18n } from "vue-i18n";

export function useLabels() {
  const { t, te } = useI18n();
  return {
    step: (step: string) => (te(`step.${step}`) ? t(`step.${step}`) : te(`cadence.labels.${step}`) ? t(`cadence.labels.${step}`) : step),
    channel: (channel: string) => (te(`channel.${channel}`) ? t(`channel.${channel}`) : channel),
    department: (department: string) => (te(`department.${department}`) ? t(`department.${department}`) : department),
    kind: (kind: string) => (te(`workKind.${kind}`) ? t(`workKind.${kind}`) : kind),
    job: (job: string) => (te(`job.${job}`) ? t(`job.${job}`) : te(`cadence.labels.${job}`) ? t(`cadence.labels.${job}`) : job),
  };
}

// The departments that have worklists, in the order the menus show them.
export const DEPARTMENTS = ["sales", "finance", "legal", "investment", "management"] as const;
// Channels a ladder step may use (server/core/department.h).
export const CHANNELS = ["phone_or_wechat", "email", "sms", "phone", "letter", "visit", "court", "notice"] as const;
// The daily run's jobs, in the order the scheduler runs them (server/jobs).
export const JOBS = ["late_fees", "promises", "payment_plans", "limitation", "risk", "dunning", "cadence", "escalation", "health", "models"] as const;
