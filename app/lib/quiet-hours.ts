// Quiet hours: nothing is sent before 08:00 or from 21:00 on in the debtor's local time,
// in every zone the debtor may be in, nor inside the debtor's own "do not contact" window.
// Pure: the worker asks `nextSendTime(now, …)` and waits until the answer.

export const LEGAL_START_MINUTES = 8 * 60; // 08:00
export const LEGAL_END_MINUTES = 21 * 60; // 21:00 (exclusive)

export type QuietWindow = { start: string; end: string }; // "HH:MM", may wrap midnight

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of `at` in `zone`. */
export function localMinutes(at: Date, zone: string): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, formatter);
  }
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(at)) {
    if (part.type === "hour") hour = Number(part.value);
    if (part.type === "minute") minute = Number(part.value);
  }
  return hour * 60 + minute;
}

export function parseHhMm(value: string | undefined | null): number | null {
  const m = value?.match(/^([01]\d|2[0-3]):([0-5]\d)$/);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function inLegalWindow(minutes: number) {
  return minutes >= LEGAL_START_MINUTES && minutes < LEGAL_END_MINUTES;
}

function inOwnWindow(minutes: number, start: number, end: number) {
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export type SendTimeCheck =
  { ok: true } | { ok: false; reason: "quiet_hours" | "debtor_quiet_window"; at: Date };

const MINUTE = 60_000;

/**
 * The first moment at or after `now` when every zone is inside 08:00–21:00
 * and the primary zone is outside the debtor's own window. Returns ok when `now` is fine.
 */
export function nextSendTime(
  now: Date,
  zones: readonly string[],
  options: { primaryZone?: string; own?: QuietWindow | null } = {},
): SendTimeCheck {
  const primary = options.primaryZone ?? zones[0];
  const ownStart = parseHhMm(options.own?.start);
  const ownEnd = parseHhMm(options.own?.end);
  const hasOwn = ownStart !== null && ownEnd !== null && ownStart !== ownEnd;
  let t = now;
  let reason: "quiet_hours" | "debtor_quiet_window" | null = null;
  // Each step jumps to where the blocking rule ends; a few steps settle any combination
  // (and DST days, where a jump lands an hour off and the next step corrects it).
  for (let step = 0; step < 50; step++) {
    let jump = 0;
    let target: { zone: string; minutes: number } | null = null;
    for (const zone of zones) {
      const m = localMinutes(t, zone);
      if (!inLegalWindow(m)) {
        reason ??= "quiet_hours";
        const wait = (LEGAL_START_MINUTES - m + 1440) % 1440 || 1440;
        if (wait > jump) {
          jump = wait;
          target = { zone, minutes: LEGAL_START_MINUTES };
        }
      }
    }
    if (jump === 0 && hasOwn && primary) {
      const m = localMinutes(t, primary);
      if (inOwnWindow(m, ownStart, ownEnd)) {
        reason ??= "debtor_quiet_window";
        jump = (ownEnd - m + 1440) % 1440 || 1440;
        target = { zone: primary, minutes: ownEnd };
      }
    }
    if (jump === 0) return reason === null ? { ok: true } : { ok: false, reason, at: t };
    // Land on the minute the rule ends (local minutes are whole; the seconds are dropped).
    t = new Date(Math.floor((t.getTime() + jump * MINUTE) / MINUTE) * MINUTE);
    // Across a DST change the wall clock moved by an hour: landing late is pulled back
    // (landing early is fixed by the next step).
    if (target) {
      const late = (localMinutes(t, target.zone) - target.minutes + 1440) % 1440;
      if (late > 0 && late <= 120) t = new Date(t.getTime() - late * MINUTE);
    }
  }
  // Unreachable for real zones; if the windows never meet, wait a day and ask again.
  return {
    ok: false,
    reason: reason ?? "quiet_hours",
    at: new Date(now.getTime() + 1440 * MINUTE),
  };
}

/** Is `at` a time when sending is allowed? */
export function isSendableAt(
  at: Date,
  zones: readonly string[],
  options: { primaryZone?: string; own?: QuietWindow | null } = {},
) {
  return nextSendTime(at, zones, options).ok;
}
