// A small closed-loop HTTP load generator: `concurrency` workers on keep-alive sockets,
// each sending its next request as soon as the last one ends. Every latency is kept, so
// percentiles are exact (sorted), not estimated from a histogram.
import http from "node:http";

export type Target = { path: string; headers?: Record<string, string>; tag?: string };

export type LoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  byTag: Record<string, { requests: number; statuses: Record<string, number> }>;
  /** Requests per second, bucketed by second from the start (for recovery timelines). */
  timeline: { second: number; ok: number; failed: number }[];
};

export function percentile(sorted: Float64Array | number[], p: number) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export async function runLoad(options: {
  port: number;
  concurrency: number;
  durationMs: number;
  /** Requests before this are sent but not counted (JIT, caches, session touches). */
  warmupMs?: number;
  next: (worker: number, n: number) => Target;
  requestTimeoutMs?: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.concurrency,
    maxFreeSockets: options.concurrency,
  });
  const warmup = options.warmupMs ?? 0;
  const start = performance.now();
  const measureFrom = start + warmup;
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const byTag: LoadResult["byTag"] = {};
  const timeline: LoadResult["timeline"] = [];
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);

  function once(target: Target): Promise<{ status: number | null; error?: string }> {
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: options.port,
          path: target.path,
          method: "GET",
          agent,
          headers: { "accept-encoding": "gzip", accept: "text/html", ...target.headers },
          timeout: options.requestTimeoutMs ?? 15_000,
        },
        (res) => {
          res.on("data", () => {});
          res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
          res.on("error", (e) =>
            resolve({ status: null, error: (e as NodeJS.ErrnoException).code ?? e.message }),
          );
        },
      );
      req.on("timeout", () =>
        req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })),
      );
      req.on("error", (e) =>
        resolve({ status: null, error: (e as NodeJS.ErrnoException).code ?? e.message }),
      );
      req.end();
    });
  }

  async function worker(id: number) {
    let n = 0;
    while (performance.now() < end) {
      const target = options.next(id, n++);
      const t0 = performance.now();
      const { status, error } = await once(target);
      const t1 = performance.now();
      if (t0 < measureFrom) continue;
      if (t1 > end + 1) {
        // Finished after the window: counted for correctness, not for speed.
      } else {
        latencies.push(t1 - t0);
      }
      const key = status === null ? "error" : String(status);
      bump(statuses, key);
      if (error) bump(errors, error);
      const tag = target.tag ?? "all";
      byTag[tag] ??= { requests: 0, statuses: {} };
      byTag[tag].requests++;
      bump(byTag[tag].statuses, key);
      const second = Math.floor((t1 - measureFrom) / 1000);
      timeline[second] ??= { second, ok: 0, failed: 0 };
      if (status !== null && status < 500) timeline[second].ok++;
      else timeline[second].failed++;
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const seconds = options.durationMs / 1000;
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    statuses,
    errors,
    byTag,
    timeline: Array.from(timeline, (t, i) => t ?? { second: i, ok: 0, failed: 0 }),
  };
}

/**
 * Open loop: requests start at a fixed rate whatever the server does (a closed loop's
 * latency is only concurrency ÷ throughput). Each latency is measured from the moment
 * the request was due, so a stalled server cannot hide its queue (no coordinated
 * omission).
 */
export async function runOpenLoop(options: {
  port: number;
  ratePerSecond: number;
  durationMs: number;
  warmupMs?: number;
  next: (n: number) => Target;
  requestTimeoutMs?: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1_000 });
  const gap = 1000 / options.ratePerSecond;
  const warmup = options.warmupMs ?? 0;
  const total = Math.floor((warmup + options.durationMs) / gap);
  const start = performance.now();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = start + n * gap;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const target = options.next(n);
    const measured = due >= start + warmup;
    inFlight.push(
      new Promise<void>((resolve) => {
        const done = (status: number | null, error?: string) => {
          if (measured) {
            latencies.push(performance.now() - due);
            bump(statuses, status === null ? "error" : String(status));
            if (error) bump(errors, error);
          }
          resolve();
        };
        const req = http.request(
          {
            host: "127.0.0.1",
            port: options.port,
            path: target.path,
            method: "GET",
            agent,
            headers: { "accept-encoding": "gzip", accept: "text/html", ...target.headers },
            timeout: options.requestTimeoutMs ?? 15_000,
          },
          (res) => {
            res.on("data", () => {});
            res.on("end", () => done(res.statusCode ?? 0));
            res.on("error", (e) => done(null, (e as NodeJS.ErrnoException).code ?? e.message));
          },
        );
        req.on("timeout", () =>
          req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })),
        );
        req.on("error", (e) => done(null, (e as NodeJS.ErrnoException).code ?? e.message));
        req.end();
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const seconds = options.durationMs / 1000;
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    statuses,
    errors,
    byTag: {},
    timeline: [],
  };
}
