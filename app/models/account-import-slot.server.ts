// One account import per creditor at a time: the import row holds the slot (status
// `running`, a partial unique index) and proves it is alive with a heartbeat; a slot whose
// heartbeat stopped was left by a process that died, and may be taken over.
import { and, eq, inArray, lt } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { log } from "~/utils/log.server";

/** The running import proves it is alive this often… */
const HEARTBEAT_MS = 15_000;
/** …and a slot silent for this long was left by a process that died: it may be taken over. */
export const STALE_IMPORT_MS = 2 * 60_000;

/**
 * Takes the creditor's one import slot (an import row in `running`), or null when another
 * import holds it. A slot whose heartbeat stopped (its process died) is closed as failed
 * and taken over.
 */
export async function claimImportSlot(
  creditorId: string,
  userId: string | null,
  filename: string,
): Promise<string | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = new Date();
    const [claimed] = await db()
      .insert(schema.accountImports)
      .values({ creditorId, userId, filename, status: "running", heartbeatAt: now })
      .onConflictDoNothing()
      .returning({ id: schema.accountImports.id });
    if (claimed) return claimed.id;
    const stale = await db()
      .update(schema.accountImports)
      .set({
        status: "failed",
        heartbeatAt: null,
        rejections: [
          {
            row: 0,
            reference: "",
            column: "(file)",
            message:
              "This import stopped before it finished (our server restarted). Nothing was imported; please upload the file again.",
          },
        ],
      })
      .where(
        and(
          eq(schema.accountImports.creditorId, creditorId),
          eq(schema.accountImports.status, "running"),
          lt(schema.accountImports.heartbeatAt, new Date(now.getTime() - STALE_IMPORT_MS)),
        ),
      )
      .returning({ id: schema.accountImports.id });
    if (stale.length === 0) return null;
    await db()
      .delete(schema.accountImportRows)
      .where(
        inArray(
          schema.accountImportRows.importId,
          stale.map((s) => s.id),
        ),
      );
    log("warn", "account import taken over", { creditorId, importId: stale[0].id });
  }
  return null;
}

/** Beats while the import runs; the returned function stops it. */
export function startImportHeartbeat(importId: string): () => void {
  const heartbeat = setInterval(() => {
    db()
      .update(schema.accountImports)
      .set({ heartbeatAt: new Date() })
      .where(
        and(eq(schema.accountImports.id, importId), eq(schema.accountImports.status, "running")),
      )
      .catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
  return () => clearInterval(heartbeat);
}

export async function isImportRunning(creditorId: string): Promise<boolean> {
  const [row] = await db()
    .select({ id: schema.accountImports.id, heartbeatAt: schema.accountImports.heartbeatAt })
    .from(schema.accountImports)
    .where(
      and(
        eq(schema.accountImports.creditorId, creditorId),
        eq(schema.accountImports.status, "running"),
      ),
    )
    .limit(1);
  return Boolean(
    row && row.heartbeatAt && row.heartbeatAt.getTime() > Date.now() - STALE_IMPORT_MS,
  );
}
