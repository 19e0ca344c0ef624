/**
 * The creditor's face on a debtor's page: which creditor a page belongs to (from its
 * address), and the accent colour that may be shown (WCAG contrast, with the house colour
 * when the creditor's fails). Pure: no I/O, safe in the browser.
 */

/** The portal's own accent (app/tailwind.css): 6.70:1 on white. */
export const HOUSE_ACCENT = "#1d4ed8";
/** WCAG 2 AA for body text (1.4.3). */
export const MIN_TEXT_CONTRAST = 4.5;

/** "#0f766e" → [15, 118, 110]; null for anything but #rgb or #rrggbb. */
export function parseHexColor(value: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio of two colours (1 to 21); null when either is not a hex colour. */
export function contrastRatio(a: string, b: string): number | null {
  const rgbA = parseHexColor(a);
  const rgbB = parseHexColor(b);
  if (!rgbA || !rgbB) return null;
  const [light, dark] = [luminance(rgbA), luminance(rgbB)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Contrast ratio of a colour against white (1 to 21). */
export function contrastOnWhite(hex: string): number | null {
  return contrastRatio(hex, "#ffffff");
}

/**
 * The accent to show as text (or under white text) on `background`: the creditor's, as
 * #rrggbb, when it reaches `minimum` against it; otherwise the house colour. A colour saved
 * before the settings page checked contrast, or set straight in the database, never makes
 * a page harder to read.
 */
export function safeAccent(
  accent: string | null | undefined,
  background = "#ffffff",
  minimum = MIN_TEXT_CONTRAST,
): string {
  const rgb = accent ? parseHexColor(accent) : null;
  const ratio = accent ? contrastRatio(accent, background) : null;
  if (!rgb || ratio === null || ratio < minimum) return HOUSE_ACCENT;
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** What the header shows for a creditor: its name, its logo's address, a readable accent. */
export type PageBrand = { name: string; logoPath: string | null; accent: string };

/**
 * Where a page's creditor comes from: the link in its address (before sign-in), the
 * account in its address (signed in), or the signed-in debtor's accounts when they are
 * all with one creditor (their other debtor pages). Null: a page of nobody's creditor
 * (home, code, demo, creditor area, sign-out…), which keeps the portal's own header.
 */
export type BrandScope =
  | { kind: "link"; token: string }
  | { kind: "account"; accountId: string }
  | { kind: "debtor" }
  | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function brandScopeFor(pathname: string): BrandScope {
  const link = /^\/l\/([A-Za-z0-9_-]{20,64})(?:\/real)?\/?$/.exec(pathname);
  if (link) return { kind: "link", token: link[1] };
  const account = /^\/accounts\/([^/.]+)(?=$|[/.])/.exec(pathname);
  if (account) return UUID.test(account[1]) ? { kind: "account", accountId: account[1] } : null;
  if (/^\/(?:accounts|preferences|is-this-real)\/?$/.test(pathname)) return { kind: "debtor" };
  return null;
}

/** Pages with the same key have the same creditor (so the header needs no new lookup). */
export function brandScopeKey(pathname: string): string {
  const scope = brandScopeFor(pathname);
  if (!scope) return "";
  return scope.kind === "link"
    ? `link:${scope.token}`
    : scope.kind === "account"
      ? `account:${scope.accountId}`
      : "debtor";
}
