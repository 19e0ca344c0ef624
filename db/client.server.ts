// Opens the database: PostgreSQL through `pg` when a URL is given, otherwise an embedded
// PGlite in a local folder. Both are driven through the same Drizzle query builder, so the
// rest of the code never knows which one it has.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type Database = {
  kind: "postgres" | "pglite";
  db: Db;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

/** Which kind of process opened the database: named in pg_stat_activity, with its own limits. */
export type ProcessKind = "web" | "worker" | "cli";

/**
 * Per-session limits (milliseconds), set when each pooled connection opens:
 * - idle_in_transaction_session_timeout: a transaction left open between statements (a
 *   network call inside it, a bug) is ended by the server and its locks released;
 * - lock_timeout: a statement waits this long for a row or table lock, then fails;
 * - statement_timeout: no single statement runs longer.
 * The CLI's bulk commands (seeding, mailings) get more room. Migrations lift the statement
 * and lock limits for their own session (an index build, the advisory lock's wait).
 * README "Database sessions" lists the same values.
 */
export const SESSION_LIMITS: Readonly<
  Record<ProcessKind, { idleInTransactionMs: number; lockMs: number; statementMs: number }>
> = {
  web: { idleInTransactionMs: 15_000, lockMs: 5_000, statementMs: 15_000 },
  worker: { idleInTransactionMs: 15_000, lockMs: 10_000, statementMs: 30_000 },
  cli: { idleInTransactionMs: 60_000, lockMs: 30_000, statementMs: 600_000 },
};

/** The `application_name` of each process kind's sessions. */
export const APPLICATION_NAMES: Readonly<Record<ProcessKind, string>> = {
  web: "debtor-portal-web",
  worker: "debtor-portal-worker",
  cli: "debtor-portal-cli",
};

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

// Any fixed number: serialises migrations when several web processes start at once.
const MIGRATION_LOCK = 72_410_117;

export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  pool?: number;
  /** Default "web". */
  kind?: ProcessKind;
}): Promise<Database> {
  const kind = options.kind ?? "web";
  if (options.url) {
    const limits = SESSION_LIMITS[kind];
    const pool = new pg.Pool({
      connectionString: options.url,
      application_name: APPLICATION_NAMES[kind],
      idle_in_transaction_session_timeout: limits.idleInTransactionMs,
      lock_timeout: limits.lockMs,
      statement_timeout: limits.statementMs,
      max: options.pool ?? Number(process.env.DB_POOL_SIZE ?? 20),
      // Under a burst, waiting for a connection beats failing the request.
      connectionTimeoutMillis: 20_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server (restart, failover) must not crash the process;
    // the pool replaces it on the next checkout.
    pool.on("error", () => {});
    // The same for a client that is checked out when its server goes away (mid-request or
    // mid-transaction): the query in flight fails, and the pool drops the broken client on
    // release instead of the 'error' event killing the process.
    pool.on("connect", (client) => {
      client.on("error", () => {});
    });
    const db = drizzlePg(pool, { schema });
    return {
      kind: "postgres",
      db,
      async migrate() {
        const client = await pool.connect();
        try {
          // An index build may take long, and another process may hold the lock for the
          // length of its migrations: no limit for this session until it is released.
          await client.query("set statement_timeout = 0; set lock_timeout = 0");
          await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
          await client.query("reset statement_timeout; reset lock_timeout").catch(() => {});
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  let client: PGlite;
  if (options.dataDir && options.dataDir !== "memory://") {
    fs.mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
    client = await PGlite.create(path.resolve(options.dataDir));
  } else {
    client = await PGlite.create();
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    async migrate() {
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.close(),
  };
}

/** A quick health probe: true when the database answers. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
