import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    // The workspace packages' own tests run here too (packages/*/test).
    include: [
      "tests/unit/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
    ],
    environment: "node",
    // Each integration file opens its own database (PGlite or a fresh PostgreSQL DB);
    // two at a time fits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A file's set-up (a fresh database, migrations, the seed) took over 60 s at a load
    // average of 28 on the 2 cores (CI, 2026-12-07): a busy machine makes it slower, not red.
    hookTimeout: 180_000,
  },
});
