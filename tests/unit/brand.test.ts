// The creditor's face on debtor pages (#18 item 4): the accent shown only where it reads,
// and which pages belong to one creditor.
import { describe, expect, it } from "vitest";
import {
  brandScopeFor,
  brandScopeKey,
  contrastRatio,
  HOUSE_ACCENT,
  safeAccent,
} from "../../app/lib/brand";

const ID = "3f1c2a9e-0000-4000-8000-000000000000";
const TOKEN = "abcdefghijklmnopqrstuvwxyz12";

describe("the accent colour a page may show", () => {
  it("measures WCAG contrast both ways round", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#fff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("blue", "#ffffff")).toBeNull();
  });

  it("keeps the creditor's colour when it passes 4.5:1 on what it sits on", () => {
    expect(safeAccent("#0f766e")).toBe("#0f766e"); // 5.47:1 on white
    expect(safeAccent("#6D28D9")).toBe("#6d28d9");
    expect(safeAccent("#767676")).toBe("#767676"); // 4.54:1, just enough
    expect(safeAccent("#036")).toBe("#003366");
  });

  it("falls back to the house colour when the creditor's would be hard to read", () => {
    expect(safeAccent("#777777")).toBe(HOUSE_ACCENT); // 4.48:1
    expect(safeAccent("#facc15")).toBe(HOUSE_ACCENT); // yellow on white
    expect(safeAccent("#ffffff")).toBe(HOUSE_ACCENT);
    // Fine on white, not on a dark background.
    expect(safeAccent("#0f766e", "#0f172a")).toBe(HOUSE_ACCENT);
    expect(safeAccent("#facc15", "#0f172a")).toBe("#facc15");
  });

  it("falls back for anything that is not a colour (never passes it through)", () => {
    for (const bad of [null, undefined, "", "red", "#12345", "#0f766e;}body{x:y", "url(x)"]) {
      expect(safeAccent(bad), String(bad)).toBe(HOUSE_ACCENT);
    }
  });

  it("the house colour itself passes on white", () => {
    expect(contrastRatio(HOUSE_ACCENT, "#ffffff")!).toBeGreaterThanOrEqual(4.5);
  });
});

describe("which creditor a page belongs to", () => {
  it("a link page and its 'Is this real?' page: the link's", () => {
    expect(brandScopeFor(`/l/${TOKEN}`)).toEqual({ kind: "link", token: TOKEN });
    expect(brandScopeFor(`/l/${TOKEN}/real`)).toEqual({ kind: "link", token: TOKEN });
    expect(brandScopeKey(`/l/${TOKEN}`)).toBe(brandScopeKey(`/l/${TOKEN}/real`));
    expect(brandScopeFor("/l/short")).toBeNull();
  });

  it("an account's pages: that account's", () => {
    for (const path of [`/accounts/${ID}`, `/accounts/${ID}/pay`, `/accounts/${ID}/receipts/x`]) {
      expect(brandScopeFor(path), path).toEqual({ kind: "account", accountId: ID });
    }
    expect(brandScopeFor("/accounts/not-a-uuid")).toBeNull();
  });

  it("the signed-in debtor's other pages: their creditor, when they have one", () => {
    for (const path of ["/accounts", "/preferences", "/is-this-real"]) {
      expect(brandScopeFor(path), path).toEqual({ kind: "debtor" });
    }
  });

  it("pages of nobody's creditor keep the portal's header", () => {
    for (const path of ["/", "/code", "/demo", "/creditor", "/creditor/branding", "/signed-out"]) {
      expect(brandScopeFor(path), path).toBeNull();
      expect(brandScopeKey(path)).toBe("");
    }
    expect(brandScopeKey(`/accounts/${ID}`)).not.toBe(brandScopeKey("/accounts"));
  });
});
