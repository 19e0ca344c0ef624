import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { answerDispute, fileDispute } from "../../app/models/disputes.server";
import {
  getPreferences,
  setEsignConsent,
  updatePreferences,
} from "../../app/models/preferences.server";
import { getStatement } from "../../app/models/statement.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
const accountByRef = async (reference: string) =>
  (
    await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference))
  )[0];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
});
afterAll(() => database?.dispose());

describe("statement", () => {
  it("itemizes the ledger for a third-party account with validation information and the settlement offer", async () => {
    const maria = await accountByRef("NRS-55012873");
    const now = new Date();
    const s = (await getStatement(maria.debtorId, maria.id, now))!;
    expect(s.itemization).toEqual({
      itemizedCents: 452_000,
      interestCents: 31_075,
      feesCents: 3_500,
      paymentsCents: 5_000,
      creditsCents: 1_000,
      currentCents: 480_575,
    });
    expect(s.creditor.collectorType).toBe("third_party");
    expect(s.account.originalCreditor).toBe("Summit Card Bank");
    expect(s.validationEndsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Notice sent 10 days ago: received 5 business days later, + 30 days.
    expect(s.validationEndsOn! > s.today).toBe(true);
    expect(s.settlement).toEqual({
      amountCents: 336_402,
      savingsCents: 144_173,
      expiresOn: expect.any(String),
    });
    expect(s.timeline.map((i) => i.kind)).toEqual(["validation_end", "settlement_end"]);
    expect(s.payments).toEqual([{ date: expect.any(String), amountCents: 5_000, reversal: false }]);
  });

  it("shows no validation period for a first-party creditor, and nobody else's account", async () => {
    const alex = await accountByRef("BSD-100245");
    const maria = await accountByRef("NRS-55012873");
    const s = (await getStatement(alex.debtorId, alex.id))!;
    expect(s.validationEndsOn).toBeNull();
    expect(s.settlement).toBeNull();
    expect(s.itemization.currentCents).toBe(8_450);
    expect(await getStatement(alex.debtorId, maria.id)).toBeNull();
  });
});

describe("disputes", () => {
  it("put the account on hold, and answering ends it with the status the ledger and plan give", async () => {
    const alex = await accountByRef("BSD-100245");
    const maria = await accountByRef("NRS-55012873");
    expect(
      await fileDispute({
        debtorId: maria.debtorId,
        accountId: alex.id,
        form: { reason: "not_my_debt", details: "" },
        ip: "ip",
      }),
    ).toBeNull();

    const first = await fileDispute({
      debtorId: alex.debtorId,
      accountId: alex.id,
      form: { reason: "wrong_amount", details: "The fee" },
      ip: "ip",
    });
    expect(first).toMatchObject({
      reason: "wrong_amount",
      channel: "web",
      status: "open",
      statusBeforeHold: "open",
    });
    expect((await accountByRef("BSD-100245")).status).toBe("on_hold");
    const second = await fileDispute({
      debtorId: alex.debtorId,
      accountId: alex.id,
      form: { reason: "original_creditor", details: "" },
      ip: "ip",
    });
    expect(second!.statusBeforeHold).toBe("open");
    const s = (await getStatement(alex.debtorId, alex.id))!;
    expect(s.openDispute).toMatchObject({ reason: "original_creditor" });
    expect(s.timeline[0].kind).toBe("on_hold");
    expect(s.canPay).toBe(true);

    expect(
      await answerDispute({
        creditorId: maria.creditorId,
        disputeId: first!.id,
        response: "x",
        actorId: "u",
      }),
    ).toBeNull();
    const answered = await answerDispute({
      creditorId: alex.creditorId,
      disputeId: first!.id,
      response: "Corrected",
      actorId: "u",
    });
    // The status comes from the ledger and the plan (here: owed, no plan → open).
    expect(answered).toEqual({ accountId: alex.id, restoredStatus: "open", schedule: null });
    expect((await accountByRef("BSD-100245")).status).toBe("open");
    const open = await database.db
      .select()
      .from(schema.disputes)
      .where(eq(schema.disputes.accountId, alex.id));
    expect(open.every((d) => d.status === "answered")).toBe(true);
    const audit = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, alex.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["dispute.filed", "dispute.answered"]),
    );
  });
});

describe("preferences", () => {
  it("stores opt-outs, language, quiet hours and E-SIGN consent with an audit trail", async () => {
    const sam = await accountByRef("NRS-55019940");
    await updatePreferences(
      sam.debtorId,
      {
        optOutEmail: false,
        optOutSms: true,
        language: "es",
        quietStart: "12:00",
        quietEnd: "14:00",
      },
      "ip",
    );
    await setEsignConsent(sam.debtorId, "consent", "ip");
    let p = (await getPreferences(sam.debtorId))!;
    expect(p).toMatchObject({
      optOutEmail: false,
      optOutSms: true,
      language: "es",
      quietStart: "12:00",
      quietEnd: "14:00",
      esignActive: true,
    });
    await new Promise((r) => setTimeout(r, 5));
    await setEsignConsent(sam.debtorId, "withdraw", "ip");
    p = (await getPreferences(sam.debtorId))!;
    expect(p.esignActive).toBe(false);
    const audit = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, sam.debtorId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["preferences.updated", "esign.consent", "esign.withdraw"]),
    );
  });
});

describe("creditor at a glance", () => {
  it("counts plans by status, failed payments and waiting hardship requests", async () => {
    const { getDashboard } = await import("../../app/models/creditor-dashboard.server");
    const sam = await accountByRef("NRS-55019940");
    const d = await getDashboard(sam.creditorId);
    expect(d.plans).toEqual({ active: 1, completed: 0, broken: 0 });
    expect(d.failedPayments).toBe(0);
    expect(d.hardshipPending).toBe(0);
    const brightside = await getDashboard((await accountByRef("BSD-100245")).creditorId);
    expect(brightside.plans.active).toBe(0);
  });
});
