// Only same-site paths: never an open redirect to another host, never a header Node
// refuses to send. The value is parsed the way a browser would resolve it (WHATWG URL,
// which drops tabs and newlines and reads `\` as `/`), against a dummy origin; anything that
// leaves that origin, or holds a control character, falls back. What comes back is rebuilt
// from the parsed path and query (non-ASCII percent-encoded), so the Location header is
// always plain ASCII, and never `//…` (which a browser reads as another host).
const DUMMY_ORIGIN = "http://redirect.invalid";
// C0 controls (tab, CR, LF included), DEL and the C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  if (CONTROL.test(to) || to.length > 2048) return fallback;
  let url: URL;
  try {
    url = new URL(to, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN || url.username || url.password) return fallback;
  const path = url.pathname + url.search;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
