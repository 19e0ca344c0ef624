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
import type http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startStripeEmulator, type StripeEmulator } from "../../app/services/stripe-emulator/index.server";
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
    throw new Error(`No production build at ${BUILD_ENTRY}: run \`npm run build\` first (npm test builds before vitest).`);
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
  const emulator = await startStripeEmulator({ port: 0, webhookSecret, webhookRetry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200 } });
  configureStripe({ emulatorUrl: emulator.url, webhookSecret, maxNetworkRetries: 0 });

  const capture = captureOutput();
  const app = createWebApp({ env, build: serverBuild, paymentOrigins: () => [checkoutOrigin()] });
  const { server, port } = await listen(app, 0, "127.0.0.1");
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
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tee =
    (original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      const s = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk);
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
