import { describe, expect, it } from "vitest";
import {
  checkCadence,
  decideSend,
  effectiveCadence,
  PLATFORM_CADENCE,
  type SendContext,
} from "../../app/lib/message-rules";
import { classifySms, normalizePhone } from "../../app/lib/opt-out";
import { localMinutes, nextSendTime } from "../../app/lib/quiet-hours";
import { debtorZones, zonesForAddress, zonesForPhone } from "../../app/lib/timezones";

const ET = "America/New_York";
const CT = "America/Chicago";
const PT = "America/Los_Angeles";
const at = (iso: string) => new Date(iso);
const hhmm = (d: Date, zone: string) => {
  const m = localMinutes(d, zone);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

describe("time zones", () => {
  it.each([
    ["+12125550101", [ET]],
    ["(415) 555-0103", [PT]],
    ["+1 512 555 0102", [CT]],
    ["+19155550100", ["America/Denver"]], // El Paso
    ["+18505550100", [CT, ET]], // Florida panhandle spans two zones
    ["+18005550199", null], // toll-free
    ["+447700900123", null],
    ["", null],
  ] as const)("area code of %s → %j", (phone, zones) => {
    expect(zonesForPhone(phone)).toEqual(zones);
  });

  it.each([
    ["NY", "10001", [ET]],
    ["CA", "94110", [PT]],
    ["TX", "78701", [CT]],
    ["TX", "79901", ["America/Denver"]],
    ["FL", "32501", [CT]],
    ["FL", "33101", [ET]],
    ["TX", null, [CT, "America/Denver"]], // split state, no ZIP: both
    [null, "02139", [ET]], // state from the ZIP prefix
    [null, null, null],
  ] as const)("address %s %s → %j", (region, zip, zones) => {
    expect(zonesForAddress(region, zip)).toEqual(zones);
  });

  it("puts the debtor's own zone first, adds a disagreeing area code, falls back to the contiguous US", () => {
    expect(
      debtorZones({ timezone: "America/Phoenix", region: "NY", phone: "+12125550101" }),
    ).toEqual({ primary: "America/Phoenix", zones: ["America/Phoenix", ET], source: "debtor" });
    expect(debtorZones({ region: "CA", postalCode: "94110", phone: "+12125550101" })).toEqual({
      primary: PT,
      zones: [PT, ET],
      source: "address",
    });
    expect(debtorZones({ phone: "+14155550103" })).toMatchObject({ primary: PT, source: "phone" });
    expect(debtorZones({}).zones).toEqual([ET, CT, "America/Denver", PT]);
  });
});

describe("quiet hours", () => {
  // [now (UTC), zones, own window, expected: "ok" or the local ET time it may go]
  const cases: [string, string, string[], { start: string; end: string } | null, string][] = [
    ["ET at 10:00 is fine", "2025-06-10T14:00:00Z", [ET], null, "ok"],
    ["ET at 07:59 waits for 08:00", "2025-06-10T11:59:00Z", [ET], null, "08:00"],
    ["ET at 21:00 waits for 08:00 next day", "2025-06-11T01:00:00Z", [ET], null, "08:00"],
    ["ET at 20:59 is fine", "2025-06-11T00:59:00Z", [ET], null, "ok"],
    [
      "ET phone + PT address at 10:00 ET waits for 11:00 ET",
      "2025-06-10T14:00:00Z",
      [PT, ET],
      null,
      "11:00",
    ],
    ["ET phone + PT address at 11:00 ET is fine", "2025-06-10T15:00:00Z", [PT, ET], null, "ok"],
    ["ET phone + PT address at 20:59 ET is fine", "2025-06-11T00:59:00Z", [PT, ET], null, "ok"],
    [
      "ET phone + PT address at 21:00 ET waits for 11:00 ET",
      "2025-06-11T01:00:00Z",
      [PT, ET],
      null,
      "11:00",
    ],
    [
      "own window 12:00–14:00 at 12:30 waits for 14:00",
      "2025-06-10T16:30:00Z",
      [ET],
      { start: "12:00", end: "14:00" },
      "14:00",
    ],
    [
      "own window 12:00–14:00 at 14:00 is fine",
      "2025-06-10T18:00:00Z",
      [ET],
      { start: "12:00", end: "14:00" },
      "ok",
    ],
    [
      "own window across midnight 19:00–09:00 at 07:00 waits for 09:00",
      "2025-06-10T11:00:00Z",
      [ET],
      { start: "19:00", end: "09:00" },
      "09:00",
    ],
    [
      "own window 19:00–09:00 at 19:30 waits for 09:00 next day",
      "2025-06-10T23:30:00Z",
      [ET],
      { start: "19:00", end: "09:00" },
      "09:00",
    ],
    ["winter (EST) 07:30 waits for 08:00", "2025-01-15T12:30:00Z", [ET], null, "08:00"],
    [
      "the night DST starts: 01:30 EST waits for 08:00 EDT",
      "2025-03-09T06:30:00Z",
      [ET],
      null,
      "08:00",
    ],
    ["the night DST ends: 01:30 waits for 08:00 EST", "2025-11-02T05:30:00Z", [ET], null, "08:00"],
  ];
  it.each(cases)("%s", (_, now, zones, own, expected) => {
    const result = nextSendTime(at(now), zones, { primaryZone: zones[0] === PT ? PT : ET, own });
    if (expected === "ok") {
      expect(result).toEqual({ ok: true });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(hhmm(result.at, ET)).toBe(expected);
      expect(result.at.getTime()).toBeGreaterThan(at(now).getTime());
      expect(nextSendTime(result.at, zones, { primaryZone: zones[0], own }).ok).toBe(true);
    }
  });

  it("ET phone + PT address allows exactly 11:00–21:00 ET over a whole day", () => {
    const allowed: string[] = [];
    for (let minute = 0; minute < 24 * 60; minute += 30) {
      const t = new Date(Date.UTC(2025, 5, 10, 4, 0) + minute * 60_000); // from 00:00 EDT
      if (nextSendTime(t, [PT, ET]).ok) allowed.push(hhmm(t, ET));
    }
    expect(allowed[0]).toBe("11:00");
    expect(allowed.at(-1)).toBe("20:30");
    expect(allowed).toHaveLength(20);
  });
});

describe("cadence", () => {
  const now = at("2025-06-10T15:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const cadence = effectiveCadence(null);
  it.each([
    ["nothing sent", [], "ok"],
    ["one 25 hours ago", [25], "ok"],
    ["one 2 hours ago: wait until it is 24 hours old", [2], "cadence_day:22"],
    ["three this week, the oldest 6 days ago", [30, 100, 144], "cadence_week:24"],
    ["three, the oldest 7 days and 1 hour ago (out of the window)", [30, 100, 169], "ok"],
    ["two this week", [30, 100], "ok"],
  ] as const)("%s", (_, ages, expected) => {
    const result = checkCadence(now, ages.map(hoursAgo), cadence);
    if (expected === "ok") return expect(result).toEqual({ ok: true });
    const [reason, hours] = expected.split(":");
    expect(result).toEqual({
      ok: false,
      reason,
      at: new Date(now.getTime() + Number(hours) * 3_600_000),
    });
  });

  it("lets a creditor set fewer, never more, than the platform ceiling", () => {
    expect(PLATFORM_CADENCE).toEqual({ perDay: 1, perWeek: 3 });
    expect(effectiveCadence({ perDay: 5, perWeek: 20 })).toEqual({ perDay: 1, perWeek: 3 });
    expect(effectiveCadence({ perWeek: 2 })).toEqual({ perDay: 1, perWeek: 2 });
    expect(effectiveCadence({ perDay: 0, perWeek: 0 })).toEqual({ perDay: 1, perWeek: 1 });
  });
});

describe("SMS keywords", () => {
  it.each([
    "STOP",
    "stop",
    "Stop.",
    " STOP! ",
    "StopAll",
    "UNSUBSCRIBE",
    "cancel",
    "End",
    "quit",
    "REVOKE",
    "OPT OUT",
    "opt-out",
    "Opt out!",
    "no más",
    "NO MAS",
    "No más.",
    "¡No más!",
  ])("%j opts out", (body) => {
    expect(classifySms(body)).toBe("stop");
  });
  it.each([
    ["HELP", "help"],
    ["help?", "help"],
    ["START", "start"],
    ["unstop", "start"],
    ["please stop calling my mother", "other"],
    ["I don't owe this", "other"],
    ["", "other"],
  ] as const)("%j → %s", (body, keyword) => {
    expect(classifySms(body)).toBe(keyword);
  });
  it("normalises North American numbers to E.164", () => {
    expect(normalizePhone("(212) 555-0101")).toBe("+12125550101");
    expect(normalizePhone("1-212-555-0101")).toBe("+12125550101");
    expect(normalizePhone("+44 7700 900123")).toBe("+447700900123");
    expect(normalizePhone("555-0101")).toBeNull();
  });
});

describe("the send decision", () => {
  const base: SendContext = {
    now: at("2025-06-10T15:00:00Z"), // 11:00 ET
    channel: "email",
    template: "payment_reminder",
    initiatedBy: "system",
    accountStatus: "in_plan",
    contact: {
      address: "a@example.com",
      source: "creditor_records",
      consentAt: at("2025-01-01T00:00:00Z"),
    },
    optedOut: false,
    smsStopped: false,
    zones: [ET],
    primaryZone: ET,
    ownQuietWindow: null,
    sendNow: false,
    notBefore: null,
    recent: [],
    cadence: effectiveCadence(null),
  };
  const recentOne = [at("2025-06-10T12:00:00Z")];
  it.each<[string, Partial<SendContext>, string]>([
    ["a reminder in hours, under the cadence", {}, "send"],
    [
      "no address",
      { contact: { address: null, source: "x", consentAt: null } },
      "suppress:no_contact",
    ],
    [
      "no provenance",
      { contact: { address: "a@example.com", source: null, consentAt: null } },
      "suppress:no_provenance",
    ],
    [
      "SMS without consent",
      {
        channel: "sms",
        contact: { address: "+12125550101", source: "debtor_provided", consentAt: null },
      },
      "suppress:no_consent",
    ],
    ["SMS to a stopped number", { channel: "sms", smsStopped: true }, "suppress:sms_stopped"],
    ["email opted out", { optedOut: true }, "suppress:opted_out"],
    ["reminder on a disputed account", { accountStatus: "on_hold" }, "suppress:account_on_hold"],
    [
      "dispute acknowledgement on a disputed account",
      { accountStatus: "on_hold", template: "dispute_acknowledgement", initiatedBy: "debtor" },
      "send",
    ],
    [
      "creditor-sent link on a disputed account",
      { accountStatus: "on_hold", template: "access_link", initiatedBy: "creditor" },
      "suppress:account_on_hold",
    ],
    [
      "debtor-requested link on a disputed account",
      { accountStatus: "on_hold", template: "access_link", initiatedBy: "debtor" },
      "send",
    ],
    ["reminder after one message today", { recent: recentOne }, "defer:cadence_day"],
    [
      "receipt after one message today (receipts excepted)",
      { recent: recentOne, template: "payment_receipt" },
      "send",
    ],
    ["reminder at 07:00 ET", { now: at("2025-06-10T11:00:00Z") }, "defer:quiet_hours"],
    [
      "receipt at 23:00 ET waits for 08:00",
      { template: "payment_receipt", now: at("2025-06-11T03:00:00Z") },
      "defer:quiet_hours",
    ],
    [
      'receipt at 23:00 ET, debtor ticked "email my receipt now"',
      { template: "payment_receipt", now: at("2025-06-11T03:00:00Z"), sendNow: true },
      "send",
    ],
    ["before its not-before time", { notBefore: at("2025-06-10T18:00:00Z") }, "defer:not_before"],
    [
      "opt-out confirmation to a stopped number at night",
      {
        channel: "sms",
        template: "sms_opt_out_confirmation",
        smsStopped: true,
        now: at("2025-06-11T03:00:00Z"),
        contact: { address: "+12125550101", source: null, consentAt: null },
      },
      "send",
    ],
    ["an SMS-only template by email", { template: "sms_help" }, "suppress:wrong_channel"],
  ])("%s → %s", (_, change, expected) => {
    const decision = decideSend({ ...base, ...change });
    const [action, reason] = expected.split(":");
    expect(decision.action).toBe(action);
    if (reason) expect(decision).toMatchObject({ reason });
  });
});
