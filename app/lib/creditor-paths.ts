import { safeRedirect } from "./safe-redirect";

/** Where to go after signing in: a creditor-area path only, never anywhere else. */
export function creditorRedirect(to: FormDataEntryValue | string | null | undefined): string {
  const target = safeRedirect(to, "/creditor");
  return target === "/creditor" ||
    target.startsWith("/creditor/") ||
    target.startsWith("/creditor?")
    ? target
    : "/creditor";
}
