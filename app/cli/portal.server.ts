// Operator commands:
//   npm run portal -- link <account-reference> [--creditor <slug>]   mint a fresh link
//   npm run portal -- send-links --creditor <slug> [--mailing <name>]
//                                        queue a link message to every account of a creditor
//                                        (the sending rules decide each; one mailing per name,
//                                        default today's date, so a re-run adds nothing)
//   npm run portal -- retry-charges --creditor <slug> [--account <reference>]
//                                        after fixing what made Stripe refuse charges: the
//                                        installments waiting in needs_attention are charged
//                                        again by the next worker run
//   npm run portal -- migrate                                         apply migrations
//   npm run portal -- seed                                            load the demo data
import { and, eq } from "drizzle-orm";
import { schema } from "../utils/db.server";
import { EnvError, getEnv } from "../utils/env.server";
import { openAppDatabase } from "../server/startup.server";

const [command, ...args] = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main() {
  const env = getEnv();
  if (!command || !["link", "send-links", "retry-charges", "migrate", "seed"].includes(command)) {
    console.log(
      "usage: npm run portal -- link <account-reference> [--creditor <slug>] | send-links --creditor <slug> [--mailing <name>] | retry-charges --creditor <slug> [--account <reference>] | migrate | seed",
    );
    return 2;
  }
  const database = await openAppDatabase(env, "cli");
  try {
    if (command === "migrate") {
      console.log(`Migrations applied (${database.kind}).`);
      return 0;
    }
    if (command === "seed") {
      const { seedDemo } = await import("../demo/seed.server");
      await seedDemo(database.db);
      console.log("Demo data ready.");
      return 0;
    }
    if (command === "retry-charges") {
      const slug = option("creditor");
      if (!slug) {
        console.error(
          "Which creditor? npm run portal -- retry-charges --creditor <slug> [--account <reference>]",
        );
        return 2;
      }
      const [creditor] = await database.db
        .select({ id: schema.creditors.id })
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, slug));
      if (!creditor) {
        console.error(`No creditor ${slug}.`);
        return 1;
      }
      let accountId: string | undefined;
      const reference = option("account");
      if (reference) {
        const [account] = await database.db
          .select({ id: schema.accounts.id })
          .from(schema.accounts)
          .where(
            and(
              eq(schema.accounts.creditorId, creditor.id),
              eq(schema.accounts.reference, reference),
            ),
          );
        if (!account) {
          console.error(`No account ${reference} for ${slug}.`);
          return 1;
        }
        accountId = account.id;
      }
      const { retryChargeProblems } = await import("../models/charge-problems.server");
      const released = await retryChargeProblems({
        creditorId: creditor.id,
        accountId,
        actorType: "system",
      });
      console.log(
        `${released} payment${released === 1 ? "" : "s"} released: the next worker run charges ${released === 1 ? "it" : "them"} again.`,
      );
      return 0;
    }
    if (command === "send-links") {
      const slug = option("creditor");
      if (!slug) {
        console.error("Which creditor? npm run portal -- send-links --creditor <slug>");
        return 2;
      }
      const [creditor] = await database.db
        .select({ id: schema.creditors.id })
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, slug));
      if (!creditor) {
        console.error(`No creditor ${slug}.`);
        return 1;
      }
      const accounts = await database.db
        .select({ id: schema.accounts.id })
        .from(schema.accounts)
        .where(eq(schema.accounts.creditorId, creditor.id));
      const mailing = option("mailing") ?? new Date().toISOString().slice(0, 10);
      const { queueLinkMessagesBulk } = await import("../models/outbox-bulk.server");
      const result = await queueLinkMessagesBulk(
        {
          accountIds: accounts.map((a) => a.id),
          initiatedBy: "creditor",
          causePrefix: `mailing:${slug}:${mailing}`,
        },
        database.db,
      );
      console.log(
        `Mailing ${mailing} for ${slug}: ${result.created} messages queued or recorded, ${result.duplicates} already there.`,
      );
      console.log(`By reason: ${JSON.stringify(result.byReason)}`);
      return 0;
    }
    const reference = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--creditor");
    if (!reference) {
      console.error("Which account? npm run portal -- link <account-reference>");
      return 2;
    }
    const slug = option("creditor");
    const rows = await database.db
      .select({ id: schema.accounts.id, creditor: schema.creditors.slug })
      .from(schema.accounts)
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(
        and(
          eq(schema.accounts.reference, reference),
          slug ? eq(schema.creditors.slug, slug) : undefined,
        ),
      );
    if (rows.length === 0) {
      console.error(`No account with reference ${reference}${slug ? ` at ${slug}` : ""}.`);
      return 1;
    }
    if (rows.length > 1) {
      console.error(
        `Several creditors use ${reference}: add --creditor with one of ${rows.map((r) => r.creditor).join(", ")}.`,
      );
      return 1;
    }
    const { mintAccessLink } = await import("../models/access-links.server");
    const link = await mintAccessLink({ accountId: rows[0].id, channel: "cli" });
    console.log(`Link:    ${env.appUrl}/l/${link.token}`);
    console.log(`Code:    ${link.code}  (at ${env.appUrl}/code)`);
    console.log(`Expires: ${link.expiresAt.toISOString()}`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      error instanceof EnvError ? error.message : `Failed: ${(error as Error).message}`,
    );
    process.exit(1);
  },
);
