// Shared context of the emulator's domain code: the store, the clock, event emission
// (stamped with the API request that caused it, like Stripe's `event.request`) and
// scheduled outcomes on the clock that die with a reset or stop.
import { EmulatorClock } from "./clock";
import { newId } from "./ids";
import { snapshot } from "./objects";
import { Store } from "./store";
import type { StripeEvent, StripeObject } from "./types";

export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

export interface WorldConfig {
  publicUrl: string;
  displayName: string;
  apiVersion: string;
  /** ACH debits settle this long (emulator-clock ms) after they start processing. */
  bankSettlementDelayMs: number | null;
  /** The account's Dashboard payment method settings (controls.setDashboardPaymentMethods). */
  dashboardPaymentMethods: string[];
}

const AUTOMATIC: RequestContext = { requestId: null, idempotencyKey: null };

export class World {
  readonly store = new Store();
  private request: RequestContext = AUTOMATIC;
  /** Bumped by every event: an API request that emitted something has begun executing. */
  mutations = 0;
  /** Work done on the clock's timeline is "automatic": no API request caused it. */
  readonly clock = new EmulatorClock((run) => this.inRequest(AUTOMATIC, run));

  constructor(
    readonly config: WorldConfig,
    /** Hands an event to webhook delivery; returns how many endpoints will receive it. */
    private readonly deliver: (event: StripeEvent) => number,
  ) {}

  /** Emulator time, unix seconds. */
  now(): number {
    return this.clock.now();
  }

  /** Runs `fn` with the events it emits attributed to this API request. */
  inRequest<T>(context: RequestContext, fn: () => T): T {
    const previous = this.request;
    this.request = context;
    try {
      return fn();
    } finally {
      this.request = previous;
    }
  }

  /** Records an event with a snapshot of the object as it is now, and queues delivery. */
  emit(type: string, object: StripeObject): StripeEvent {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: this.config.apiVersion,
      created: this.now(),
      data: { object: snapshot(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: this.request.requestId, idempotency_key: this.request.idempotencyKey },
      type,
    };
    this.mutations++;
    this.store.events.set(event.id, event);
    event.pending_webhooks = this.deliver(event);
    return event;
  }

  /** A named outcome `delayMs` from now on the emulator clock (replaces one of that name). */
  schedule(name: string, delayMs: number, fn: () => void): void {
    this.clock.after(name, delayMs, fn);
  }

  /** A named outcome at emulator time `atSeconds` (unix seconds). */
  scheduleAt(name: string, atSeconds: number, fn: () => void): void {
    this.clock.at(name, atSeconds * 1000, fn);
  }

  cancel(name: string): void {
    this.clock.cancel(name);
  }

  reset(): void {
    this.clock.reset();
    this.store.clear();
  }
}
