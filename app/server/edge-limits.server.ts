// Rate limits the edge decides from the URL and the client address alone, before a byte
// of the body is read (app/utils/rate-limit.server.ts has the limits themselves).
//   count: counted here, for every post to the path (and nowhere else);
//   check: counted by the model once it knows what the post asks (the intent, the email),
//          and only checked here: an address already at the limit gets its 429 now,
//          without its body being read, instead of after.
// The form routes' limits apply to form posts only: any other body is refused by the
// route from its Content-Type alone (415, app/utils/forms.server.ts) and attempts nothing.
import type { LimitName } from "../utils/rate-limit.server";

export type EdgeLimit = {
  path: RegExp;
  count?: LimitName[];
  check?: LimitName[];
  anyBody?: boolean;
};

/** For posts (any method but GET/HEAD), matched against the routed path (edge-paths.server.ts). */
export const EDGE_LIMITS: EdgeLimit[] = [
  // Typed codes: one hit per attempt (codeEntry moved here from the route).
  { path: /^\/code$/, count: ["codeEntry"], check: ["linkOpen", "verifyIp"] },
  // Links: continue counts linkOpen, verify counts verifyIp and verifyLink, in the model.
  { path: /^\/l\/[^/]+$/, check: ["linkOpen", "verifyIp"] },
  { path: /^\/unsubscribe\/[^/]+$/, check: ["linkOpen"] },
  // Creditor sign-in: signIn per address is counted by signInWithPassword.
  { path: /^\/creditor\/sign-in$/, check: ["signIn"] },
  { path: /^\/creditor\/invite\/[^/]+$/, check: ["creditorInvite"] },
  // Stripe: only deliveries that failed their signature count (webhooks.stripe.tsx).
  { path: /^\/webhooks\/stripe$/, check: ["webhookRefused"], anyBody: true },
];

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export function edgeLimitsFor(
  method: string,
  routed: string | null,
  contentType: string | undefined,
): EdgeLimit | null {
  if (method === "GET" || method === "HEAD" || routed === null) return null;
  const limit = EDGE_LIMITS.find((l) => l.path.test(routed));
  if (!limit) return null;
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return limit.anyBody || FORM_TYPES.includes(type) ? limit : null;
}
