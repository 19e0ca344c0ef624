// The import boundaries of eslint.config.js (README, architecture): each rule reports a
// deliberate bad import in a file of the folder it guards, and lets a good one through.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, {
    filePath: path.join(root, file),
  });
  return result.messages
    .filter(
      (m) =>
        m.ruleId === "no-restricted-imports" ||
        m.ruleId === "@typescript-eslint/no-restricted-imports" ||
        m.ruleId === "no-restricted-syntax",
    )
    .map((m) => m.message);
}

describe("import boundaries", () => {
  it.each([
    ["app/lib/boundary-probe.ts", 'import "~/models/audit.server";', "lib is pure"],
    ["app/lib/boundary-probe.ts", 'import "~/utils/db.server";', "lib is pure"],
    ["app/lib/boundary-probe.ts", 'import "~/services/stripe.server";', "lib is pure"],
    [
      "app/models/boundary-probe.server.ts",
      'import "~/workers/charge-worker.server";',
      "only the CLI",
    ],
    ["app/models/boundary-probe.server.ts", 'import "../routes/code";', "nothing imports a route"],
    ["app/workers/boundary-probe.server.ts", 'import "~/routes/code";', "nothing imports a route"],
    ["app/models/boundary-probe.server.ts", 'import "~/demo/seed.server";', "Demo-only code"],
    [
      "app/models/boundary-probe.server.ts",
      'await import("~/demo/seed.server");',
      "Demo-only code",
    ],
    ["app/routes/boundary-probe.tsx", 'import "@portal/stripe-emulator";', "Stripe emulator"],
    [
      "app/components/creditor/boundary-probe.tsx",
      'import { INVITE_DAYS } from "~/models/creditor-auth.server"; void INVITE_DAYS;',
      "components run in the browser",
    ],
    ["db/boundary-probe.ts", 'await import("@portal/stripe-emulator");', "Stripe emulator"],
    [
      "packages/stripe-emulator/src/boundary-probe.ts",
      'import "../../../app/lib/money";',
      "imports nothing from the portal",
    ],
  ])("%s may not: %s", async (file, source, message) => {
    const messages = await restricted(file, source);
    expect(messages.join("\n")).toContain(message);
  });

  it.each([
    ["app/lib/boundary-probe.ts", 'import "./money";'],
    [
      "app/models/boundary-probe.server.ts",
      'import "~/lib/money"; import "./audit.server"; import "~/services/stripe.server";',
    ],
    ["app/workers/boundary-probe.server.ts", 'import "~/models/audit.server";'],
    ["app/cli/boundary-probe.server.ts", 'import "~/workers/charge-worker.server";'],
    [
      "app/components/creditor/boundary-probe.tsx",
      'import type { listTeam } from "~/models/creditor-auth.server"; import "~/lib/money";',
    ],
  ])("%s may: %s", async (file, source) => {
    expect(await restricted(file, source)).toEqual([]);
  });
});
