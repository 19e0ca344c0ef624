// Webhook delivery the way Stripe does it: the event JSON POSTed with a
// `Stripe-Signature: t=…,v1=…` header (HMAC-SHA256 of `${t}.${payload}` with the endpoint
// secret, so stripe.webhooks.constructEvent accepts it), retried with backoff while the
// endpoint answers non-2xx, in no promised order. Tests can delay, duplicate, shuffle,
// pause and redeliver.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { seededRandom } from "./faults";
import type { DeliveryMode, DeliveryRecord, StripeEvent } from "./types";

export function signPayload(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const signature = createHmac("sha256", secret)
    .update(`${timestamp}.${payload}`, "utf8")
    .digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export interface WebhookOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

interface QueuedDelivery {
  seq: number;
  eventId: string;
  attempt: number;
  dueAt: number;
}

const MAX_LOG = 100_000;
/** With `shuffle`, each delivery also waits a random 0–50 ms so that neighbours swap. */
const SHUFFLE_JITTER_MS = 50;

export class WebhookDispatcher {
  private endpoint: { url: URL; secret: string } | null = null;
  private queue: QueuedDelivery[] = [];
  private seq = 0;
  private active = 0;
  private readonly requests = new Set<http.ClientRequest>();
  private paused = false;
  private stopped = false;
  /** Bumped by reset, so answers to requests sent before it are ignored. */
  private generation = 0;
  private mode: Required<Omit<DeliveryMode, "seed">> = {
    duplicate: 1,
    shuffle: false,
    delayMs: 0,
    concurrency: 1,
  };
  private random = seededRandom(1);
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private readonly delivered = new Set<string>();
  readonly log: DeliveryRecord[] = [];
  private readonly agent = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };

  constructor(
    private readonly getEvent: (id: string) => StripeEvent | undefined,
    private readonly options: WebhookOptions,
  ) {}

  setEndpoint(url: string | null, secret: string): void {
    this.endpoint = url ? { url: new URL(url), secret } : null;
    this.pump();
  }

  get secret(): string | null {
    return this.endpoint?.secret ?? null;
  }

  setMode(mode: DeliveryMode): void {
    const duplicate = mode.duplicate ?? 1;
    const concurrency = mode.concurrency ?? 1;
    if (!Number.isInteger(duplicate) || duplicate < 1)
      throw new Error("duplicate must be an integer ≥ 1");
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error("concurrency must be an integer ≥ 1");
    this.mode = {
      duplicate,
      concurrency,
      shuffle: mode.shuffle ?? false,
      delayMs: Math.max(0, mode.delayMs ?? 0),
    };
    this.random = seededRandom(mode.seed ?? 1);
    this.pump();
  }

  /** Queues an event (times `duplicate`); returns 1 if an endpoint will receive it. */
  enqueue(event: StripeEvent): number {
    if (!this.endpoint || this.stopped) return 0;
    for (let i = 0; i < this.mode.duplicate; i++) this.push(event.id, 1, this.firstDelay());
    // Deliver after the current API request has answered, as Stripe would at the earliest.
    setImmediate(() => this.pump());
    return 1;
  }

  redeliver(events: StripeEvent[]): number {
    let count = 0;
    for (const event of events) count += this.enqueue(event);
    return count;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Resolves once nothing is queued or in flight. */
  idle(timeoutMs = 30_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(
          new Error(
            `webhooks still pending after ${timeoutMs} ms: ${this.queue.length} queued, ${this.active} in flight` +
              (this.paused ? " (delivery is paused)" : "") +
              (this.endpoint ? "" : " (no webhook endpoint)"),
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  reset(): void {
    this.generation++;
    this.queue = [];
    this.delivered.clear();
    this.log.length = 0;
    this.paused = false;
    this.mode = { duplicate: 1, shuffle: false, delayMs: 0, concurrency: 1 };
    this.random = seededRandom(1);
    this.abortInFlight();
    this.notifyIfIdle();
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.abortInFlight();
    this.agent.http.destroy();
    this.agent.https.destroy();
    this.notifyIfIdle();
  }

  private abortInFlight(): void {
    for (const request of this.requests) request.destroy();
    this.requests.clear();
    this.active = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private firstDelay(): number {
    return this.mode.delayMs + (this.mode.shuffle ? this.random() * SHUFFLE_JITTER_MS : 0);
  }

  /** The queue stays sorted by due time (then arrival), so the next one is at the front. */
  private push(eventId: string, attempt: number, delayMs: number): void {
    const delivery = { seq: this.seq++, eventId, attempt, dueAt: Date.now() + delayMs };
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.queue[mid].dueAt <= delivery.dueAt) low = mid + 1;
      else high = mid;
    }
    this.queue.splice(low, 0, delivery);
  }

  /** How many deliveries at the front of the queue are due. */
  private dueCount(now: number): number {
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.queue[mid].dueAt <= now) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.active === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.paused || !this.endpoint) return;
    const now = Date.now();
    while (this.active < this.mode.concurrency) {
      const due = this.dueCount(now);
      if (due === 0) break;
      const index = this.mode.shuffle ? Math.floor(this.random() * due) : 0;
      const [next] = this.queue.splice(index, 1);
      void this.send(next, this.endpoint);
    }
    if (this.active < this.mode.concurrency && this.queue.length > 0) {
      const wait = Math.max(0, this.queue[0].dueAt - now);
      this.timer = setTimeout(() => this.pump(), wait);
      this.timer.unref();
    }
    this.notifyIfIdle();
  }

  private async send(
    delivery: QueuedDelivery,
    endpoint: { url: URL; secret: string },
  ): Promise<void> {
    const event = this.getEvent(delivery.eventId);
    if (!event) return;
    const generation = this.generation;
    this.active++;
    const payload = JSON.stringify(event, null, 2);
    const started = Date.now();
    let status = 0;
    let error: string | undefined;
    try {
      status = await this.post(endpoint.url, payload, signPayload(payload, endpoint.secret));
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (generation !== this.generation || this.stopped) return;
    this.active--;
    const ok = status >= 200 && status < 300;
    const willRetry = !ok && delivery.attempt < this.options.maxAttempts;
    this.record({
      eventId: event.id,
      type: event.type,
      attempt: delivery.attempt,
      status,
      ok,
      ...(error ? { error } : !ok ? { error: `endpoint answered ${status}` } : {}),
      ...(!ok && !willRetry ? { gaveUp: true } : {}),
      durationMs: Date.now() - started,
      at: Date.now(),
    });
    if (ok && !this.delivered.has(event.id)) {
      this.delivered.add(event.id);
      event.pending_webhooks = 0;
    }
    if (willRetry) {
      const backoff = Math.min(
        this.options.maxDelayMs,
        this.options.baseDelayMs * 2 ** (delivery.attempt - 1),
      );
      this.push(event.id, delivery.attempt + 1, backoff);
    }
    this.pump();
  }

  private record(entry: DeliveryRecord): void {
    if (this.log.length >= MAX_LOG) this.log.shift();
    this.log.push(entry);
  }

  private post(url: URL, payload: string, signature: string): Promise<number> {
    const secure = url.protocol === "https:";
    const client = secure ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: "POST",
          agent: secure ? this.agent.https : this.agent.http,
          timeout: this.options.timeoutMs,
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Length": Buffer.byteLength(payload),
            "Stripe-Signature": signature,
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) emulator",
            "Cache-Control": "no-cache",
            Accept: "*/*; q=0.5, application/xml",
          },
        },
        (response) => {
          // The body is not used, but must be read for the socket to be reused.
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
      );
      this.requests.add(request);
      request.on("close", () => this.requests.delete(request));
      request.on("timeout", () =>
        request.destroy(new Error(`timed out after ${this.options.timeoutMs} ms`)),
      );
      request.on("error", reject);
      request.end(payload);
    });
  }
}
