// The body-cap check of `npm run test:load` (issue #16 "Done when"): 10 concurrent 100 MB
// POSTs to /code, each refused with 413 within 1 s, the server process's RSS growing by
// less than 50 MB. Two rounds: with Content-Length (refused from the headers) and chunked
// (counted as it streams: refused once 64 KB have passed). Each client writes as fast as
// the socket takes it and stops when the answer arrives; RSS is read from /proc every 20 ms.
import fs from "node:fs";
import http from "node:http";

const MB = 1024 * 1024;
export const BODY_POSTS = 10;
export const BODY_BYTES = 100 * MB;

export type BodyRound = {
  kind: "content-length" | "chunked";
  statuses: Record<string, number>;
  /** Milliseconds from the first byte sent to the answer's status line, per request. */
  answeredMs: number[];
  /** Body bytes the clients had written when their answers came. */
  sentMb: number[];
  rssBeforeMb: number;
  rssPeakMb: number;
};

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function post(
  port: number,
  declared: boolean,
): Promise<{ status: number; ms: number; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      "x-load-check": "bodies",
    };
    if (declared) headers["content-length"] = String(BODY_BYTES);
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: "/code",
      method: "POST",
      headers,
      agent: false,
    });
    const finish = (status: number) => {
      if (answered) return;
      answered = true;
      const ms = performance.now() - started;
      req.destroy();
      resolve({ status, ms, sent });
    };
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on("error", () => finish(0));
    const write = () => {
      while (!answered && sent < BODY_BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

export async function bigBodyRound(
  port: number,
  pid: number,
  kind: BodyRound["kind"],
): Promise<BodyRound> {
  const rssBeforeMb = rssMb(pid);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => {
    try {
      rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
    } catch {
      /* the process is gone: the check fails on its statuses */
    }
  }, 20);
  const results = await Promise.all(
    Array.from({ length: BODY_POSTS }, () => post(port, kind === "content-length")),
  );
  // Whatever the server still holds shows up just after the answers: sample a moment more.
  await new Promise((r) => setTimeout(r, 1_500));
  clearInterval(sampler);
  rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return {
    kind,
    statuses,
    answeredMs: results.map((r) => r.ms),
    sentMb: results.map((r) => r.sent / MB),
    rssBeforeMb,
    rssPeakMb,
  };
}

export function describeRound(round: BodyRound): { ok: boolean; detail: string } {
  const slowest = Math.max(...round.answeredMs);
  const growth = round.rssPeakMb - round.rssBeforeMb;
  const ok = round.statuses["413"] === BODY_POSTS && slowest < 1_000 && growth < 50;
  const detail =
    `${round.kind}: statuses ${JSON.stringify(round.statuses)}; answered in ${Math.min(...round.answeredMs).toFixed(0)}–${slowest.toFixed(0)} ms ` +
    `(bar < 1,000 ms each); clients had sent ${Math.min(...round.sentMb).toFixed(1)}–${Math.max(...round.sentMb).toFixed(1)} MB of 100 when answered; ` +
    `server RSS ${round.rssBeforeMb.toFixed(0)} → peak ${round.rssPeakMb.toFixed(0)} MB (+${growth.toFixed(1)} MB, bar < 50)`;
  return { ok, detail };
}
