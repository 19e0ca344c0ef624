// A charge worker process for tests/integration/worker-crash.test.ts. It loads every
// module of the real worker (`app/cli/worker.server.ts`), says "ready", waits for "go" on
// stdin, then runs that very CLI (its argv, e.g. --once, is ours). Until "go" it has opened
// no database connection and made no Stripe call: a fresh worker, only without the cold
// start, which takes seconds on a busy 2-core machine. Exits if stdin closes first.
//   node --import tsx tests/support/worker-child.ts --once
import readline from "node:readline";

await Promise.all([
  import("../../app/services/stripe.server"),
  import("../../app/workers/charge-worker.server"),
  import("../../app/workers/outbox-worker.server"),
  import("../../app/models/outbox.server"),
  import("../../app/server/startup.server"),
  import("../../app/utils/env.server"),
  import("../../app/utils/log.server"),
]);
process.stdout.write("ready\n");

const go = await new Promise<boolean>((resolve) => {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() === "go") {
      resolve(true); // before close(), which emits "close" at once
      lines.close();
    }
  });
  lines.on("close", () => resolve(false));
});
if (!go) process.exit(1);
await import("../../app/cli/worker.server");
