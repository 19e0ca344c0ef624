// Every rule about sending a message, as one pure decision: may this message go now, must
// it wait (until when), or must it never go? The outbox asks when a message is queued and
// the worker asks again just before sending, so no caller can skip a rule.
import type { AccountStatus } from "./account-rules";
import { allowsCollectionMessages } from "./account-rules";
import { nextSendTime, type QuietWindow } from "./quiet-hours";

export type Channel = "email" | "sms";
export type Initiator = "debtor" | "creditor" | "system";
export type TemplateName =
  | "access_link"
  | "payment_receipt"
  | "plan_confirmation"
  | "payment_reminder"
  | "payment_failed"
  | "bank_payment_returned"
  | "authentication_required"
  | "dispute_acknowledgement"
  | "schedule_changed"
  | "schedule_paused"
  | "plan_changed"
  | "plan_paused"
  | "plan_cancelled"
  | "settlement_accepted"
  | "account_paid"
  | "account_settled"
  | "sms_opt_out_confirmation"
  | "sms_help"
  | "sms_resubscribed";

export type TemplatePolicy = {
  /** Carries a fresh access link (and its typed code). */
  link: boolean;
  /** A reply to the debtor's own action: outside the cadence, allowed while on hold. */
  response: boolean | "when-debtor-initiated";
  /** A reply to an inbound text (STOP, HELP, START): sent at once, even to a stopped number. */
  keywordReply: boolean;
  channels: readonly Channel[];
};

const CONFIRMATION: TemplatePolicy = {
  link: true,
  response: true,
  keywordReply: false,
  channels: ["email", "sms"],
};

export const TEMPLATE_POLICY: Readonly<Record<TemplateName, TemplatePolicy>> = {
  access_link: {
    link: true,
    response: "when-debtor-initiated",
    keywordReply: false,
    channels: ["email", "sms"],
  },
  payment_receipt: { link: true, response: true, keywordReply: false, channels: ["email", "sms"] },
  plan_confirmation: {
    link: true,
    response: true,
    keywordReply: false,
    channels: ["email", "sms"],
  },
  payment_reminder: {
    link: true,
    response: false,
    keywordReply: false,
    channels: ["email", "sms"],
  },
  payment_failed: { link: true, response: false, keywordReply: false, channels: ["email", "sms"] },
  bank_payment_returned: {
    link: true,
    response: false,
    keywordReply: false,
    channels: ["email", "sms"],
  },
  authentication_required: {
    link: true,
    response: false,
    keywordReply: false,
    channels: ["email", "sms"],
  },
  dispute_acknowledgement: {
    link: true,
    response: true,
    keywordReply: false,
    channels: ["email", "sms"],
  },
  // After a hold: the payment dates moved (or the debtor must choose). A notice of changed
  // terms owed before the next charge, not a collection attempt: outside the cadence.
  schedule_changed: { link: true, response: true, keywordReply: false, channels: ["email", "sms"] },
  schedule_paused: { link: true, response: true, keywordReply: false, channels: ["email", "sms"] },
  // Confirmations of the debtor's money decisions (and of the outcome they led to: paid in
  // full, settled): replies to their own action, sent on every channel they keep open.
  plan_changed: CONFIRMATION,
  plan_paused: CONFIRMATION,
  plan_cancelled: CONFIRMATION,
  settlement_accepted: CONFIRMATION,
  account_paid: CONFIRMATION,
  account_settled: CONFIRMATION,
  sms_opt_out_confirmation: { link: false, response: true, keywordReply: true, channels: ["sms"] },
  sms_help: { link: false, response: true, keywordReply: true, channels: ["sms"] },
  sms_resubscribed: { link: false, response: true, keywordReply: true, channels: ["sms"] },
};

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_POLICY) as TemplateName[];

/** Outside the cadence and allowed on hold: the debtor asked for it (receipts, their own link request). */
export function isResponse(template: TemplateName, initiatedBy: Initiator): boolean {
  const response = TEMPLATE_POLICY[template].response;
  return response === "when-debtor-initiated" ? initiatedBy === "debtor" : response;
}

// --- cadence ---

/** The platform ceiling: a creditor may set fewer, never more. */
export const PLATFORM_CADENCE = { perDay: 1, perWeek: 3 } as const;
export type Cadence = { perDay: number; perWeek: number };

