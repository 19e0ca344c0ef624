// Where a debtor probably is, for quiet hours: the zones of a phone number, of a mailing
// address, and of a debtor (the tables are in timezone-tables.ts). Places that span two
// zones give both, so the caller can take only the hours that are fine in each (the
// conservative reading of the rule).
import {
  AREA_CODE_ZONES,
  FALLBACK_ZONES,
  STATE_ZONES,
  ZIP3_STATES,
  ZIP3_ZONES,
} from "./timezone-tables";

/** The zones of a North American number (+1 NXX …); null for toll-free, foreign or unknown. */
export function zonesForPhone(phone: string | null | undefined): readonly string[] | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  if (national.length !== 10) return null;
  return AREA_CODE_ZONES.get(Number(national.slice(0, 3))) ?? null;
}

/** The zones of a US mailing address: the ZIP prefix decides in split states. */
export function zonesForAddress(
  region: string | null | undefined,
  postalCode: string | null | undefined,
): readonly string[] | null {
  const zip3 = postalCode?.trim().match(/^(\d{3})\d{2}(?:-?\d{4})?$/)?.[1];
  let state = region?.trim().toUpperCase() || null;
  if (!state && zip3) state = stateForZip3(Number(zip3));
  if (!state) return null;
  const stateZones = STATE_ZONES[state];
  if (!stateZones) return null;
  if (stateZones.length === 1) return stateZones;
  if (zip3) return ZIP3_ZONES[zip3] ?? stateZones.slice(0, 1);
  return stateZones;
}

function stateForZip3(zip3: number): string | null {
  for (const [from, to, state] of ZIP3_STATES) if (zip3 >= from && zip3 <= to) return state;
  return null;
}

export function isValidTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every zone the debtor may be in right now. The debtor's own time zone wins over the
 * address; the phone's area code is added when it disagrees (people move and keep their
 * number), so only the hours fine in all of them are used. `primary` is where the
 * debtor's own quiet window is read.
 */
export function debtorZones(input: {
  timezone?: string | null;
  region?: string | null;
  postalCode?: string | null;
  phone?: string | null;
}): { primary: string; zones: string[]; source: "debtor" | "address" | "phone" | "fallback" } {
  const home = isValidTimeZone(input.timezone)
    ? [input.timezone]
    : zonesForAddress(input.region, input.postalCode);
  const phone = zonesForPhone(input.phone);
  if (home) {
    const zones = [...new Set([...home, ...(phone ?? [])])];
    return {
      primary: home[0],
      zones,
      source: isValidTimeZone(input.timezone) ? "debtor" : "address",
    };
  }
  if (phone) return { primary: phone[0], zones: [...phone], source: "phone" };
  return { primary: FALLBACK_ZONES[0], zones: [...FALLBACK_ZONES], source: "fallback" };
}
