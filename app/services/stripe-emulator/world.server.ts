// Shared context of the emulator's domain code: the store, event emission (stamped with
// the API request that caused it, like Stripe's `event.request`) and timers that die
// with a reset or stop.
import { newId, nowSeconds } from "./ids.server";
import { snapshot } from "./objects.server";
import { Store } from "./store.server";
import type { StripeEvent, StripeObject } from "./types.server";

export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

export interface WorldConfig {
  publicUrl: string;
  displayName: string;
  apiVersion: string;
  bankSettlementDelayMs: number | null;
}

const AUTOMATIC: RequestContext = { requestId: null, idempotencyKey: null };

export class World {
  readonly store = new Store();
  private request: RequestContext = AUTOMATIC;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly config: WorldConfig,
    /** Hands an event to webhook delivery; returns how many endpoints will receive it. */
    private readonly deliver: (event: StripeEvent) => number,
  ) {}

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
      created: nowSeconds(),
      data: { object: snapshot(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: this.request.requestId, idempotency_key: this.request.idempotencyKey },
      type,
    };
    this.store.events.set(event.id, event);
    event.pending_webhooks = this.deliver(event);
    return event;
  }

  /** A named, cancellable timer that never keeps the process alive. */
  schedule(name: string, delayMs: number, fn: () => void): void {
    this.cancel(name);
    const timer = setTimeout(() => {
      this.timers.delete(name);
      // Work done by a timer is "automatic": no API request caused it.
      this.inRequest(AUTOMATIC, fn);
    }, delayMs);
    timer.unref();
    this.timers.set(name, timer);
  }

  cancel(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }

  reset(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.store.clear();
  }
}
