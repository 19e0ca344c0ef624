// A debtor's communication preferences and electronic-delivery (E-SIGN) consent.
import { eq } from "drizzle-orm";
import type { PreferencesForm } from "~/lib/forms/preferences";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";

export async function getPreferences(debtorId: string) {
  const [row] = await db()
    .select({
      preferences: schema.debtors.preferences,
      language: schema.debtors.language,
      hasEmail: schema.debtors.email,
      hasPhone: schema.debtors.phone,
      esignConsentAt: schema.debtors.esignConsentAt,
      esignWithdrawnAt: schema.debtors.esignWithdrawnAt,
      paperRequestedAt: schema.debtors.paperRequestedAt,
    })
    .from(schema.debtors)
    .where(eq(schema.debtors.id, debtorId));
  if (!row) return null;
  const esignActive = Boolean(
    row.esignConsentAt && (!row.esignWithdrawnAt || row.esignWithdrawnAt < row.esignConsentAt),
  );
  return {
    optOutEmail: Boolean(row.preferences.optOutEmail),
    optOutSms: Boolean(row.preferences.optOutSms),
    quietStart: row.preferences.quietStart ?? "",
    quietEnd: row.preferences.quietEnd ?? "",
    language: row.language,
    hasEmail: Boolean(row.hasEmail),
    hasPhone: Boolean(row.hasPhone),
    esignActive,
    paperRequested: Boolean(row.paperRequestedAt),
  };
}

export async function updatePreferences(debtorId: string, form: PreferencesForm, ip: string) {
  await db()
    .update(schema.debtors)
    .set({
      language: form.language,
      preferences: {
        optOutEmail: form.optOutEmail,
        optOutSms: form.optOutSms,
        quietStart: form.quietStart || undefined,
        quietEnd: form.quietEnd || undefined,
      },
    })
    .where(eq(schema.debtors.id, debtorId));
  await audit({
    actorType: "debtor",
    actorId: debtorId,
    action: "preferences.updated",
    targetType: "debtor",
    targetId: debtorId,
    ip,
    details: {
      optOutEmail: form.optOutEmail,
      optOutSms: form.optOutSms,
      language: form.language,
      quietHours: Boolean(form.quietStart),
    },
  });
}

export async function setEsignConsent(
  debtorId: string,
  choice: "consent" | "withdraw" | "paper",
  ip: string,
) {
  const now = new Date();
  const change =
    choice === "consent"
      ? { esignConsentAt: now, paperRequestedAt: null }
      : choice === "withdraw"
        ? { esignWithdrawnAt: now }
        : { paperRequestedAt: now, esignWithdrawnAt: now };
  await db().update(schema.debtors).set(change).where(eq(schema.debtors.id, debtorId));
  await audit({
    actorType: "debtor",
    actorId: debtorId,
    action: `esign.${choice}`,
    targetType: "debtor",
    targetId: debtorId,
    ip,
  });
}
