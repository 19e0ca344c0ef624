// Security headers for every response. The CSP allows scripts only with this request's
// nonce: Remix's own inline scripts get it through <Scripts nonce>.
import { randomBytes } from "./crypto.server";
import { encodeBase64 } from "@oslojs/encoding";

export function createNonce(): string {
  return encodeBase64(randomBytes(16));
}

export function securityHeaders(options: {
  nonce: string;
  production: boolean;
  hsts: boolean;
  formActions?: string[];
  dev?: boolean;
}): Record<string, string> {
  const { nonce } = options;
  // Form posts may redirect to the payment page (Stripe Checkout or the local emulator);
  // browsers apply form-action to that redirect, so the host must be listed.
  const formAction = ["'self'", ...(options.formActions ?? [])].join(" ");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws://localhost:*" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (options.hsts) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/**
 * Is this non-GET request from our own pages? Sec-Fetch-Site cannot be set by a page, so
 * it decides when present; otherwise the Origin host must be ours. `Origin: null` (sent
 * under no-referrer) is accepted only with Sec-Fetch-Site: same-origin or from browsers
 * too old to send Sec-Fetch-Site, where SameSite=Lax cookies still stop cross-site use.
 */
export function isSameOriginPost(
  origin: string | undefined,
  fetchSite: string | undefined,
  host: string | undefined,
): boolean {
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none";
  if (!origin || origin === "null") return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
