// The HTTP harness itself: the production build behind the real Express pipeline answers
// over a socket, with the headers, body checks and logs production has.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHttpServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

describe("the real server over HTTP", () => {
  it("serves pages with the security headers and logs each request", async () => {
    const res = await fetch(`${server.url}/code`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/nonce-/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain("<html");
    expect(
      server.logs.some((l) => l.msg === "request" && l.path === "/code" && l.status === 200),
    ).toBe(true);
  });

  it("refuses a cross-site form post before Remix sees it", async () => {
    const res = await fetch(`${server.url}/code`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "cross-site",
      },
      body: "code=x",
    });
    expect(res.status).toBe(403);
  });

  it("answers a body that is not a form with 415", async () => {
    const res = await fetch(`${server.url}/code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });
});
