import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const clean = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !/^(DATABASE_URL|TEST_DATABASE_URL|STRIPE_|SMTP_|TWILIO_|DEMO|NODE_ENV|APP_URL|SECRET_PEPPER)/.test(
        k,
      ),
  ),
);

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...clean, ...env } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("start-up", () => {
  it(
    "a production start without secrets fails and names what is missing",
    { timeout: 120_000 },
    () => {
      const result = run(["app/server/main.server.ts"], { NODE_ENV: "production", PORT: "0" });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("Refusing to start in production without:");
      for (const name of [
        "APP_URL",
        "DATABASE_URL",
        "SECRET_PEPPER",
        "STRIPE_SECRET_KEY",
        "SMTP_URL",
        "TWILIO_AUTH_TOKEN",
      ]) {
        expect(result.stderr).toContain(name);
      }
    },
  );

  it("the CLI mints a fresh link for an account reference", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cli-"));
    try {
      const env = { PGLITE_DIR: path.join(dir, "db"), LOG_LEVEL: "silent" };
      expect(run(["app/cli/portal.server.ts", "seed"], env).status).toBe(0);
      const minted = run(["app/cli/portal.server.ts", "link", "BSD-100245"], env);
      expect(minted.status).toBe(0);
      expect(minted.stdout).toMatch(/Link: +http:\/\/localhost:3000\/l\/[A-Za-z0-9_-]{27}\n/);
      expect(minted.stdout).toMatch(/Code: +[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/);
      const missing = run(["app/cli/portal.server.ts", "link", "NO-SUCH-REF"], env);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain("No account with reference NO-SUCH-REF");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000); // three processes, each opening an embedded database: slow on a busy machine
});
