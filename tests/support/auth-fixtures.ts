// Factories for the sign-in and session tests (tests/integration/auth-*.test.ts): a
// creditor, a debtor with an account and a known date of birth, a link, a creditor user
// with a known password and TOTP key. Every call makes new rows with unique names, so
// tests never share (or depend on) the demo personas. Plus a tiny cookie-keeping client
// for talking to the real server over HTTP.
import { randomUUID } from "node:crypto";
import * as schema from "../../db/schema";
import type { Db } from "../../db/client.server";
import { mintAccessLink, verificationHash } from "../../app/models/access-links.server";
import {
  encryptTotpKey,
  hashPassword,
  newTotpKey,
  totpCode,
} from "../../app/models/creditor-credentials.server";
import { planPolicySchema } from "../../app/lib/policy";
import { referenceLast4 } from "../../app/lib/verification";

const unique = () => randomUUID().slice(0, 8);

export async function createCreditor(
  db: Db,
  overrides: Partial<typeof schema.creditors.$inferInsert> = {},
) {
  const slug = `test-${unique()}`;
  const [creditor] = await db
    .insert(schema.creditors)
    .values({
      slug,
      displayName: `Test Creditor ${slug}`,
      legalName: `Test Creditor ${slug} LLC`,
      collectorType: "first_party",
      timezone: "America/New_York",
      supportEmail: `help@${slug}.example`,
      supportPhone: "(212) 555-0199",
      mailingAddress: "1 Test Street, New York, NY 10001",
      verificationFact: "dob",
      planPolicy: planPolicySchema.parse({
        payInFull: true,
        settlement: null,
        frequencies: ["monthly"],
        minInstallments: 2,
        maxInstallments: 12,
        minInstallmentCents: 2500,
        maxPlanDays: 365,
        latestFirstPaymentDays: 30,
        downPaymentPercent: 0,
        hardship: { allowed: true, maxPauseDays: 60 },
        missedPaymentTolerance: 2,
        retryDays: [3, 7],
      }),
      ...overrides,
    })
    .returning();
  return creditor;
}

export type DebtorFixture = {
  debtorId: string;
  accountId: string;
  reference: string;
  dob: string;
  email: string;
};

export async function createDebtorAccount(
  db: Db,
  creditorId: string,
  overrides: {
    dob?: string;
    email?: string;
    phone?: string | null;
    balanceCents?: number;
    fullName?: string;
  } = {},
): Promise<DebtorFixture> {
  const dob = overrides.dob ?? "1984-05-06";
  const reference = `T-${unique()}`;
  const email = overrides.email ?? `debtor-${unique()}@example.com`;
  const consentAt = new Date(Date.now() - 100 * 86_400_000);
  const [debtor] = await db
    .insert(schema.debtors)
    .values({
      creditorId,
      fullName: overrides.fullName ?? "Robin Test",
      email,
      emailSource: "creditor_records",
      emailConsentAt: consentAt,
      phone: overrides.phone === undefined ? null : overrides.phone,
      phoneSource: overrides.phone ? "debtor_provided" : null,
      phoneConsentAt: overrides.phone ? consentAt : null,
      city: "New York",
      region: "NY",
      postalCode: "10001",
      timezone: "America/New_York",
      dobHash: verificationHash("dob", dob),
      postalCodeHash: verificationHash("postal_code", "10001"),
    })
    .returning();
  const [account] = await db
    .insert(schema.accounts)
    .values({
      creditorId,
      debtorId: debtor.id,
      reference,
      referenceLast4Hash: verificationHash("account_last4", referenceLast4(reference)),
      itemizationDate: new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10),
      itemizationKind: "last_statement",
    })
    .returning();
  await db.insert(schema.ledgerEntries).values({
    accountId: account.id,
    kind: "itemized_balance",
    amountCents: overrides.balanceCents ?? 12_000,
    currency: "usd",
    occurredAt: new Date(Date.now() - 60 * 86_400_000),
    source: "import",
    sourceId: `test:${reference}`,
  });
  return { debtorId: debtor.id, accountId: account.id, reference, dob, email };
}

export async function createLink(accountId: string) {
  return mintAccessLink({ accountId, channel: "email" });
}

export type CreditorUserFixture = {
  id: string;
  email: string;
  password: string;
  totpKey: Uint8Array;
};

/** A signed-up creditor user: password set, and (unless `enrolled: false`) a TOTP key. */
export async function createCreditorUser(
  db: Db,
  creditorId: string,
  options: {
    role?: "owner" | "staff";
    enrolled?: boolean;
    password?: string;
    passwordHash?: string;
  } = {},
): Promise<CreditorUserFixture> {
  const email = `user-${unique()}@creditor.example`;
  const password = options.password ?? `violet harbor ${unique()} kettle`;
  const totpKey = newTotpKey();
  const enrolled = options.enrolled ?? true;
  const [user] = await db
    .insert(schema.creditorUsers)
    .values({
      creditorId,
      email,
      name: "Casey Fixture",
      role: options.role ?? "owner",
      passwordHash: options.passwordHash ?? (await hashPassword(password)),
      totpSecret: enrolled ? encryptTotpKey(totpKey) : null,
      totpEnabledAt: enrolled ? new Date() : null,
    })
    .returning({ id: schema.creditorUsers.id });
  return { id: user.id, email, password, totpKey };
}

/** The TOTP code of a fixture user for a given instant (default: now). */
export function codeFor(user: CreditorUserFixture, at = Date.now()) {
  return totpCode(user.totpKey, at);
}

/** A client that keeps cookies like a browser does (one jar per "device"). */
export class CookieClient {
  private jar = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  has(name: string) {
    return this.jar.has(name);
  }

  async request(
    path: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      body?: BodyInit;
      headers?: Record<string, string>;
    } = {},
  ) {
    const headers: Record<string, string> = { ...this.defaults, ...init.headers };
    if (this.jar.size) headers.cookie = this.cookieHeader();
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const cleared = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (cleared) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request(path, { headers });
  }

  post(path: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request(path, { method: "POST", form, headers });
  }
}

/** Signs a debtor in through the link pages, as a browser without JavaScript would. */
export async function signInThroughLink(client: CookieClient, token: string, dob: string) {
  const opened = await client.post(`/l/${token}`, { intent: "continue" });
  if (opened.status !== 200) throw new Error(`continue: ${opened.status}`);
  const verified = await client.post(`/l/${token}`, { intent: "verify", answer: dob });
  return verified;
}
