// One validated view of the environment. Demo mode needs nothing set; production refuses
// to start without real secrets and names the missing ones, and refuses settings that
// would be unsafe (an http:// APP_URL, a guessable pepper, a live Stripe key on demo data,
// a proxy setting that trusts every client's X-Forwarded-For).
import net from "node:net";
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
  TRUST_PROXY: z.string().trim().default("0"),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(20_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
});

/** Express's `trust proxy`: how many proxies, or which addresses; never "everyone". */
export type TrustProxy = false | number | string[];

export type Env = z.infer<typeof schema> & {
  demo: boolean;
  production: boolean;
  appUrl: string;
  pepper: string;
  secureCookies: boolean;
  trustProxy: TrustProxy;
  /** Settings that start but deserve a line in the log (main.server.ts logs them once). */
  warnings: string[];
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

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const MAX_PROXY_HOPS = 10;

/**
 * TRUST_PROXY: `0` (no proxy: the socket's address is the client), a hop count (`1`
 * behind one load balancer, `2` behind a CDN and a load balancer …), or a comma-separated
 * list of the proxies' addresses and CIDR ranges (`10.0.0.0/8, 192.0.2.7`, or Express's
 * names loopback, linklocal, uniquelocal). `true` is refused: it would take the leftmost
 * X-Forwarded-For entry, which the client writes itself.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === "" || value === "0" || value === "false") return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_PROXY_HOPS)
      throw new EnvError(
        `TRUST_PROXY=${raw}: at most ${MAX_PROXY_HOPS} proxies (the number of proxies in front of the app).`,
      );
    return hops;
  }
  if (["true", "yes", "on", "all", "*"].includes(value)) {
    throw new EnvError(
      `TRUST_PROXY=${raw} would trust every address in X-Forwarded-For, which a client can write itself ` +
        "(every per-address limit bypassed, forged addresses in audit rows). Give the number of proxies in front of the app " +
        "(TRUST_PROXY=1 behind one load balancer) or their addresses (TRUST_PROXY=10.0.0.0/8).",
    );
  }
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !PROXY_NAMES.has(entry) && !isAddressOrRange(entry));
  if (bad.length > 0 || entries.length === 0) {
    throw new EnvError(
      `TRUST_PROXY: not a hop count, an address or a CIDR range: ${bad.join(", ") || raw}.`,
    );
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  const family = net.isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  // A range that covers every address would be `true` by another name.
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

export const PEPPER_MIN_LENGTH = 32;
export const PEPPER_MIN_BITS = 80;

/**
 * Why a pepper is too weak to guard the stored verification hashes (a date of birth has
 * ~15 bits; the pepper is what makes the hashes unguessable), or null. The rule: at least
 * 32 characters; not the public demo value; no run of 8 or more characters that repeat or
 * count up or down by one (`aaaaaaaa`, `abcdefgh`, `87654321`); no more than a quarter of
 * its 3-character sequences repeated (`passwordpassword…`); and at least 80 bits estimated
 * as length × the Shannon entropy of its character frequencies (32 random base64
 * characters estimate ~145 bits, 32 random hex digits ~113 (94 at the lowest of 20,000 draws), `openssl rand -base64 48`
 * ~330).
 */
export function pepperProblem(pepper: string): string | null {
  if (pepper.length < PEPPER_MIN_LENGTH)
    return `it has ${pepper.length} characters; at least ${PEPPER_MIN_LENGTH} are needed`;
  if (pepper === DEMO_PEPPER) return "it is the public demo value";
  if (longestSimpleRun(pepper) >= 8)
    return "it contains a run of repeated or consecutive characters";
  if (repeatedTrigramShare(pepper) > 0.25) return "it repeats the same few characters in a pattern";
  const bits = estimatedBits(pepper);
  if (bits < PEPPER_MIN_BITS)
    return `its estimated entropy is ${Math.floor(bits)} bits; at least ${PEPPER_MIN_BITS} are needed`;
  return null;
}

/** Length × Shannon entropy (bits per character) of the character frequencies. */
export function estimatedBits(text: string): number {
  const chars = [...text];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

function longestSimpleRun(text: string): number {
  let best = 1;
  let run = 1;
  let step: number | null = null;
  for (let i = 1; i < text.length; i++) {
    const d = text.charCodeAt(i) - text.charCodeAt(i - 1);
    if (Math.abs(d) <= 1 && (step === null || d === step)) {
      step = d;
      run += 1;
    } else {
      step = Math.abs(d) <= 1 ? d : null;
      run = step === null ? 1 : 2;
    }
    best = Math.max(best, run);
  }
  return best;
}

/** The share of 3-character sequences that occurred earlier in the text. */
function repeatedTrigramShare(text: string): number {
  const total = text.length - 2;
  if (total <= 0) return 0;
  const seen = new Set<string>();
  for (let i = 0; i < total; i++) seen.add(text.slice(i, i + 3));
  return (total - seen.size) / total;
}

const LIVE_KEY = /^(sk|rk)_live_/;
const TEST_KEY = /^(sk|rk)_test_/;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  const demo = env.DEMO === "1" || !production;
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const warnings: string[] = [];
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    throw new EnvError(
      "HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS (Node refuses it).",
    );
  }
  if (demo && env.STRIPE_SECRET_KEY && LIVE_KEY.test(env.STRIPE_SECRET_KEY)) {
    throw new EnvError(
      "DEMO=1 with a live Stripe key (sk_live_/rk_live_) would charge real cards for demo data. Use a test key, or unset DEMO.",
    );
  }
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
    if (!env.APP_URL!.startsWith("https://")) {
      throw new EnvError(
        "APP_URL must be https:// in production: cookies are Secure only there, and links in messages must not travel in clear text.",
      );
    }
    const weak = pepperProblem(env.SECRET_PEPPER!);
    if (weak) {
      throw new EnvError(
        `SECRET_PEPPER is too weak: ${weak}. Generate one with \`openssl rand -base64 48\` (README, "Going to production").`,
      );
    }
    if (TEST_KEY.test(env.STRIPE_SECRET_KEY!)) {
      warnings.push(
        "STRIPE_SECRET_KEY is a test-mode key (sk_test_): no real money moves. Use a live key to take payments.",
      );
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
    trustProxy,
    warnings,
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
