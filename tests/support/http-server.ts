// The real web server for tests that must go through HTTP: the production build
// (build/index.js, made by `npm run build`; tests/run.mjs builds before vitest) behind the
// same Express pipeline `npm start` serves (app/server/web-app.server.ts), listening on a
// free port of 127.0.0.1, on the test file's own database (tests/support/db.ts), with the
// Stripe emulator's webhooks pointed at the server's own /webhooks/stripe.
//
//   const database = await createTestDatabase();
//   const server = await startHttpServer();
//   const res = await fetch(`${server.url}/code`, { method: "POST", … });
//   server.logs  // every JSON line the app logged while the server ran
//   await server.stop();
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startStripeEmulator, type StripeEmulator } from "@portal/stripe-emulator";
import { checkoutOrigin, configureStripe } from "../../app/services/stripe.server";
import { createWebApp, listen } from "../../app/server/web-app.server";
import { getEnv, resetEnvForTests } from "../../app/utils/env.server";

const BUILD_ENTRY = path.resolve(import.meta.dirname, "../../build/index.js");

export type LogLine = { level: string; msg: string; [field: string]: unknown };

export type HttpServer = {
  url: string;
  port: number;
  server: http.Server;
  emulator: StripeEmulator;
  /** Every line the app logged (stdout and stderr) since the server started, parsed. */
  logs: LogLine[];
  /** The raw text the process wrote while the server ran (for scans of everything). */
  output(): string;
  stop(): Promise<void>;
};

export type HttpServerOptions = {
  /** Environment for this server (e.g. { TRUST_PROXY: "1" }); restored on stop. */
  env?: Record<string, string | undefined>;
  /** Webhook secret shared by the emulator and the app. */
  webhookSecret?: string;
};

let build: ServerBuild | undefined;

export async function loadBuild(): Promise<ServerBuild> {
  if (build) return build;
  if (!fs.existsSync(BUILD_ENTRY)) {
    throw new Error(
      `No production build at ${BUILD_ENTRY}: run \`npm run build\` first (npm test builds before vitest).`,
    );
  }
  build = (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild;
  return build;
}

export async function startHttpServer(options: HttpServerOptions = {}): Promise<HttpServer> {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(options.env ?? {})) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
  const env = getEnv();
  const serverBuild = await loadBuild();

  const webhookSecret = options.webhookSecret ?? "whsec_http_server";
  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret,
    webhookRetry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200 },
  });
  configureStripe({ emulatorUrl: emulator.url, webhookSecret, maxNetworkRetries: 0 });

  const capture = captureOutput();
  const app = createWebApp({ env, build: serverBuild, paymentOrigins: () => [checkoutOrigin()] });
  const { server, port } = await listen(app, 0, "127.0.0.1", env);
  const url = `http://127.0.0.1:${port}`;
  emulator.controls.setWebhookEndpoint(`${url}/webhooks/stripe`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    server,
    emulator,
    logs: capture.lines,
    output: () => capture.text.join(""),
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await emulator.stop();
        capture.restore();
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
        resetEnvForTests();
      })();
      return stopped;
    },
  };
}

/** Tees process.stdout/stderr: the app's JSON log lines are parsed into `lines`. */
function captureOutput() {
  const lines: LogLine[] = [];
  const text: string[] = [];
  const originals = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const tee =
    (original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      const s =
        typeof chunk === "string"
          ? chunk
          : Buffer.isBuffer(chunk)
            ? chunk.toString("utf8")
            : String(chunk);
      text.push(s);
      for (const line of s.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          lines.push(JSON.parse(line) as LogLine);
        } catch {
          /* not one of ours */
        }
      }
      return (original as (chunk: unknown, ...rest: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tee(originals.out) as typeof process.stdout.write;
  process.stderr.write = tee(originals.err) as typeof process.stderr.write;
  return {
    lines,
    text,
    restore() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

export type RawAnswer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes written before the answer came (or before the connection closed). */
  sent: number;
  /** Whether the server sent `100 Continue` (only with `Expect: 100-continue`). */
  continued: boolean;
  /** A socket error after the answer (the server closed an unfinished upload): expected. */
  error?: string;
};

/**
 * Sends a body of `total` bytes in `chunkSize` pieces as fast as the socket takes them
 * (chunked unless `headers` has a Content-Length, which may lie), and stops writing as
 * soon as an answer arrives: so `sent` shows how much the server let in before it answered.
 * `total: Infinity` with `pauseMs` is a body that never ends.
 */
export function sendBody(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    total: number;
    chunkSize?: number;
    fill?: string;
    pauseMs?: number;
    expectContinue?: boolean;
  },
): Promise<RawAnswer> {
  const chunk = Buffer.alloc(options.chunkSize ?? 64 * 1024, options.fill ?? "a");
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let continued = false;
    let finished = false;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.expectContinue) headers.expect = "100-continue";
    const req = http.request(url, { method: options.method ?? "POST", headers, agent: false });
    const done = (answer: RawAnswer) => {
      if (finished) return;
      finished = true;
      req.destroy();
      resolve(answer);
    };
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      const end = (error?: string) =>
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString("utf8"),
          sent,
          continued,
          error,
        });
      res.on("end", () => end());
      res.on("error", (e) => end(e.message));
      res.on("close", () => end("closed"));
    });
    req.on("error", (error) => {
      if (!answered) reject(Object.assign(error, { sent }));
    });
    const write = async () => {
      while (sent < options.total && !answered && !req.destroyed) {
        const piece =
          options.total - sent < chunk.length ? chunk.subarray(0, options.total - sent) : chunk;
        sent += piece.length;
        if (!req.write(piece)) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              req.off("drain", wake).off("close", wake).off("response", wake);
              resolve();
            };
            req.on("drain", wake).on("close", wake).on("response", wake);
          });
        }
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      }
      if (!answered && !req.destroyed) req.end();
    };
    if (options.expectContinue) {
      req.on("continue", () => {
        continued = true;
        void write();
      });
      req.flushHeaders();
    } else {
      void write();
    }
  });
}

/** The words a person sees on a page (not the scripts, which carry the whole catalogue). */
export async function visibleText(response: Response): Promise<string> {
  return (await response.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");
}

/**
 * Starts the account's Checkout as the portal does and pays it on the emulator's page with
 * the test card; returns the path of the portal page Stripe sends the person back to.
 */
export async function payOnEmulator(
  server: HttpServer,
  debtor: { debtorId: string; accountId: string },
): Promise<string> {
  const { startCheckout } = await import("../../app/models/payments.server");
  const start = await startCheckout({
    debtorId: debtor.debtorId,
    accountId: debtor.accountId,
    appUrl: "http://app.test",
    lang: "en",
  });
  if (!start || !start.ok) throw new Error(`checkout did not start: ${JSON.stringify(start)}`);
  const id = start.url.split("/").pop()!;
  const done = server.emulator.controls.completeCheckoutSession(id, { card: "4242424242424242" });
  if (done.outcome !== "completed") throw new Error(`checkout not completed: ${done.outcome}`);
  const url = new URL((done as { redirectUrl: string }).redirectUrl);
  return `${url.pathname}${url.search}`;
}
