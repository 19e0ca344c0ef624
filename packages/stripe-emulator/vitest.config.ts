// `npm test -w @portal/stripe-emulator`: the package's tests on their own. The root
// `npm test` runs the same files with the root config (its include has packages/*/test).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
