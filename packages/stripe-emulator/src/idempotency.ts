// Stripe's idempotency (https://docs.stripe.com/api/idempotent_requests): the status and
// body of the first request made with a key are saved once the endpoint began executing,
// whatever they were (a success, a 402 decline, a 400 raised after the endpoint changed
// something, a 500 raised while it ran), and every later request with that key gets them
// back (`Idempotent-Replayed: true`). Not saved: requests that failed validation before
// anything ran, and requests that arrived while another with the same key was still
// executing (409 `idempotency_key_in_use`, safe to retry). The same key with other
// parameters, or on another endpoint, is a 400 `idempotency_error`. A key lives 24 hours
// on the emulator clock from its first use; after that the same key is a new request
// (Stripe: keys "at least 24 hours old" may be pruned).
import type { EmulatorClock } from "./clock";
import { StripeApiError } from "./errors";

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
  | { kind: "new"; release: () => void }
  | { kind: "replay"; saved: SavedResponse }
  | { kind: "conflict"; error: StripeApiError };

export class IdempotencyStore {
  private readonly saved = new Map<string, SavedResponse>();
  /** Keys of requests executing right now. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly clock: EmulatorClock) {}

  /**
   * What to do with a request carrying `key`. A "new" answer marks the key as executing
   * until `release()` (call it whether or not the result is saved).
   */
  lookup(key: string, method: string, path: string, params: string): IdempotencyLookup {
    if (this.inFlight.has(key)) return { kind: "conflict", error: keyInUse(key) };
    let saved = this.saved.get(key);
    if (saved && this.clock.now() - saved.createdAt >= IDEMPOTENCY_KEY_TTL_SECONDS) {
      // Pruned: the same key now runs as a new request.
      this.saved.delete(key);
      saved = undefined;
    }
    if (!saved) {
      this.inFlight.add(key);
      return { kind: "new", release: () => this.inFlight.delete(key) };
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
      // Stripe forgets keys after 24 h; the emulator also forgets the oldest beyond a cap.
      const oldest = this.saved.keys().next().value;
      if (oldest !== undefined) this.saved.delete(oldest);
    }
    this.saved.set(key, { ...response, createdAt: this.clock.now() });
  }

  clear(): void {
    this.saved.clear();
    this.inFlight.clear();
  }
}

/** Stripe's 409 for a key whose first request is still executing (stripe-node retries 409s). */
function keyInUse(key: string): StripeApiError {
  return new StripeApiError(409, {
    type: "invalid_request_error",
    code: "idempotency_key_in_use",
    doc_url: "https://stripe.com/docs/error-codes/idempotency-key-in-use",
    message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
  });
}
