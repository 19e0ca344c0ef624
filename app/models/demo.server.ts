// Demo mode only: the seeded links, codes and answers, for the demo page and the console.
import { asc } from "drizzle-orm";
import { db as appDb, schema, type Db } from "~/utils/db.server";

export async function listDemoAccess(db: Db = appDb()) {
  const accounts = await db.select().from(schema.demoAccess).orderBy(asc(schema.demoAccess.sortOrder));
  const fixtures = await db.select().from(schema.demoFixtures).orderBy(asc(schema.demoFixtures.sortOrder));
  return { accounts, fixtures };
}
