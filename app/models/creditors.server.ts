import { eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

/** What a debtor may see of a creditor before verification: who is writing, how to reach them. */
export type CreditorContact = {
  id: string;
  displayName: string;
  supportEmail: string;
  supportPhone: string;
  accentColor: string;
  verificationFact: (typeof schema.VERIFICATION_FACTS)[number];
  collectorType: (typeof schema.COLLECTOR_TYPES)[number];
};

export async function getCreditorContact(creditorId: string): Promise<CreditorContact | null> {
  const [row] = await db()
    .select({
      id: schema.creditors.id,
      displayName: schema.creditors.displayName,
      supportEmail: schema.creditors.supportEmail,
      supportPhone: schema.creditors.supportPhone,
      accentColor: schema.creditors.accentColor,
      verificationFact: schema.creditors.verificationFact,
      collectorType: schema.creditors.collectorType,
    })
    .from(schema.creditors)
    .where(eq(schema.creditors.id, creditorId))
    .limit(1);
  return row ?? null;
}
