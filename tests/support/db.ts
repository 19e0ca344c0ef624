// A fresh, migrated database for one test file: PostgreSQL when TEST_DATABASE_URL is set
// (a new database, dropped afterwards), otherwise an in-memory PGlite.
import pg from "pg";
import { openDatabase, type Database } from "../../db/client.server";
import { setDatabase } from "../../app/utils/db.server";

export type TestDatabase = Database & { name: string; dispose(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const database = await openDatabase({});
    await database.migrate();
    setDatabase(database);
    return { ...database, name: "pglite", dispose: () => database.close() };
  }
  const name = `portal_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), pool: 4 });
  await database.migrate();
  setDatabase(database);
  return {
    ...database,
    name,
    async dispose() {
      await database.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
