// A browser test's own data, made through the e2e server's test-only seam
// (tests/support/e2e-server.ts → tests/support/factories.ts): each call makes a new creditor
// and debtor (or creditor user), so no test reads the demo personas or logins, or what
// another test left behind. Plus signing those in, and reading a test's own outbox message.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import type {
  CreditorUserFixture,
  DebtorFixture,
  DebtorState,
  LinkFixture,
  LinkState,
  OutboxMessageFixture,
  Persona,
} from "./factories";
import type { BrandingFixture } from "./brand-fixtures";

export type { BrandingFixture };
export type {
  CreditorUserFixture,
  DebtorFixture,
  DebtorState,
  LinkFixture,
  OutboxMessageFixture,
  Persona,
};

async function fixture<T>(request: APIRequestContext, kind: string, body: object): Promise<T> {
  const response = await request.post(`/__e2e/fixtures/${kind}`, { data: body });
  expect(response.status(), `fixture ${kind}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/**
 * A new debtor like the demo's `persona`, with one link per `links` entry, under a creditor
 * of their own, or under `creditorId` (a creditor the test made, e.g. its creditor user's).
 */
export function newDebtor(
  request: APIRequestContext,
  persona: Persona,
  links: LinkState[] = ["fresh"],
  options: { creditorId?: string; state?: DebtorState } = {},
): Promise<DebtorFixture> {
  return fixture(request, "debtor", { persona, links, ...options });
}

/** Gives a test's creditor its own display name, accent colour and (`logo: true`) a logo. */
export function brandCreditor(
  request: APIRequestContext,
  creditorId: string,
  options: { displayName?: string; accentColor?: string; logo?: boolean },
): Promise<BrandingFixture> {
  return fixture(request, "creditor-branding", { creditorId, ...options });
}

/** A new creditor user (password, and a TOTP key unless `enrolled: false`) under a new creditor. */
export function newCreditorUser(
  request: APIRequestContext,
  options: { kind?: "first_party" | "agency"; role?: "owner" | "staff"; enrolled?: boolean } = {},
): Promise<CreditorUserFixture> {
  return fixture(request, "creditor-user", options);
}

/** The TOTP code of a fixture creditor user for the time step `offset` steps from now. */
export function creditorCode(user: CreditorUserFixture, offset = 0): string {
  if (!user.totpKeyBase32) throw new Error(`${user.email} has no second factor`);
  const step = Math.floor(Date.now() / 30_000) + offset;
  return generateHOTP(decodeBase32IgnorePadding(user.totpKeyBase32), BigInt(step), 6);
}

/**
 * Signs `user` in through the sign-in pages (password, then the code), as a person would;
 * works with JavaScript off too. A code is accepted once per user: sign each user in once.
 */
export async function signInCreditor(page: Page, user: CreditorUserFixture): Promise<void> {
  await page.goto("/creditor/sign-in");
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter your code");
  await page.getByLabel("Code").fill(creditorCode(user));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("At a glance");
}

/** A new owner of a new creditor (`kind`), signed in in `page`. */
export async function signedInOwner(
  page: Page,
  request: APIRequestContext,
  options: { kind?: "first_party" | "agency" } = {},
): Promise<CreditorUserFixture> {
  const owner = await newCreditorUser(request, { ...options, role: "owner" });
  await signInCreditor(page, owner);
  return owner;
}

/** The newest message the app queued about the account (of the test's creditor), rendered. */
export function outboxMessage(
  request: APIRequestContext,
  debtor: Pick<DebtorFixture, "creditor" | "accountId">,
): Promise<OutboxMessageFixture> {
  return fixture(request, "outbox-message", {
    creditorId: debtor.creditor.id,
    accountId: debtor.accountId,
  });
}

/** Signs `debtor` in through their link with plain HTTP posts (no clicking); returns their account URL. */
export async function signInDebtor(
  context: BrowserContext,
  debtor: DebtorFixture,
  link: LinkFixture = debtor.links[0],
): Promise<string> {
  await context.request.post(`/l/${link.token}`, { form: { intent: "continue" } });
  const response = await context.request.post(`/l/${link.token}`, {
    form: { intent: "verify", answer: debtor.answer },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const location = response.headers()["location"];
  expect(location).toBe(`/accounts/${debtor.accountId}`);
  return location;
}

/**
 * The person picks `lang` with the site's language switch (the footer's form). A debtor's
 * pages otherwise speak the language their creditor recorded (María: Spanish).
 */
export async function chooseLanguage(context: BrowserContext, lang: "en" | "es") {
  const response = await context.request.post("/lang", {
    form: { lang, redirectTo: "/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
}

/** A new debtor like `persona`, signed in in `context`. */
export async function signedInDebtor(
  context: BrowserContext,
  persona: Persona,
  state?: DebtorState,
): Promise<{ debtor: DebtorFixture; account: string }> {
  const debtor = await newDebtor(context.request, persona, ["fresh"], { state });
  return { debtor, account: await signInDebtor(context, debtor) };
}

const PERSONA_OF: [RegExp, Persona, LinkState][] = [
  [/Alex Rivera/, "alex", "fresh"],
  [/María González/, "maria", "fresh"],
  [/Sam Chen/, "sam", "fresh"],
  [/Jordan Lee|lock-out/, "jordan", "fresh"],
  [/Priya Patel/, "priya", "fresh"],
  [/Expired link/, "alex", "expired"],
  [/Revoked link/, "alex", "revoked"],
];

export type PersonaRow = {
  label: string;
  token: string;
  code: string;
  answer: string;
  debtor: DebtorFixture;
};

/**
 * A new debtor like the demo row named `label` ("Alex Rivera", "Expired link", …): the
 * shape the specs used to read from /demo, but made for this test alone.
 */
export async function personaRow(request: APIRequestContext, label: string): Promise<PersonaRow> {
  const match = PERSONA_OF.find(([re]) => re.test(label));
  if (!match) throw new Error(`no persona for ${label}`);
  const debtor = await newDebtor(request, match[1], [match[2]]);
  const [link] = debtor.links;
  return { label, token: link.token, code: link.code, answer: debtor.answer, debtor };
}

/** A new debtor like the demo row `label`, signed in in `context`; returns their account URL. */
export async function signInPersona(context: BrowserContext, label: string): Promise<string> {
  const row = await personaRow(context.request, label);
  return signInDebtor(context, row.debtor);
}
