// Request helpers shared by routes and the server.
import { pepperedHash } from "./crypto.server";

/** The client address as a rate-limit key (Express resolves it behind TRUST_PROXY). */
export function clientIp(ip: string | undefined): string {
  return ip ?? "unknown";
}

/** What audit rows keep of an address: a keyed hash, not the address itself. */
export function ipHash(ip: string | undefined): string | null {
  return ip ? pepperedHash(`ip:${ip}`).slice(0, 32) : null;
}
