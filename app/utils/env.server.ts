// One validated view of the environment. Demo mode needs nothing set; production refuses
// to start without real secrets and names the missing ones.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DEMO: z.enum(["0", "1"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  APP_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().default("data/pglite"),
  SECRET_PEPPER: z.string().min(32).optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_BASE_URL: z.string().optional(),
  RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().default(1),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(15),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
});

export type Env = z.infer<typeof schema> & {
  demo: boolean;
  production: boolean;
  appUrl: string;
  pepper: string;
  secureCookies: boolean;
};

/** What production needs before it may start: no fallback secrets there. */
export const PRODUCTION_REQUIRED = [
  "APP_URL",
  "DATABASE_URL",
  "SECRET_PEPPER",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "SMTP_URL",
  "MAIL_FROM",
  "TWILIO_ACCOUNT_SID",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_FROM",
] as const;

// Demo and tests use a fixed, public pepper: demo data is fake by definition.
const DEMO_PEPPER = "demo-pepper-not-secret-do-not-use-in-production";

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  const demo = env.DEMO === "1" || !production;
  if (production && !demo) {
    const missing = PRODUCTION_REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new EnvError(
        `Refusing to start in production without: ${missing.join(", ")}.\n` +
          `Set them (see README, "Going to production"), or set DEMO=1 for a demo with fake data.`,
      );
    }
    if (env.STRIPE_SECRET_KEY?.startsWith("sk_test_emulator")) {
      throw new EnvError("STRIPE_SECRET_KEY is the emulator's key; use a real Stripe key.");
    }
  }
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return {
    ...env,
    demo,
    production,
    appUrl,
    pepper: env.SECRET_PEPPER ?? DEMO_PEPPER,
    secureCookies: appUrl.startsWith("https://"),
  };
}

// On globalThis, like the database handle: the server entry and the Remix server bundle
// each have a copy of this module, and a test that changes process.env resets both.
const KEY = Symbol.for("debtor-portal.env");
type Holder = { [KEY]?: Env };

export function getEnv(): Env {
  const holder = globalThis as Holder;
  holder[KEY] ??= parseEnv(process.env);
  return holder[KEY];
}

/** For tests: forget the cached env after changing process.env. */
export function resetEnvForTests() {
  (globalThis as Holder)[KEY] = undefined;
}
