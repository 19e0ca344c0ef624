// The emulator's clock: one per emulator, starting at real time and running with it, that a
// test can move forward (controls.advanceClock). Every timestamp the emulator stamps
// (`created`, `expires_at`, event `created`, dispute deadlines) reads it, and every delayed
// outcome (Checkout expiry, idempotency-key expiry, ACH settlement, micro-deposits, dispute
// deadlines, scheduled refund failures) is an entry on its timeline. Advancing fires what
// fell due, in order, each at its own due time (so the objects and events it stamps carry
// the time it happened); real time passing fires them too.
//
// Webhook signatures (`Stripe-Signature: t=…`) are NOT on this clock: the app's
// stripe.webhooks.constructEvent checks the signature's age against the real clock (300 s
// tolerance), as it does with Stripe, so they are stamped with real time.

interface Entry {
  name: string;
  dueAtMs: number;
  seq: number;
  run: () => void;
}

/** setTimeout's longest delay is ~24.8 days; farther entries re-arm on the way. */
const MAX_TIMER_MS = 6 * 3600 * 1000;

export class EmulatorClock {
  private offsetMs = 0;
  private seq = 0;
  /** Sorted by due time, then by order of scheduling. */
  private entries: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private firing = false;
  private stopped = false;

  constructor(
    /** Runs an entry (the world wraps it as "automatic": no API request caused it). */
    private readonly runEntry: (run: () => void) => void = (run) => run(),
  ) {}

  /** Emulator time, in milliseconds since the epoch. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Emulator time in unix seconds, the unit of every Stripe timestamp. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** How far ahead of real time the clock is, in seconds. */
  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  /**
   * Moves the clock forward by `seconds` (≥ 0), firing every entry that falls due on the
   * way, in order, each with the clock set to its due time. Returns the new time.
   */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new Error("advanceClock: seconds must be a number ≥ 0 (the clock never goes back)");
    }
    const targetOffset = this.offsetMs + seconds * 1000;
    this.fireDue(() => Date.now() + targetOffset);
    this.offsetMs = Math.max(this.offsetMs, targetOffset);
    this.arm();
    return this.now();
  }

  /** Schedules `run` at emulator time `dueAtMs` (ms), replacing an entry of the same name. */
  at(name: string, dueAtMs: number, run: () => void): void {
    this.cancel(name);
    const entry: Entry = { name, dueAtMs, seq: this.seq++, run };
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid].dueAtMs <= dueAtMs) low = mid + 1;
      else high = mid;
    }
    this.entries.splice(low, 0, entry);
    this.arm();
  }

  /** Schedules `run` `delayMs` of emulator time from now. */
  after(name: string, delayMs: number, run: () => void): void {
    this.at(name, this.nowMs() + delayMs, run);
  }

  cancel(name: string): void {
    const index = this.entries.findIndex((e) => e.name === name);
    if (index !== -1) this.entries.splice(index, 1);
  }

  /** When the named entry is due (ms), if scheduled. */
  dueAt(name: string): number | undefined {
    return this.entries.find((e) => e.name === name)?.dueAtMs;
  }

  /** Names of the entries still waiting, soonest first (for tests and the README). */
  pending(): { name: string; dueAt: number }[] {
    return this.entries.map((e) => ({ name: e.name, dueAt: Math.floor(e.dueAtMs / 1000) }));
  }

  /**
   * Fires what real time has made due. Called before each API request, page and control,
   * so nothing overdue is ever observed as pending, whether or not the timer ran yet.
   */
  tick(): void {
    this.fireDue(() => this.nowMs());
    this.arm();
  }

  /** Back to real time, nothing scheduled. */
  reset(): void {
    this.entries = [];
    this.offsetMs = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  private fireDue(limitMs: () => number): void {
    // An entry may schedule others (a verified micro-deposit schedules the settlement):
    // those fire in the same pass when they too are due.
    if (this.firing) return;
    this.firing = true;
    try {
      while (this.entries.length > 0 && this.entries[0].dueAtMs <= limitMs()) {
        const entry = this.entries.shift()!;
        // The clock reads the entry's due time while it runs (never going back).
        const atEntry = entry.dueAtMs - Date.now();
        if (atEntry > this.offsetMs) this.offsetMs = atEntry;
        try {
          this.runEntry(entry.run);
        } catch (error) {
          console.error(`stripe emulator: scheduled "${entry.name}" failed`, error);
        }
      }
    } finally {
      this.firing = false;
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.entries.length === 0) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, this.entries[0].dueAtMs - this.nowMs()));
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }
}

/** `startMs` plus `days` business days (Mon–Fri, in UTC), in ms. */
export function addBusinessDays(startMs: number, days: number): number {
  const date = new Date(startMs);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return date.getTime();
}
