// The emulator as a standalone server (bin/stripe-emulator.ts): `stripe-emulator [flags]` (or `npm start -w
// @portal/stripe-emulator`). Every setting is a flag or an environment variable; the flag
// wins. The webhook secret is read from the environment only, so it never shows in `ps`.
//
// Once listening it prints one JSON line on stdout, {"listening":"http://127.0.0.1:PORT"},
// and, when started with an IPC channel (child_process.fork or spawn with "ipc"), sends the
// same object to the parent; it then exits when that channel closes, so a parent that dies
// (even by SIGKILL) never leaves it behind. SIGTERM and SIGINT stop it cleanly.
import { parseArgs } from "node:util";
import { startStripeEmulator, type StripeEmulatorOptions } from "./index";

const USAGE = `Usage: stripe-emulator [flags]   (secrets from the environment only)

  --port <n>                     STRIPE_EMULATOR_PORT                 0 (any free port)
  --host <addr>                  STRIPE_EMULATOR_HOST                 127.0.0.1
  --webhook-url <url>            STRIPE_EMULATOR_WEBHOOK_URL          none (set later with
                                                                      POST /_emulator/set-webhook-endpoint)
                                 STRIPE_WEBHOOK_SECRET                required: signs webhooks
  --api-key <key>                STRIPE_SECRET_KEY                    any sk_test_… key accepted
  --public-url <url>             STRIPE_EMULATOR_PUBLIC_URL           http://host:port
  --display-name <name>          STRIPE_EMULATOR_DISPLAY_NAME         "Debt portal (test)"
  --bank-settlement-delay-ms <n> STRIPE_EMULATOR_BANK_SETTLEMENT_MS   4 business days on the clock
`;

export class UsageError extends Error {}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, not "${value}"`);
  return Number(value);
}

/** Flags and environment to emulator options; throws UsageError with a clear message. */
export function parseCliOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): StripeEmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "webhook-url": { type: "string" },
      "api-key": { type: "string" },
      "public-url": { type: "string" },
      "display-name": { type: "string" },
      "bank-settlement-delay-ms": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) throw new UsageError("");
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? "";
  if (!webhookSecret)
    throw new UsageError("STRIPE_WEBHOOK_SECRET is required (the secret that signs webhooks)");
  const port = integer("--port", values.port ?? env.STRIPE_EMULATOR_PORT) ?? 0;
  if (port > 65_535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  return {
    port,
    host: values.host ?? env.STRIPE_EMULATOR_HOST ?? "127.0.0.1",
    webhookUrl: values["webhook-url"] ?? env.STRIPE_EMULATOR_WEBHOOK_URL ?? undefined,
    webhookSecret,
    apiKey: values["api-key"] ?? env.STRIPE_SECRET_KEY ?? undefined,
    publicUrl: values["public-url"] ?? env.STRIPE_EMULATOR_PUBLIC_URL ?? undefined,
    displayName: values["display-name"] ?? env.STRIPE_EMULATOR_DISPLAY_NAME ?? undefined,
    bankSettlementDelayMs: integer(
      "--bank-settlement-delay-ms",
      values["bank-settlement-delay-ms"] ?? env.STRIPE_EMULATOR_BANK_SETTLEMENT_MS,
    ),
  };
}

/** Starts the server from flags and environment; see the comment at the top. */
export async function runCli(): Promise<void> {
  let options: StripeEmulatorOptions;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    if (error.message) console.error(`stripe-emulator: ${error.message}\n`);
    console.error(USAGE);
    process.exit(error.message ? 2 : 0);
  }
  const emulator = await startStripeEmulator(options);
  const ready = { listening: emulator.url };
  process.stdout.write(`${JSON.stringify(ready)}\n`);

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().finally(() => process.exit(code));
  };
  process.once("SIGTERM", () => stop(0));
  process.once("SIGINT", () => stop(0));
  if (process.send) {
    process.send(ready);
    // The parent is gone (exited, crashed or killed): nobody can use this emulator any more.
    process.once("disconnect", () => stop(0));
  }
}
