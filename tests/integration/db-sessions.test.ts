// Issue #15 item 5: every PostgreSQL session of the app is named for its process kind
// (application_name, what pg_stat_activity shows) and carries the limits the README lists:
// idle_in_transaction_session_timeout, lock_timeout, statement_timeout. Migrations lift
// the statement and lock limits for their own session and give them back.
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPLICATION_NAMES,
  openDatabase,
  SESSION_LIMITS,
  type ProcessKind,
} from "../../db/client.server";

const admin = process.env.TEST_DATABASE_URL;
let name = "";
let url = "";

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!admin) return;
  name = `portal_sessions_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  url = u.toString();
});
afterAll(async () => {
  if (admin && name) await adminQuery(`drop database if exists ${name} with (force)`);
});

const ms = (value: string) => {
  const match = /^(\d+)(ms|s|min)?$/.exec(value);
  if (!match) throw new Error(`unexpected setting ${value}`);
  return Number(match[1]) * (match[2] === "s" ? 1_000 : match[2] === "min" ? 60_000 : 1);
};

describe.skipIf(!admin)(
  "PostgreSQL sessions (needs TEST_DATABASE_URL: PGlite has no sessions to name or limit)",
  () => {
    it.each(["web", "worker", "cli"] as ProcessKind[])(
      "a %s process names its sessions and sets their limits",
      async (kind) => {
        const database = await openDatabase({ url, pool: 2, kind });
        try {
          await database.migrate();
          // Several connections of the pool, the one the migration used among them.
          const rows = await Promise.all(
            [0, 1].map(async () => {
              const { rows } = await database.db.execute<{
                app: string;
                idle: string;
                lock: string;
                statement: string;
              }>(
                sql`select current_setting('application_name') as app, current_setting('idle_in_transaction_session_timeout') as idle, current_setting('lock_timeout') as lock, current_setting('statement_timeout') as statement, pg_sleep(0.05)::text`,
              );
              return rows[0];
            }),
          );
          const limits = SESSION_LIMITS[kind];
          for (const row of rows) {
            expect(row.app).toBe(APPLICATION_NAMES[kind]);
            expect([ms(row.idle), ms(row.lock), ms(row.statement)]).toEqual([
              limits.idleInTransactionMs,
              limits.lockMs,
              limits.statementMs,
            ]);
          }
        } finally {
          await database.close();
        }
      },
    );

    it("a statement past the limit is stopped by the server", async () => {
      const database = await openDatabase({ url, pool: 1, kind: "web" });
      try {
        const started = Date.now();
        await expect(
          database.db.execute(sql`select pg_sleep(${SESSION_LIMITS.web.statementMs / 1000 + 5})`),
        ).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(SESSION_LIMITS.web.statementMs + 4_000);
      } finally {
        await database.close();
      }
    }, 40_000);
  },
);
