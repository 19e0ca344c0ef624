// Accessibility checks that axe cannot do, for the sweep (tests/e2e/a11y-sweep.spec.ts):
// focus visible and not hidden while tabbing (WCAG 2.4.7, 2.4.11), target size (2.5.8),
// non-text contrast of fields, radios and the focus ring (1.4.11). Also the set-up the
// sweep and the no-JavaScript journeys (a11y-no-js.spec.ts) share: a session of a creditor
// user of the test's own (tests/support/e2e-data.ts) and accounts no other spec knows,
// created through the creditor area.
import fs from "node:fs";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { AXE_TAGS } from "./e2e";

// ---------------------------------------------------------------------------------------
// Page checks
// ---------------------------------------------------------------------------------------

export const PHONE = { width: 320, height: 640 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * Everything the sweep checks on the page as it is now; returns the problems found.
 * Tabbing comes first, from the fresh page: nothing has moved the focus starting point yet.
 */
export async function auditPage(
  page: Page,
  label: string,
  options: { tabWidths?: number[] } = {},
): Promise<string[]> {
  const problems: string[] = [];
  for (const width of options.tabWidths ?? [PHONE.width, DESKTOP.width]) {
    await page.setViewportSize(width === PHONE.width ? PHONE : DESKTOP);
    problems.push(...(await tabWalk(page, `${label} @${width}px`)));
  }
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    problems.push(...(await axeProblems(page)).map((p) => `${label} @${size.width}px: axe ${p}`));
    if (size === PHONE) {
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const by = document.documentElement.scrollWidth - width;
        // Name the innermost elements that stick out, so the report says what to fix.
        const culprits = Array.from(document.querySelectorAll("body *"))
          .filter(
            (el) =>
              el.getBoundingClientRect().right > width + 0.5 &&
              !Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 0.5),
          )
          .slice(0, 3)
          .map(
            (el) =>
              `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> "${(el.textContent ?? "").trim().slice(0, 30)}"`,
          );
        return { by, culprits };
      });
      if (overflow.by > 0)
        problems.push(
          `${label} @320px: horizontal scroll of ${overflow.by}px (${overflow.culprits.join("; ")})`,
        );
    }
    const found = await page.evaluate(staticChecks);
    problems.push(...found.map((p) => `${label} @${size.width}px: ${p}`));
  }
  return problems;
}

/**
 * axe with the WCAG 2.2 AA tags, as expectAccessible (tests/support/e2e.ts) runs it, but in
 * legacy mode (axe.run in the page): the default finishes every run in a new blank page,
 * which costs about a second each, and the sweep runs some 170 of them.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

type StopResult =
  { kind: "outside" } | { kind: "seen" } | { kind: "stop"; problems: string[]; name: string };

/**
 * Presses Tab through the page (at most `maxStops` times) and checks every element that
 * gets the focus: a visible indicator of 3:1 against what is around it, and not hidden
 * (inside the viewport once scrolled there, and not covered by anything else).
 */
export async function tabWalk(page: Page, label: string, maxStops = 100): Promise<string[]> {
  const problems: string[] = [];
  await page.evaluate(() => {
    (window as unknown as { __a11ySeen?: WeakSet<Element> }).__a11ySeen = new WeakSet();
  });
  let outside = 0;
  let stops = 0;
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const result = await page.evaluate(checkFocused);
    if (result.kind === "seen") break; // went round once
    if (result.kind === "outside") {
      if (++outside >= 2) break; // left the page and did not come back
      continue;
    }
    outside = 0;
    stops++;
    problems.push(...result.problems.map((p) => `${label}: focus on ${result.name}: ${p}`));
  }
  if (stops === 0) problems.push(`${label}: Tab reached no element at all`);
  return problems;
}

// The functions below run in the page (page.evaluate): self-contained, no imports.

