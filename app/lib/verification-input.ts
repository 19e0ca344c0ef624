// What a debtor types to confirm it's them, read in every way a phone lets them type it,
// into the canonical form hashed at import time (see normalizeAnswer in ./verification).
// Pure, so the browser (before posting) and the server (the check) read it alike. A refusal
// says why, so the page can ask again calmly; only a well-formed answer is ever compared
// (and counted as a try). docs/decisions/0017-identity-answers-as-typed.md
import { daysInMonth } from "./calendar-date";
import type { VerificationFact } from "./verification";

/** Why an answer can't be read: "year" (two digits), "digits" (not 8), "date" (no such day). */
export type AnswerError = "required" | "format" | "year" | "digits" | "date";
export type ParsedAnswer = { ok: true; value: string } | { ok: false; error: AnswerError };

const refuse = (error: AnswerError): ParsedAnswer => ({ ok: false, error });

/** `now` decides what "in the future" means (a birthday today, anywhere on Earth, is fine). */
export function parseAnswer(fact: VerificationFact, raw: string, now = new Date()): ParsedAnswer {
  const input = cleanTyping(raw);
  if (!input) return refuse("required");
  switch (fact) {
    case "dob":
      return parseDob(input, latestBirthday(now));
    case "postal_code": {
      // ZIP or ZIP+4 (with or without the dash); only the first five identify the area.
      const match = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(input);
      return match ? { ok: true, value: match[1] } : refuse("format");
    }
    case "account_last4": {
      // The last four, or the whole reference pasted: its last four letters or digits.
      const compact = input.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
      return compact.length >= 4 ? { ok: true, value: compact.slice(-4) } : refuse("format");
    }
  }
}

/**
 * Undoes what keyboards and autofill add: full-width digits (NFKC), typographic dashes,
 * no-break spaces, invisible direction marks; then trims and collapses spaces.
 */
function cleanTyping(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

type Ymd = { y: number; m: number; d: number };

/** The UTC calendar day 14 hours ahead (the earliest time zone's today), as YYYY-MM-DD. */
function latestBirthday(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

const iso = ({ y, m, d }: Ymd) =>
  `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** A real day from 1900-01-01 up to `latest`. */
function isBirthday(date: Ymd, latest: string): boolean {
  const { y, m, d } = date;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  return iso(date) <= latest;
}

function accept(date: Ymd, latest: string): ParsedAnswer {
  return isBirthday(date, latest) ? { ok: true, value: iso(date) } : refuse("date");
}

function parseDob(input: string, latest: string): ParsedAnswer {
  if (/^\d+$/.test(input)) return parseDobDigits(input, latest);
  // Separators: / - . , and spaces, mixed or repeated ("03 / 14 / 1985", "March 14, 1985").
  const parts = input.split(/[\s/.,-]+/).filter((p) => p && !FILLER.has(p.toLowerCase()));
  if (parts.length !== 3) return refuse("format");
  const words = parts.filter((p) => !/^\d+$/.test(p));
  if (words.length === 0) return parseDobNumbers(parts, latest);
  if (words.length !== 1) return refuse("format");
  return parseDobWithMonthName(parts, words[0], latest);
}

/** Digits only: what a phone's numeric keypad (no "/" key) can type. */
function parseDobDigits(digits: string, latest: string): ParsedAnswer {
  const n = (from: number, to: number) => Number(digits.slice(from, to));
  if (digits.length === 8) {
    const us = { m: n(0, 2), d: n(2, 4), y: n(4, 8) };
    if (isBirthday(us, latest)) return { ok: true, value: iso(us) };
    // YYYYMMDD: never a real MMDDYYYY too (its "month" would be 19 or 20).
    const compact = { y: n(0, 4), m: n(4, 6), d: n(6, 8) };
    if (isBirthday(compact, latest)) return { ok: true, value: iso(compact) };
    return refuse("date");
  }
  if (digits.length === 7) {
    // M DD YYYY or MM D YYYY: taken only when exactly one of them is a real date.
    const readings = [
      { m: n(0, 1), d: n(1, 3), y: n(3, 7) },
      { m: n(0, 2), d: n(2, 3), y: n(3, 7) },
    ].filter((date) => isBirthday(date, latest));
    return readings.length === 1 ? { ok: true, value: iso(readings[0]) } : refuse("digits");
  }
  // MMDDYY (a two-digit year), unless the last four look like a year (M D YYYY, ambiguous).
  if (digits.length === 6 && !looksLikeYear(n(2, 6), latest)) return refuse("year");
  return refuse("digits");
}

const looksLikeYear = (y: number, latest: string) => y >= 1900 && y <= Number(latest.slice(0, 4));

/** Three numbers: MM/DD/YYYY (as typed in the US, in English or Spanish) or YYYY-MM-DD. */
function parseDobNumbers(parts: string[], latest: string): ParsedAnswer {
  const [a, b, c] = parts;
  if (a.length === 4 && b.length <= 2 && c.length <= 2)
    return accept({ y: Number(a), m: Number(b), d: Number(c) }, latest);
  if (a.length > 2 || b.length > 2) return refuse("format");
  if (c.length === 2) return refuse("year");
  if (c.length !== 4) return refuse("format");
  return accept({ m: Number(a), d: Number(b), y: Number(c) }, latest);
}

/** "March 14, 1985", "14 de marzo de 1985", "Mar 14 1985": the month name says which is which. */
function parseDobWithMonthName(parts: string[], word: string, latest: string): ParsedAnswer {
  const month = monthNumber(word);
  if (!month) return refuse("format");
  const [day, year] = parts.filter((p) => p !== word);
  if (day.length > 2) return refuse("format");
  if (year.length === 2) return refuse("year");
  if (year.length !== 4) return refuse("format");
  return accept({ m: month, d: Number(day), y: Number(year) }, latest);
}

// Words between the parts of a written date: "14 de marzo de 1985", "the 14th of March".
const FILLER = new Set(["de", "del", "of", "the"]);

// English and Spanish month names; a name is recognised by its first three letters
// (those are unique across both languages, with "sep"/"set" for septiembre/setiembre).
// prettier-ignore
const MONTH_STEMS: Record<string, number> = {
  jan: 1, ene: 1, feb: 2, mar: 3, apr: 4, abr: 4, may: 5, jun: 6, jul: 7,
  aug: 8, ago: 8, sep: 9, set: 9, oct: 10, nov: 11, dec: 12, dic: 12,
};

// prettier-ignore
const MONTH_NAMES = new Set([
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", "enero", "febrero", "marzo", "abril", "mayo", "junio",
  "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "sept",
]);

function monthNumber(word: string): number | null {
  const w = word
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const stem = MONTH_STEMS[w.slice(0, 3)];
  if (!stem) return null;
  // An abbreviation (3 letters) or a whole name; not any word that starts like a month.
  return w.length === 3 || MONTH_NAMES.has(w) ? stem : null;
}