export function effectiveCadence(creditor?: Partial<Cadence> | null): Cadence {
  const clamp = (value: number | undefined, ceiling: number) =>
    Math.max(1, Math.min(ceiling, Math.floor(value ?? ceiling)));
  return {
    perDay: clamp(creditor?.perDay, PLATFORM_CADENCE.perDay),
    perWeek: clamp(creditor?.perWeek, PLATFORM_CADENCE.perWeek),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type CadenceCheck =
  { ok: true } | { ok: false; reason: "cadence_day" | "cadence_week"; at: Date };

/**
 * Rolling windows: at most `perDay` in any 24 hours and `perWeek` in any 7 days. `recent`
 * are the times of counted messages (sent or in flight) to this debtor.
 */
export function checkCadence(now: Date, recent: readonly Date[], cadence: Cadence): CadenceCheck {
  const times = recent
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - 7 * DAY && t <= now.getTime());
  times.sort((a, b) => b - a); // newest first
  let at = 0;
  let reason: "cadence_day" | "cadence_week" | null = null;
  const lastDay = times.filter((t) => t > now.getTime() - DAY);
  if (lastDay.length >= cadence.perDay) {
    // Free again when the perDay-th newest leaves the 24-hour window.
    at = lastDay[cadence.perDay - 1] + DAY;
    reason = "cadence_day";
  }
  if (times.length >= cadence.perWeek) {
    const weekAt = times[cadence.perWeek - 1] + 7 * DAY;
    if (weekAt > at) {
      at = weekAt;
      reason = "cadence_week";
    }
  }
  return reason ? { ok: false, reason, at: new Date(at) } : { ok: true };
}

// --- the decision ---

export type Contact = { address: string | null; source: string | null; consentAt: Date | null };

export type SendContext = {
  now: Date;
  channel: Channel;
  template: TemplateName;
  initiatedBy: Initiator;
  /** Null when the message is not about an account (keyword replies). */
  accountStatus: AccountStatus | null;
  contact: Contact;
  /** The debtor turned this channel off on the preferences page or by unsubscribing. */
  optedOut: boolean;
  /** The number texted STOP. */
  smsStopped: boolean;
  zones: readonly string[];
  primaryZone: string;
  ownQuietWindow: QuietWindow | null;
  /** The debtor asked for it now ("email my receipt now"): quiet hours do not hold it. */
  sendNow: boolean;
  /** The first moment the cause allows (e.g. a reminder's day). */
  notBefore: Date | null;
  recent: readonly Date[];
  cadence: Cadence;
};

export type SuppressReason =
  | "no_contact"
  | "no_provenance"
  | "no_consent"
  | "opted_out"
  | "sms_stopped"
  | "account_on_hold"
  | "account_closed"
  | "wrong_channel";
export type DeferReason =
  "not_before" | "quiet_hours" | "debtor_quiet_window" | "cadence_day" | "cadence_week";

export type SendDecision =
  | { action: "send" }
  | { action: "defer"; reason: DeferReason; until: Date }
  | { action: "suppress"; reason: SuppressReason };

export function decideSend(ctx: SendContext): SendDecision {
  const policy = TEMPLATE_POLICY[ctx.template];
  if (!policy.channels.includes(ctx.channel))
    return { action: "suppress", reason: "wrong_channel" };
  if (!ctx.contact.address) return { action: "suppress", reason: "no_contact" };
  // A reply to an inbound text goes to the number that just wrote, at once: the only
  // message a stopped number ever gets is the one confirmation (or the HELP text).
  if (policy.keywordReply) return { action: "send" };

  if (!ctx.contact.source) return { action: "suppress", reason: "no_provenance" };
  if (ctx.channel === "sms" && !ctx.contact.consentAt)
    return { action: "suppress", reason: "no_consent" };
  if (ctx.channel === "sms" && ctx.smsStopped) return { action: "suppress", reason: "sms_stopped" };
  if (ctx.optedOut) return { action: "suppress", reason: "opted_out" };
  const response = isResponse(ctx.template, ctx.initiatedBy);
  if (ctx.accountStatus && !response && !allowsCollectionMessages(ctx.accountStatus)) {
    return {
      action: "suppress",
      reason: ctx.accountStatus === "on_hold" ? "account_on_hold" : "account_closed",
    };
  }

  if (ctx.notBefore && ctx.notBefore.getTime() > ctx.now.getTime()) {
    return { action: "defer", reason: "not_before", until: ctx.notBefore };
  }
  if (!response) {
    const cadence = checkCadence(ctx.now, ctx.recent, ctx.cadence);
    if (!cadence.ok) return { action: "defer", reason: cadence.reason, until: cadence.at };
  }
  if (!ctx.sendNow) {
    const time = nextSendTime(ctx.now, ctx.zones, {
      primaryZone: ctx.primaryZone,
      own: ctx.ownQuietWindow,
    });
    if (!time.ok) return { action: "defer", reason: time.reason, until: time.at };
  }
  return { action: "send" };
}
