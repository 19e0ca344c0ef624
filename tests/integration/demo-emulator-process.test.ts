// The demo's Stripe emulator as a separate process (app/demo/stripe-emulator-process.server.ts):
// reached over HTTP only, and never left running: not after stop(), not after its parent
// was killed with SIGKILL.
import { spawn } from "node:child_process";
import path from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { startEmulatorProcess } from "../../app/demo/stripe-emulator-process.server";

const ROOT = path.resolve(import.meta.dirname, "../..");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The emulator processes (pids) whose parent is `parent`. */
async function emulatorChildren(parent: number): Promise<number[]> {
  const { readdir, readFile } = await import("node:fs/promises");
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === parent && cmdline.includes("stripe-emulator.ts")) pids.push(Number(entry));
  }
  return pids;
}

describe("the demo's emulator process", () => {
  it("serves stripe-node over HTTP and is gone after stop()", async () => {
    const emulator = await startEmulatorProcess({
      port: 0,
      webhookSecret: "whsec_demo_test",
      displayName: "Demo test",
      bankSettlementDelayMs: 5_000,
    });
    const [pid] = await emulatorChildren(process.pid);
    expect(pid).toBeGreaterThan(0);
    const stripe = new Stripe("sk_test_emulator", {
      host: "127.0.0.1",
      port: Number(new URL(emulator.url).port),
      protocol: "http",
    });
    expect((await stripe.customers.create({ email: "demo@example.com" })).id).toMatch(/^cus_/);
    await emulator.setWebhookEndpoint("http://127.0.0.1:9/webhooks/stripe");
    await emulator.stop();
    expect(alive(pid)).toBe(false);
    await expect(stripe.customers.list({ limit: 1 })).rejects.toThrow();
  });

  it("stops when its parent is killed with SIGKILL", async () => {
    const script = `
      const { startEmulatorProcess } = await import(${JSON.stringify(path.join(ROOT, "app/demo/stripe-emulator-process.server.ts"))});
      const emulator = await startEmulatorProcess({ port: 0, webhookSecret: "whsec_demo_test", displayName: "Demo test", bankSettlementDelayMs: 5000 });
      console.log(emulator.url);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      parent.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      parent.once("exit", (code) => reject(new Error(`parent exited ${code}`)));
    });
    expect((await fetch(`${url}/_emulator/health`, { method: "POST" })).status).toBe(200);
    const [pid] = await emulatorChildren(parent.pid!);
    expect(pid).toBeGreaterThan(0);

    parent.kill("SIGKILL");
    await eventually(() => !alive(pid));
    await expect(fetch(`${url}/_emulator/health`, { method: "POST" })).rejects.toThrow();
  });
});
