// `npm run test:stripe`: the Stripe conformance suite (packages/stripe-emulator/test/stripe-conformance.test.ts)
// against Stripe's own test mode, to check that the emulator's rules are Stripe's. It needs
// STRIPE_SECRET_KEY set to a test-mode key (sk_test_…); without one it says so and exits 0.
// Tests that need the emulator's clock or controls are skipped there, each listed with why.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const key = process.env.STRIPE_SECRET_KEY ?? "";

if (!key) {
  console.log(
    "test:stripe skipped: STRIPE_SECRET_KEY is not set, so nothing was run against Stripe.\n" +
      "  To check the emulator against Stripe's test mode: STRIPE_SECRET_KEY=sk_test_… npm run test:stripe\n" +
      "  (npm test runs the same suite against the local emulator.)",
  );
  process.exit(0);
}
if (!key.startsWith("sk_test_")) {
  console.error(
    "test:stripe refused: STRIPE_SECRET_KEY is not a test-mode secret key (sk_test_…). Nothing was sent to Stripe.",
  );
  process.exit(1);
}

console.log(
  "test:stripe: running packages/stripe-emulator/test/stripe-conformance.test.ts against Stripe's test mode.\n" +
    "  It creates customers, payments, refunds and disputes in that test account. Tests that need the\n" +
    "  emulator's clock or controls are skipped, each named with the reason.\n",
);
const result = spawnSync(
  path.join(root, "node_modules/.bin/vitest"),
  [
    "run",
    "packages/stripe-emulator/test/stripe-conformance.test.ts",
    "--reporter=verbose",
    "--testTimeout=180000",
    "--maxWorkers=1",
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, STRIPE_CONFORMANCE_TARGET: "stripe" } },
);
process.exit(result.status ?? 1);
