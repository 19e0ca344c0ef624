// Stripe's idempotency: a POST with a key already used replays the saved response (same
// status and body); the same key with different parameters or on another endpoint is a
// 400 idempotency_error. Like Stripe, only requests that ran are saved (successes and
// card declines), not ones rejected by validation or failed before running. A key lives
// 24 hours on the emulator clock from its first use; after that the same key is a new
// request ("keys ... at least 24 hours old" may be pruned, Stripe's docs).
import type { EmulatorClock } from "./clock.server";
import { StripeApiError } from "./errors.server";

/** How long a key is kept, in seconds of emulator time. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 3600;

interface SavedResponse {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  /** Emulator time (unix seconds) of the key's first use. */
  createdAt: number;
}

const MAX_KEYS = 200_000;

export type IdempotencyLookup =
  | { kind: "new" }
  | { kind: "replay"; saved: SavedResponse }
  | { kind: "conflict"; error: StripeApiError };

export class IdempotencyStore {
  private readonly saved = new Map<string, SavedResponse>();

  constructor(private readonly clock: EmulatorClock) {}

  lookup(key: string, method: string, path: string, params: string): IdempotencyLookup {
    const saved = this.saved.get(key);
    if (!saved) return { kind: "new" };
    if (this.clock.now() - saved.createdAt >= IDEMPOTENCY_KEY_TTL_SECONDS) {
      // Pruned: the same key now runs as a new request.
      this.saved.delete(key);
      return { kind: "new" };
    }
    if (saved.method !== method || saved.path !== path) {
      return {
        kind: "conflict",
        error: new StripeApiError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.method} ${saved.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        }),
      };
    }
    if (saved.params !== params) {
      return {
        kind: "conflict",
        error: new StripeApiError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        }),
      };
    }
    return { kind: "replay", saved };
  }

  save(key: string, response: Omit<SavedResponse, "createdAt">): void {
    if (this.saved.size >= MAX_KEYS) {
      // Stripe forgets keys after 24 h; the emulator forgets the oldest beyond a cap.
      const oldest = this.saved.keys().next().value;
      if (oldest !== undefined) this.saved.delete(oldest);
    }
    this.saved.set(key, { ...response, createdAt: this.clock.now() });
  }

  clear(): void {
    this.saved.clear();
  }
}
