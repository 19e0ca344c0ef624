// For load balancers: 200 when the database answers, 503 otherwise.
import { ping } from "../../db/client.server";
import { db } from "~/utils/db.server";

export async function loader() {
  const ok = await ping(db());
  return new Response(ok ? "ok" : "database unavailable", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
