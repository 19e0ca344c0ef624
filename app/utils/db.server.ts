// The app's one database handle. Kept on globalThis so the server entry (run by tsx) and
// the Remix server bundle share it: PGlite allows one instance per data folder.
import type { Database, Db } from "../../db/client.server";

export type { Db, Tx } from "../../db/client.server";
export * as schema from "../../db/schema";

const KEY = Symbol.for("debtor-portal.database");
type Holder = { [KEY]?: Database };

export function setDatabase(database: Database | undefined) {
  (globalThis as Holder)[KEY] = database;
}

export function getDatabase(): Database {
  const database = (globalThis as Holder)[KEY];
  if (!database) throw new Error("Database not initialised: call setDatabase() at start-up");
  return database;
}

export function db(): Db {
  return getDatabase().db;
}

/**
 * A prepared query for whichever database is open (tests and the bench switch databases):
 * built once per database, so Drizzle does not rebuild its SQL on every request and
 * PostgreSQL parses and plans it once per connection. `build` must call `.prepare(name)`
 * with a name no other query uses.
 */
export function preparedPerDatabase<T>(build: (db: Db) => T): () => T {
  const prepared = new WeakMap<Db, T>();
  return () => {
    const current = db();
    let query = prepared.get(current);
    if (!query) {
      query = build(current);
      prepared.set(current, query);
    }
    return query;
  };
}
