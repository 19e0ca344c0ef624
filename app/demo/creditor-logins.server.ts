// Demo mode only: the demo creditor logins with the current TOTP code, for the demo page.
import { sql } from "drizzle-orm";
import {
  DEMO_CREDITOR_LOGINS,
  DEMO_CREDITOR_PASSWORD,
  DEMO_TOTP_KEY_BASE32,
} from "./seed-creditors.server";
import { db, schema } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { decodeTotpKey, totpCode, TOTP_PERIOD } from "../models/creditor-credentials.server";

export async function listDemoCreditorLogins(now = Date.now()) {
  if (!getEnv().demo) return [];
  const emails = DEMO_CREDITOR_LOGINS.map((l) => l.email);
  const rows = await db()
    .select({
      email: schema.creditorUsers.email,
      creditorName: schema.creditors.displayName,
      totpEnabledAt: schema.creditorUsers.totpEnabledAt,
    })
    .from(schema.creditorUsers)
    .innerJoin(schema.creditors, sql`${schema.creditors.id} = ${schema.creditorUsers.creditorId}`)
    .where(sql`lower(${schema.creditorUsers.email}) in ${emails}`);
  const key = decodeTotpKey(DEMO_TOTP_KEY_BASE32)!;
  const secondsLeft = TOTP_PERIOD - (Math.floor(now / 1000) % TOTP_PERIOD);
  return DEMO_CREDITOR_LOGINS.flatMap((login) => {
    const row = rows.find((r) => r.email.toLowerCase() === login.email);
    if (!row) return [];
    return [
      {
        email: login.email,
        role: login.role,
        creditorName: row.creditorName,
        password: DEMO_CREDITOR_PASSWORD,
        // Users who set up their own app after the demo seed no longer use the demo key.
        totp: login.totp
          ? { code: totpCode(key, now), secondsLeft, key: DEMO_TOTP_KEY_BASE32 }
          : null,
      },
    ];
  });
}
