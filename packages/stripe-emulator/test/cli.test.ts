// The standalone server (bin/stripe-emulator.ts): settings from flags and environment,
// readiness on stdout and over IPC, and no process left behind by a parent that is gone.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { parseCliOptions, UsageError } from "../src/cli";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/stripe-emulator.ts");
const SECRET = "whsec_cli_test";
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function start(args: string[], env: Record<string, string> = { STRIPE_WEBHOOK_SECRET: SECRET }) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env } as Record<string, string> as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    child.once("message", (message: unknown) =>
      resolve((message as { listening: string }).listening),
    );
    child.once("exit", (code: number | null) =>
      reject(new Error(`exited ${code} before listening: ${stderr}`)),
    );
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code: number | null) => resolve(code)),
  );
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe("parseCliOptions", () => {
  it("reads flags first, then the environment, and the webhook secret from the environment only", () => {
    const env = {
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_EMULATOR_PORT: "4100",
      STRIPE_EMULATOR_DISPLAY_NAME: "From env",
    };
    expect(
      parseCliOptions(["--port", "4200", "--bank-settlement-delay-ms", "5000"], env),
    ).toMatchObject({
      port: 4200,
      host: "127.0.0.1",
      webhookSecret: SECRET,
      displayName: "From env",
      bankSettlementDelayMs: 5000,
    });
    expect(parseCliOptions([], env).port).toBe(4100);
    expect(parseCliOptions([], { STRIPE_WEBHOOK_SECRET: SECRET }).port).toBe(0);
  });

  it("refuses a missing secret, a port that is not a number, and unknown flags", () => {
    expect(() => parseCliOptions([], {})).toThrow(/STRIPE_WEBHOOK_SECRET is required/);
    expect(() => parseCliOptions(["--port", "80a"], { STRIPE_WEBHOOK_SECRET: SECRET })).toThrow(
      UsageError,
    );
    expect(() => parseCliOptions(["--port", "70000"], { STRIPE_WEBHOOK_SECRET: SECRET })).toThrow(
      /at most 65535/,
    );
    expect(() =>
      parseCliOptions(["--webhook-secret", "x"], { STRIPE_WEBHOOK_SECRET: SECRET }),
    ).toThrow(/Unknown option/);
  });
});

describe("the stripe-emulator process", () => {
  it("listens on a free port, says where on stdout and over IPC, serves stripe-node, and stops on SIGTERM", async () => {
    const server = start(["--port", "0", "--display-name", "CLI test"]);
    const url = await server.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(server.output().stdout.split("\n")[0])).toEqual({ listening: url });

    const stripe = new Stripe("sk_test_cli", {
      host: "127.0.0.1",
      port: Number(new URL(url).port),
      protocol: "http",
    });
    const customer = await stripe.customers.create({ email: "cli@example.com" });
    expect(customer.id).toMatch(/^cus_/);
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      success_url: "http://app.invalid/ok",
      line_items: [
        {
          quantity: 1,
          price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "Balance" } },
        },
      ],
    });
    const page = await fetch(session.url!);
    expect(await page.text()).toContain("CLI test");

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("exits by itself when its parent's IPC channel closes (the parent died)", async () => {
    const server = start([]);
    const url = await server.ready;
    server.child.disconnect();
    expect(await server.exited).toBe(0);
    await expect(fetch(`${url}/_emulator/health`, { method: "POST" })).rejects.toThrow();
  });

  it("refuses to start without a webhook secret, saying which setting is missing", async () => {
    const server = start([], {});
    await expect(server.ready).rejects.toThrow(/STRIPE_WEBHOOK_SECRET is required/);
    expect(await server.exited).toBe(2);
  });
});
