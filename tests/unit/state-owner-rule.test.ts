// Rule: the account and plan statuses have one writer, app/models/account-state.server.ts
// (docs/decisions/0013-one-writer-for-account-and-plan-state.md). This test reads the source
// of app/ and db/ (migrations aside) and fails on any other module that writes either
// status column: a Drizzle update or insert that sets `status`, or raw SQL that does.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const OWNER = "app/models/account-state.server.ts";
const SKIP_DIRS = new Set(["node_modules", "migrations", "stripe-emulator", "build"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...sourceFiles(path));
    } else if (/\.(ts|tsx|mjs|js)$/.test(name)) out.push(path);
  }
  return out;
}

const TABLE = String.raw`(?:schema\.)?(?:accounts|plans)`;
/** The text of one Drizzle statement from `start`: up to its end (`;`) or the next statement. */
function statementFrom(source: string, start: number): string {
  const end = source.indexOf(";", start);
  return source.slice(start, end === -1 ? undefined : end);
}

/** Every place in `source` that writes the status of an account or a plan. */
export function statusWrites(source: string): string[] {
  const found: string[] = [];
  // Drizzle: .update(schema.accounts).set({ …status… }) / .insert(schema.plans).values({ …status… })
  const drizzle = new RegExp(String.raw`\.(update|insert)\(\s*${TABLE}\s*\)`, "g");
  for (const match of source.matchAll(drizzle)) {
    const statement = statementFrom(source, match.index);
    const payload = statement.match(
      /\.(?:set|values)\(([\s\S]*?)\)\s*(?:\.where|\.returning|\.onConflict|$)/,
    );
    if (payload && /(?:[{,]\s*|\.\.\.\s*\{\s*)status\s*[:,}]/.test(payload[1]))
      found.push(statement.slice(0, 120));
  }
  // Raw SQL: update accounts … set … status = …, insert into plans (… status …)
  for (const match of source.matchAll(
    /\bupdate\s+(?:accounts|plans)\b[\s\S]{0,200}?\bset\b([\s\S]{0,400}?)(?:\bwhere\b|`|;)/gi,
  )) {
    if (/(?:^|[\s,])status\s*=/.test(match[1])) found.push(match[0].slice(0, 120));
  }
  for (const match of source.matchAll(/\binsert\s+into\s+(?:accounts|plans)\s*\(([^)]*)\)/gi)) {
    if (/\bstatus\b/.test(match[1])) found.push(match[0].slice(0, 120));
  }
  return found;
}

describe("one writer for account and plan status", () => {
  it("recognises each way of writing a status (the rule can fail)", () => {
    expect(
      statusWrites(`await tx.update(schema.accounts).set({ status: "paid" }).where(x);`),
    ).toHaveLength(1);
    expect(
      statusWrites(
        `await tx.update(schema.plans).set({ pauseUntil: d, status: s, updatedAt: now }).where(x);`,
      ),
    ).toHaveLength(1);
    expect(statusWrites(`await tx.update(plans).set({ status }).where(x);`)).toHaveLength(1);
    expect(
      statusWrites(
        `await tx.insert(schema.plans).values({ accountId, status: "active" }).returning();`,
      ),
    ).toHaveLength(1);
    expect(
      statusWrites("await tx.execute(sql`update accounts set status = 'open' where id = ${id}`);"),
    ).toHaveLength(1);
    expect(
      statusWrites("sql`insert into accounts (id, creditor_id, status) select …`"),
    ).toHaveLength(1);
    // Not a status write: other columns, other tables.
    expect(
      statusWrites(`await tx.update(schema.plans).set({ updatedAt: new Date() }).where(x);`),
    ).toEqual([]);
    expect(
      statusWrites(
        `await tx.update(schema.disputes).set({ statusBeforeHold: "open", status: "answered" }).where(x);`,
      ),
    ).toEqual([]);
    expect(
      statusWrites(
        `await tx.update(schema.accounts).set({ policyOverride: o }).where(eq(schema.accounts.status, "open"));`,
      ),
    ).toEqual([]);
    expect(statusWrites("sql`update installments set status = 'charging'`")).toEqual([]);
  });

  it("no module but the state owner writes the status of an account or a plan", () => {
    const files = [...sourceFiles(join(ROOT, "app")), ...sourceFiles(join(ROOT, "db"))];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== OWNER)
      .flatMap((file) =>
        statusWrites(readFileSync(join(ROOT, file), "utf8")).map(
          (write) => `${file}: ${write.replace(/\s+/g, " ")}`,
        ),
      );
    expect(offenders).toEqual([]);
  });

  it("the owner exists and writes both statuses", () => {
    const owner = readFileSync(join(ROOT, OWNER), "utf8");
    expect(statusWrites(owner).length).toBeGreaterThan(0);
  });
});
