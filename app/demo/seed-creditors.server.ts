// Demo creditor logins (demo mode only): an owner and a staff member for each demo
// creditor, with a fixed, public TOTP key so the demo page and the e2e tests can make
// codes, plus one Brightside user who has not set up two-step sign-in yet.
// Idempotent: users that exist are left alone.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import * as schema from "../../db/schema";
import {
  decodeTotpKey,
  encryptTotpKey,
  hashPassword,
  newRecoveryCodes,
} from "../models/creditor-credentials.server";

/** Public on purpose: demo data only. Never used outside demo mode. */
export const DEMO_CREDITOR_PASSWORD = "demo creditor password";
export const DEMO_TOTP_KEY_BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export type DemoCreditorLogin = {
  email: string;
  name: string;
  role: "owner" | "staff";
  creditorSlug: string;
  /** false: this user sets up the second factor at first sign-in. */
  totp: boolean;
};

export const DEMO_CREDITOR_LOGINS: DemoCreditorLogin[] = [
  {
    email: "owner@brightside-dental.example",
    name: "Dana Brooks",
    role: "owner",
    creditorSlug: "brightside-dental",
    totp: true,
  },
  {
    email: "staff@brightside-dental.example",
    name: "Sam Ortiz",
    role: "staff",
    creditorSlug: "brightside-dental",
    totp: true,
  },
  {
    email: "new@brightside-dental.example",
    name: "Robin Park",
    role: "staff",
    creditorSlug: "brightside-dental",
    totp: false,
  },
  {
    email: "owner@northbridge-recovery.example",
    name: "Lee Whitfield",
    role: "owner",
    creditorSlug: "northbridge-recovery",
    totp: true,
  },
  {
    email: "staff@northbridge-recovery.example",
    name: "Kim Osei",
    role: "staff",
    creditorSlug: "northbridge-recovery",
    totp: true,
  },
];

export async function seedDemoCreditorUsers(db: Db): Promise<void> {
  const key = decodeTotpKey(DEMO_TOTP_KEY_BASE32);
  if (!key) throw new Error("demo TOTP key is not a 160-bit base32 key");
  let passwordHash: string | undefined;
  for (const login of DEMO_CREDITOR_LOGINS) {
    const [existing] = await db
      .select({ id: schema.creditorUsers.id })
      .from(schema.creditorUsers)
      .where(sql`lower(${schema.creditorUsers.email}) = ${login.email}`);
    if (existing) continue;
    const [creditor] = await db
      .select({ id: schema.creditors.id })
      .from(schema.creditors)
      .where(eq(schema.creditors.slug, login.creditorSlug));
    if (!creditor) continue;
    passwordHash ??= await hashPassword(DEMO_CREDITOR_PASSWORD);
    await db.insert(schema.creditorUsers).values({
      creditorId: creditor.id,
      email: login.email,
      name: login.name,
      role: login.role,
      passwordHash,
      totpSecret: login.totp ? encryptTotpKey(key) : null,
      totpEnabledAt: login.totp ? new Date() : null,
      recoveryCodeHashes: login.totp ? newRecoveryCodes().hashes : [],
    });
  }
}
