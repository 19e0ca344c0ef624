// Demo mode only: the seeded links, codes and answers, for the demo page and the console.
import { asc } from "drizzle-orm";
import { db as appDb, type Db } from "~/utils/db.server";
import { demoAccess, demoFixtures } from "./schema";

export async function listDemoAccess(db: Db = appDb()) {
  const accounts = await db.select().from(demoAccess).orderBy(asc(demoAccess.sortOrder));
  const fixtures = await db.select().from(demoFixtures).orderBy(asc(demoFixtures.sortOrder));
  return { accounts, fixtures };
}