function checkFocused(): StopResult {
  const w = window as unknown as { __a11ySeen: WeakSet<Element> };
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement) return { kind: "outside" };
  if (w.__a11ySeen.has(el)) return { kind: "seen" };
  w.__a11ySeen.add(el);

  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  const rgba = (color: string): [number, number, number, number] => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "transparent";
    ctx.fillStyle = color; // any CSS colour (Tailwind 4 uses oklch) → sRGB
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const luminance = ([r, g, b]: number[]) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const contrast = (a: number[], b: number[]) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backgroundBehind = (start: Element | null): number[] => {
    const layers: number[][] = [];
    for (let node = start; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse())
      out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const describe = (node: Element) => {
    const text = (node.getAttribute("aria-label") ?? (node as HTMLElement).innerText ?? "")
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 40);
    const input = node as HTMLInputElement;
    const extra = node.id ? `#${node.id}` : input.name ? `[name=${input.name}]` : "";
    return `<${node.tagName.toLowerCase()}${extra}${text ? ` "${text}"` : ""}>`;
  };

  const problems: string[] = [];
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  if (
    rect.width < 2 ||
    rect.height < 2 ||
    style.visibility === "hidden" ||
    Number(style.opacity) === 0
  ) {
    problems.push(
      `the focused element is not visible (${Math.round(rect.width)}×${Math.round(rect.height)})`,
    );
    return { kind: "stop", problems, name: describe(el) };
  }

  // 2.4.7 + 1.4.11: an outline (or a ring made with box-shadow) of 3:1 against the colour
  // next to it. "auto" is the browser's own ring (only on pages without our stylesheet,
  // like the email preview): not modified by the author, so 1.4.11 does not apply.
  const outlineWidth = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth) || 0;
  const offset = parseFloat(style.outlineOffset) || 0;
  if (style.outlineStyle === "auto") {
    // the user agent's default indicator
  } else if (outlineWidth > 0) {
    const ring = rgba(style.outlineColor);
    const around = offset >= 0 ? backgroundBehind(el.parentElement) : backgroundBehind(el);
    const ratio = contrast(ring, around);
    if (outlineWidth < 2) problems.push(`focus outline only ${outlineWidth}px wide`);
    if (ring[3] < 1 || ratio < 3)
      problems.push(
        `focus outline contrast ${ratio.toFixed(2)}:1 against the background (needs 3:1)`,
      );
  } else if (style.boxShadow === "none") {
    problems.push("no visible focus indicator (no outline, no box-shadow)");
  }

  // 2.4.11: once scrolled to, the focused element is in the viewport and not covered. A
  // link that wraps has one box per line: the centre of any box that shows will do.
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const boxes = Array.from(el.getClientRects())
    .map((r) => ({
      left: Math.max(r.left, 0),
      right: Math.min(r.right, vw),
      top: Math.max(r.top, 0),
      bottom: Math.min(r.bottom, vh),
      full: r,
    }))
    .filter((b) => b.right > b.left && b.bottom > b.top);
  if (boxes.length === 0) {
    problems.push(
      `outside the viewport (${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}×${Math.round(rect.height)})`,
    );
  } else {
    const labels = Array.from((el as HTMLInputElement).labels ?? []);
    const hits = boxes.map((b) => {
      const x = (b.left + b.right) / 2;
      const y = (b.top + b.bottom) / 2;
      return { x, y, hit: document.elementFromPoint(x, y) };
    });
    const shows = hits.some(
      ({ hit }) => hit && (el === hit || el.contains(hit) || labels.some((l) => l.contains(hit))),
    );
    if (!shows) {
      const { x, y, hit } = hits[0];
      problems.push(
        `covered by ${hit ? describe(hit) : "nothing hit-testable"} at its centre (${Math.round(x)},${Math.round(y)})`,
      );
    } else if (rect.top < -1 || rect.bottom > vh + 1 || rect.left < -1 || rect.right > vw + 1) {
      problems.push("only partly inside the viewport");
    }
  }
  return { kind: "stop", problems, name: describe(el) };
}

