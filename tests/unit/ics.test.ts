import { describe, expect, it } from "vitest";
import { buildIcs } from "../../app/lib/ics";

describe("calendar file", () => {
  it("has one all-day event per date, CRLF line ends and escaped text", () => {
    const ics = buildIcs(
      [
        {
          uid: "a@x",
          date: "2027-01-31",
          summary: "Scheduled payment",
          description: "Open the portal; details, there",
          url: "https://pay.example/a",
        },
        {
          uid: "b@x",
          date: "2027-02-28",
          summary: "Scheduled payment",
          description: "x",
          url: "https://pay.example/a",
        },
      ],
      new Date("2026-11-26T12:00:00Z"),
    );
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain("DTSTART;VALUE=DATE:20270131\r\nDTEND;VALUE=DATE:20270201");
    expect(ics).toContain("DTSTART;VALUE=DATE:20270228\r\nDTEND;VALUE=DATE:20270301");
    expect(ics).toContain("DESCRIPTION:Open the portal\\; details\\, there");
    expect(ics).toContain("DTSTAMP:20261126T120000Z");
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});
