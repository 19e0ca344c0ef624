// Chaos on demand: a seeded (reproducible) choice of which API requests fail and how,
// and an optional request-rate limit like Stripe's (25/s in test mode).
import type { FaultConfig, FaultKind } from "./types";

/** mulberry32: tiny, fast, good enough to spread faults evenly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "500_after" only when asked for: it is not a transient fault (its replay is a 500 too). */
const DEFAULT_KINDS: FaultKind[] = ["500", "timeout", "429"];
const ALL_KINDS: FaultKind[] = [...DEFAULT_KINDS, "500_after"];

export class FaultInjector {
  private config: Required<FaultConfig> | null = null;
  private random: () => number = Math.random;

  set(config: FaultConfig | null): void {
    if (!config || config.rate <= 0) {
      this.config = null;
      return;
    }
    if (!(config.rate <= 1)) throw new Error("fault rate must be between 0 and 1");
    const kinds = config.kinds && config.kinds.length > 0 ? config.kinds : DEFAULT_KINDS;
    for (const kind of kinds) {
      if (!ALL_KINDS.includes(kind)) throw new Error(`unknown fault kind: ${kind}`);
    }
    this.config = {
      rate: config.rate,
      kinds,
      seed: config.seed ?? 1,
      timeoutMs: config.timeoutMs ?? 30_000,
    };
    this.random = seededRandom(this.config.seed);
  }

  /** Decides the fate of the next API request (same seed → same sequence). */
  next(): FaultKind | null {
    const config = this.config;
    if (!config) return null;
    if (this.random() >= config.rate) return null;
    return config.kinds[Math.floor(this.random() * config.kinds.length)];
  }

  get timeoutMs(): number {
    return this.config?.timeoutMs ?? 30_000;
  }
}

/** Sliding one-second window. */
export class RateLimiter {
  private perSecond: number | null = null;
  private stamps: number[] = [];

  set(perSecond: number | null): void {
    if (perSecond !== null && !(perSecond > 0)) throw new Error("rate limit must be positive");
    this.perSecond = perSecond;
    this.stamps = [];
  }

  /** True when this request is over the limit. */
  exceeded(now = Date.now()): boolean {
    if (this.perSecond === null) return false;
    while (this.stamps.length > 0 && this.stamps[0] <= now - 1000) this.stamps.shift();
    if (this.stamps.length >= this.perSecond) return true;
    this.stamps.push(now);
    return false;
  }
}