/** Target size (2.5.8) and the non-text contrast of fields (1.4.11), over the whole page. */
function staticChecks(): string[] {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  const rgba = (color: string): [number, number, number, number] => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "transparent";
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const luminance = ([r, g, b]: number[]) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const contrast = (a: number[], b: number[]) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backgroundBehind = (start: Element | null): number[] => {
    const layers: number[][] = [];
    for (let node = start; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse())
      out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const describe = (node: Element) => {
    const text = (node.getAttribute("aria-label") ?? (node as HTMLElement).innerText ?? "")
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 40);
    const input = node as HTMLInputElement;
    const extra = node.id ? `#${node.id}` : input.name ? `[name=${input.name}]` : "";
    return `<${node.tagName.toLowerCase()}${extra}${text ? ` "${text}"` : ""}>`;
  };
  const visible = (node: Element, rect: DOMRect) => {
    if (rect.width * rect.height <= 1) return false; // display:none, or visually hidden (sr-only)
    const s = getComputedStyle(node);
    return s.visibility !== "hidden" && Number(s.opacity) !== 0;
  };

  const problems: string[] = [];
  const selector =
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
  const targets = Array.from(document.querySelectorAll(selector))
    .map((node) => ({ node, rect: node.getBoundingClientRect() }))
    .filter(({ node, rect }) => visible(node, rect));

  // A link inside a sentence is exempt (2.5.8 "inline"): inline, with other text in its block.
  const inSentence = (node: Element) => {
    if (node.tagName !== "A" || getComputedStyle(node).display !== "inline") return false;
    let block: Element | null = node.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    const all = (block?.textContent ?? "").replace(/\s+/g, " ").trim();
    const own = (node.textContent ?? "").replace(/\s+/g, " ").trim();
    return all.length > own.length + 3;
  };
  // 2.5.8's spacing exception, used for native checkboxes and radios only: a 24 px circle
  // on the target's centre touches no other target (its own label is part of it).
  const spaced = (node: Element, rect: DOMRect) => {
    const cx = rect.left + rect.width / 2;
    const cy = rect.top + rect.height / 2;
    const labels = Array.from((node as HTMLInputElement).labels ?? []);
    return targets.every(({ node: other, rect: r }) => {
      if (other === node || labels.some((l) => l.contains(other) || other.contains(l))) return true;
      const dx = Math.max(r.left - cx, 0, cx - r.right);
      const dy = Math.max(r.top - cy, 0, cy - r.bottom);
      return Math.hypot(dx, dy) >= 12;
    });
  };

  for (const { node, rect } of targets) {
    const type = (node as HTMLInputElement).type;
    const native = node.tagName === "INPUT" && (type === "checkbox" || type === "radio");
    if (inSentence(node)) continue;
    if (rect.width < 24 - 0.5 || rect.height < 24 - 0.5) {
      if (native && spaced(node, rect)) continue;
      problems.push(
        `target ${describe(node)} is ${rect.width.toFixed(1)}×${rect.height.toFixed(1)} px (needs 24×24)`,
      );
    }
  }

  // Fields: their boundary (border, or their own background) 3:1 against the page behind.
  const fields = Array.from(document.querySelectorAll("input, select, textarea")).filter((node) => {
    const type = (node as HTMLInputElement).type;
    return (
      ![
        "hidden",
        "checkbox",
        "radio",
        "submit",
        "button",
        "reset",
        "image",
        "file",
        "range",
        "color",
      ].includes(type) && visible(node, node.getBoundingClientRect())
    );
  });
  for (const node of fields) {
    const s = getComputedStyle(node);
    const around = backgroundBehind(node.parentElement);
    const sides = (["Top", "Right", "Bottom", "Left"] as const).filter(
      (side) =>
        parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0 &&
        s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== "none",
    );
    if (sides.length === 0) {
      const own = rgba(s.backgroundColor);
      if (own[3] === 0 || contrast(own, around) < 3)
        problems.push(`field ${describe(node)} has no border and no background of 3:1`);
      continue;
    }
    const worst = Math.min(
      ...sides.map((side) => {
        const c = rgba(s.getPropertyValue(`border-${side.toLowerCase()}-color`));
        return c[3] < 1 ? 1 : contrast(c, around);
      }),
    );
    if (worst < 3)
      problems.push(`field ${describe(node)} border contrast ${worst.toFixed(2)}:1 (needs 3:1)`);
  }
  // Checkboxes and radios are drawn by the browser; an author's accent colour (the ticked
  // state) must still stand out 3:1 from the page.
  for (const node of Array.from(
    document.querySelectorAll('input[type="checkbox"], input[type="radio"]'),
  )) {
    const accent = getComputedStyle(node).accentColor;
    if (!accent || accent === "auto" || !visible(node, node.getBoundingClientRect())) continue;
    const ratio = contrast(rgba(accent), backgroundBehind(node.parentElement));
    if (ratio < 3)
      problems.push(`${describe(node)} accent colour contrast ${ratio.toFixed(2)}:1 (needs 3:1)`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Set-up: a creditor session, and accounts no other spec knows, made through the app
// ---------------------------------------------------------------------------------------

// The TOTP key every fixture creditor user has (TEST_TOTP_KEY_BASE32 in
// tests/support/factories.ts, not imported here: it pulls the server's models in).
const FIXTURE_KEY = decodeBase32IgnorePadding("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
const RUN = process.env.E2E_RUN_ID ?? process.env.E2E_PORT ?? "local";
// A TOTP step is accepted once per user, so a second sign-in of the same user takes the next
// unused step (kept in a file: Playwright starts a new worker after a failure), and a
// session already made for the user in this run is reused.
const STEPS_FILE = `tests/.tmp/creditor-totp-steps-${RUN}.json`;
const sessionFile = (email: string) => `tests/.tmp/creditor-session-${RUN}-${email}.json`;

function usedSteps(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(STEPS_FILE, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** The next TOTP code of the fixture key that this run has not used yet for `email`. */
export async function nextTotpCode(email: string): Promise<string> {
  for (;;) {
    const used = usedSteps();
    const current = Math.floor(Date.now() / 30_000);
    const step = Math.max(current, (used[email] ?? 0) + 1);
    if (step <= current + 1) {
      fs.mkdirSync("tests/.tmp", { recursive: true });
      fs.writeFileSync(STEPS_FILE, JSON.stringify({ ...used, [email]: step }));
      return generateHOTP(FIXTURE_KEY, BigInt(step), 6);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A full creditor session in `context`: a saved one of this run if it still works, else a new sign-in. */
export async function creditorSession(context: BrowserContext, email: string, password: string) {
  try {
    await context.addCookies(JSON.parse(fs.readFileSync(sessionFile(email), "utf8")));
    if ((await context.request.get("/creditor", { maxRedirects: 0 })).status() === 200) return;
    await context.clearCookies();
  } catch {
    /* no saved session */
  }
  const first = await context.request.post("/creditor/sign-in", {
    form: { email, password },
    maxRedirects: 0,
  });
  expect(first.status(), "creditor sign-in").toBe(302);
  const second = await context.request.post("/creditor/two-factor", {
    form: { code: await nextTotpCode(email) },
    maxRedirects: 0,
  });
  expect(second.status(), "creditor second factor").toBe(302);
  fs.mkdirSync("tests/.tmp", { recursive: true });
  fs.writeFileSync(
    sessionFile(email),
    JSON.stringify((await context.cookies()).filter((c) => c.name.includes("creditor_session"))),
  );
}

export type TestDebtor = {
  reference: string;
  name: string;
  dob: string;
  email: string;
  accountId: string;
};

const CSV_HEADER =
  "reference,full_name,itemization_date,itemization_kind,itemized_amount,fees,dob,postal_code,email,email_source,phone,phone_source,phone_consent_at";

/**
 * Imports accounts into the signed-in creditor (a first-party one: date of birth as the
 * check) through the creditor area's CSV upload; returns the import id and each account's
 * id. References are unique per call.
 */
export async function importTestDebtors(
  request: APIRequestContext,
  rows: { name: string; dob: string; amount: string }[],
  prefix = "A11Y",
): Promise<{ importId: string; debtors: TestDebtor[] }> {
  const tag = `${prefix}-${Date.now().toString(36).toUpperCase()}`;
  const itemized = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const debtors = rows.map((r, i) => ({
    ...r,
    reference: `${tag}-${i + 1}`,
    email: `${r.name.toLowerCase().replace(/[^a-z]+/g, ".")}.${tag.toLowerCase()}@example.com`,
  }));
  const csv = [
    CSV_HEADER,
    ...debtors.map(
      (d) =>
        `${d.reference},${d.name},${itemized},last_statement,${d.amount},,${d.dob},10001,${d.email},debtor_provided,,,`,
    ),
  ].join("\n");
  const upload = await request.post("/creditor/accounts/import", {
    multipart: {
      file: { name: `${tag.toLowerCase()}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) },
    },
    maxRedirects: 0,
  });
  expect(upload.status(), "CSV import").toBe(302);
  const importId = upload.headers()["location"].split("/").pop()!;
  const report = (await (await request.get(`/creditor/imports/${importId}`)).text()).replace(
    /<!-- -->/g,
    "",
  );
  expect(
    report.includes(`Imported: ${rows.length} new account`),
    "CSV import result: every row imported",
  ).toBe(true);
  const list = await (await request.get(`/creditor/accounts?q=${encodeURIComponent(tag)}`)).text();
  const ids = new Map(
    [...list.matchAll(/href="\/creditor\/accounts\/([0-9a-f-]{36})"[^>]*>([^<]+)</g)].map((m) => [
      m[2].trim(),
      m[1],
    ]),
  );
  return {
    importId,
    debtors: debtors.map((d) => {
      const accountId = ids.get(d.reference);
      if (!accountId) throw new Error(`imported account ${d.reference} not in the list`);
      return { ...d, accountId };
    }),
  };
}

/** A new link "to share by hand" for the account, made on the creditor's account page. */
export async function letterLink(
  request: APIRequestContext,
  accountId: string,
): Promise<{ token: string; code: string }> {
  const html = await (
    await request.post(`/creditor/accounts/${accountId}`, {
      form: { intent: "send", channel: "letter" },
    })
  ).text();
  const token =
    /data-testid="new-link"[^>]*>\/l\/([^<]+)</.exec(html)?.[1] ??
    /href="\/l\/([^"]+)"[^>]*data-testid="new-link"/.exec(html)?.[1];
  const code = /code <span class="font-mono">([^<]+)</.exec(html)?.[1];
  if (!token || !code) throw new Error(`no link in the creditor's answer for ${accountId}`);
  return { token, code };
}

/** US date (what the verification step asks for) from an ISO date. */
export function usDate(iso: string) {
  const [y, m, d] = iso.split("-");
  return `${m}/${d}/${y}`;
}

/** Signs a test debtor in with plain posts, as the link page's forms would. */
export async function signInWithLink(
  context: BrowserContext,
  token: string,
  dob: string,
): Promise<string> {
  await context.request.post(`/l/${token}`, { form: { intent: "continue" } });
  const response = await context.request.post(`/l/${token}`, {
    form: { intent: "verify", answer: usDate(dob) },
    maxRedirects: 0,
  });
  expect(response.status(), "debtor sign-in").toBe(302);
  return response.headers()["location"];
}

/** Sets the language cookie the footer's switch sets (app/routes/lang.tsx). */
export async function setLanguage(context: BrowserContext, baseURL: string, lang: "en" | "es") {
  await context.addCookies([{ name: "lang", value: lang, url: baseURL }]);
}
