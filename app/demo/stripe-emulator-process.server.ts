// Demo mode without STRIPE_SECRET_KEY: the Stripe emulator (packages/stripe-emulator) as a
// separate server process. The app imports nothing from it: it runs the package's bin, and
// stripe-node reaches it over HTTP like any Stripe (docs/decisions/0014).
//
// The child never outlives this process: it is stopped with SIGTERM on shutdown, killed on
// exit, and exits by itself when its IPC channel closes (this process died, even by SIGKILL).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type EmulatorProcess = {
  /** Base URL, e.g. http://127.0.0.1:43117 */
  url: string;
  /** Where the emulator POSTs its signed events (the app's /webhooks/stripe). */
  setWebhookEndpoint(url: string): Promise<void>;
  stop(): Promise<void>;
};

export type EmulatorProcessOptions = {
  /** 0 picks a free port. */
  port: number;
  webhookSecret: string;
  displayName: string;
  bankSettlementDelayMs: number;
  /** How long to wait for it to listen. */
  readyTimeoutMs?: number;
};

/** The package's bin, found the way Node finds the package (the npm workspace link). */
function emulatorBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@portal/stripe-emulator/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin: Record<string, string>;
  };
  return path.resolve(path.dirname(manifestPath), manifest.bin["stripe-emulator"]);
}

export async function startEmulatorProcess(
  options: EmulatorProcessOptions,
): Promise<EmulatorProcess> {
  const bin = emulatorBin();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      bin,
      "--port",
      String(options.port),
      "--host",
      "127.0.0.1",
      "--display-name",
      options.displayName,
      "--bank-settlement-delay-ms",
      String(options.bankSettlementDelayMs),
    ],
    {
      cwd: path.dirname(path.dirname(bin)),
      // Only what it needs: none of the app's secrets or database settings.
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "",
        ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
        STRIPE_WEBHOOK_SECRET: options.webhookSecret,
      },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    },
  );
  // Whatever ends this process (process.exit, an uncaught error), the emulator goes with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  let url: string;
  try {
    url = await waitForListening(child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill("SIGKILL");
    process.off("exit", killOnExit);
    throw error;
  }
  // The IPC channel stays open (it is how the child knows this process is alive), but it
  // must not keep this process's event loop running on its own.
  child.channel?.unref();
  child.unref();

  let stopped: Promise<void> | undefined;
  // Payments cannot work without it: say so instead of failing quietly at the next checkout.
  child.once("exit", (code, signal) => {
    if (!stopped)
      console.error(
        `Stripe emulator exited unexpectedly (${signal ?? `code ${code}`}): demo payments will fail until the portal restarts.`,
      );
  });
  return {
    url,
    async setWebhookEndpoint(endpoint) {
      const response = await fetch(`${url}/_emulator/set-webhook-endpoint`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: endpoint }),
      });
      if (!response.ok)
        throw new Error(
          `Stripe emulator: setting the webhook endpoint answered ${response.status}`,
        );
    },
    stop() {
      stopped ??= stopChild(child).finally(() => process.off("exit", killOnExit));
      return stopped;
    },
  };
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`Stripe emulator did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      const listening = (message as { listening?: unknown } | null)?.listening;
      if (typeof listening === "string") done(null, listening);
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`Stripe emulator exited before listening (${signal ?? `code ${code}`})`));
    const onError = (error: Error) => done(error);
    function done(error: Error | null, url?: string) {
      clearTimeout(timer);
      child.off("message", onMessage).off("exit", onExit).off("error", onError);
      if (error) reject(error);
      else resolve(url!);
    }
    child.on("message", onMessage).once("exit", onExit).once("error", onError);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
