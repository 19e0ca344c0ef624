// Set-at-a-time SQL for large batches. Bulk inserts as
// `insert … select * from unnest($1::type[], …)`: one parameter per column instead of one
// per value, so 2,000 rows are one small statement (several times faster
// than a 20,000-parameter VALUES list, on PostgreSQL and PGlite alike). Column lists follow
// db/schema.ts; values travel as text and are cast by the database; omitted columns get
// their defaults.
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

export type Column = readonly [name: string, type: string];
export type Rows = {
  columns: readonly Column[];
  values: (string | null)[][];
  length(): number;
  push(row: (string | null)[]): void;
};

export function columns(list: readonly Column[]): Rows {
  const values: (string | null)[][] = list.map(() => []);
  return {
    columns: list,
    values,
    length: () => values[0]?.length ?? 0,
    push(row) {
      if (row.length !== list.length)
        throw new Error("bulk insert: row does not match the columns");
      row.forEach((value, i) => values[i].push(value));
    },
  };
}

/** `suffix`: e.g. `on conflict (cause_key) do nothing`. */
export function insertUnnest(table: string, rows: Rows, suffix?: SQL): SQL {
  const names = sql.raw(rows.columns.map(([name]) => `"${name}"`).join(", "));
  const arrays = sql.join(
    rows.columns.map(([, type], i) => sql`${sql.param(rows.values[i])}::${sql.raw(type)}[]`),
    sql`, `,
  );
  const statement = sql`insert into ${sql.identifier(table)} (${names}) select * from unnest(${arrays})`;
  return suffix ? sql`${statement} ${suffix}` : statement;
}

/**
 * `column = any($1::type[])`: membership in a large list as one array parameter. Drizzle's
 * `inArray` binds one parameter per value, and building and binding 2,000 of them cost more
 * than the query itself (profiled in the link mailing).
 */
export function anyOf(column: AnyColumn | SQL, values: readonly string[], type: string): SQL {
  return sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;
}

/** The rows of `tx.execute(…)` (node-postgres and PGlite both answer `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
