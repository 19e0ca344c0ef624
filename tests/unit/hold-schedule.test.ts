import { describe, expect, it } from "vitest";
import { addDays } from "~/lib/calendar-date";
import { HOLD_NOTICE_DAYS, scheduleAfterHold } from "~/lib/hold-schedule";

const today = "2026-03-10";
const base = { today, agreedOn: "2026-01-05", maxPlanDays: 365 };

describe("scheduleAfterHold", () => {
  it("leaves a schedule alone when nothing fell due during the hold", () => {
    expect(
      scheduleAfterHold({ ...base, open: [{ seq: 2, dueDate: "2026-03-11", retryOn: null }] }),
    ).toEqual({ kind: "unchanged" });
    expect(scheduleAfterHold({ ...base, open: [] })).toEqual({ kind: "unchanged" });
  });

  it("moves every scheduled payment by the same number of days so that the first falls after the notice: amounts, order and spacing kept", () => {
    const open = [
      { seq: 3, dueDate: "2026-03-20", retryOn: null },
      { seq: 2, dueDate: "2026-02-20", retryOn: null },
      { seq: 4, dueDate: "2026-04-20", retryOn: null },
    ];
    const result = scheduleAfterHold({ ...base, open });
    const first = addDays(today, HOLD_NOTICE_DAYS);
    expect(result).toMatchObject({ kind: "moved", shiftDays: 28, firstDate: first });
    if (result.kind !== "moved") throw new Error("moved");
    expect(result.moves).toEqual([
      { seq: 2, from: "2026-02-20", to: "2026-03-20" },
      { seq: 3, from: "2026-03-20", to: "2026-04-17" },
      { seq: 4, from: "2026-04-20", to: "2026-05-18" },
    ]);
  });

  it("counts a payment due on the hold's last day as fallen due (a dispute answered today), but not one due the day payments resume (a pause until that date)", () => {
    expect(
      scheduleAfterHold({ ...base, open: [{ seq: 1, dueDate: today, retryOn: null }] }).kind,
    ).toBe("moved");
    expect(
      scheduleAfterHold({
        ...base,
        heldThrough: addDays(today, -1),
        open: [{ seq: 1, dueDate: today, retryOn: null }],
      }),
    ).toEqual({ kind: "unchanged" });
  });

  it("moves a retry that fell due during the hold to after the notice, without moving payments that were not due", () => {
    const result = scheduleAfterHold({
      ...base,
      open: [
        { seq: 1, dueDate: "2026-02-01", retryOn: "2026-03-01" },
        { seq: 2, dueDate: "2026-04-01", retryOn: null },
      ],
    });
    expect(result).toEqual({
      kind: "moved",
      shiftDays: 0,
      moves: [],
      retries: [1],
      retryOn: addDays(today, HOLD_NOTICE_DAYS),
      firstDate: addDays(today, HOLD_NOTICE_DAYS),
    });
  });

  it("asks the debtor when the moved schedule would end after the plan's latest end date", () => {
    const result = scheduleAfterHold({
      ...base,
      maxPlanDays: 100,
      open: [
        { seq: 1, dueDate: "2026-03-01", retryOn: null },
        { seq: 2, dueDate: "2026-04-10", retryOn: null },
      ],
    });
    // The plan may last until 2026-04-15; moved 19 days its last payment would be 2026-04-29.
    expect(result).toEqual({ kind: "ask", shiftDays: 19, latestEndDate: "2026-04-15" });
  });
});
