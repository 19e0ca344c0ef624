// (c) The charge worker's apply step: a batch's answers applied through the functions the
// webhooks use (syncPaymentIntents), each kind in its own short transaction.
import { eachLimited } from "~/lib/each-limited";
import { syncPaymentIntent, syncPaymentIntents } from "~/models/payments.server";
import { errorFields, log } from "~/utils/log.server";
import {
  closeNotReached,
  intentId,
  markUnknown,
  recordDefects,
  type Closure,
  type Outcomes,
  type Synced,
} from "./charge-attempts.server";

/**
 * (c) Applies a batch's outcomes, each kind in its own short transaction. Never throws:
 * whatever fails leaves its attempt open, and the reconciler finishes it.
 */
export async function applyOutcomes(outcomes: Outcomes): Promise<Closure[]> {
  const { now } = outcomes;
  const closures: Closure[] = [];
  await guarded("apply charged intents", async () => {
    const applied = await syncAfterCharges(outcomes.intents.map((i) => i.intent));
    const done = outcomes.intents.filter((i) => applied.has(intentId(i.intent)));
    const pending = outcomes.intents.filter((i) => !applied.has(intentId(i.intent)));
    // Closed by the caller, in its next claim's transaction.
    closures.push(
      ...done.map((i) => ({
        attemptId: i.claimed.attemptId,
        paymentIntentId: intentId(i.intent),
        status: i.declined ? ("declined" as const) : ("charged" as const),
      })),
    );
    // Known intent, outcome not applied: left open with the intent on it for the reconciler.
    if (pending.length > 0)
      await markUnknown(
        pending.map((i) => ({
          attemptId: i.claimed.attemptId,
          paymentIntentId: intentId(i.intent),
          errorType: null,
          errorCode: null,
        })),
        now,
      );
  });
  if (outcomes.defects.length > 0)
    await guarded("record defects", () => recordDefects(outcomes.defects, now));
  if (outcomes.unknown.length > 0) {
    await guarded("record unknown outcomes", () =>
      markUnknown(
        outcomes.unknown.map((u) => ({
          attemptId: u.claimed.attemptId,
          paymentIntentId: null,
          errorType: u.errorType,
          errorCode: u.errorCode,
        })),
        now,
      ),
    );
  }
  // Ours to decide: this worker never sent them, and never will.
  if (outcomes.unsent.length > 0)
    await guarded(
      "release unsent attempts",
      async () =>
        void (await closeNotReached(
          outcomes.unsent.map((c) => c.attemptId),
          now,
        )),
    );
  return closures;
}

export async function guarded(what: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    log("warn", `charge worker: ${what} failed; the reconciler will finish it`, errorFields(error));
  }
}

/**
 * Intents per sync transaction, and such transactions at once: a default batch of 20 is
 * applied in four transactions side by side (measured on 2 cores: 10 × 2 and 20 × 2 were
 * slower; each transaction locks its accounts in id order first, so lanes cannot deadlock).
 */
const SYNC_GROUP = 5;
const SYNC_LANES = 4;

/**
 * Applies charged intents' states in groups of SYNC_GROUP, one transaction each,
 * SYNC_LANES at once; a group that fails is retried intent by intent. Returns the ids of
 * the intents applied. Never throws: whatever is left, the webhook or the reconciler finishes.
 */
export async function syncAfterCharges(ids: Synced[]): Promise<Set<string>> {
  const applied = new Set<string>();
  const groups: Synced[][] = [];
  for (let i = 0; i < ids.length; i += SYNC_GROUP) groups.push(ids.slice(i, i + SYNC_GROUP));
  await eachLimited(groups, SYNC_LANES, async (group) => {
    try {
      await syncPaymentIntents(group);
      for (const item of group) applied.add(intentId(item));
      return;
    } catch (error) {
      if (group.length === 1)
        return log("warn", "sync after charge failed; the webhook or reconciler will finish it", {
          ...errorFields(error),
        });
    }
    for (const item of group) {
      try {
        await syncPaymentIntent(intentId(item));
        applied.add(intentId(item));
      } catch (error) {
        log("warn", "sync after charge failed; the webhook or reconciler will finish it", {
          ...errorFields(error),
        });
      }
    }
  });
  return applied;
}
