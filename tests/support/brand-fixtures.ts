// A test creditor's branding (#18 item 4): its own display name, accent colour and a logo
// uploaded through the real model (app/models/creditor-logo.server.ts, which checks the
// bytes like the settings page does). Used by integration tests and the e2e seam.
import { deflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import * as schema from "../../db/schema";
import type { Db } from "../../db/client.server";
import { saveLogo } from "../../app/models/creditor-logo.server";

export type BrandingFixture = { displayName: string; accentColor: string; logoPath: string | null };

export async function brandCreditor(
  db: Db,
  creditorId: string,
  options: { displayName?: string; accentColor?: string; logo?: boolean },
): Promise<BrandingFixture> {
  const set: Partial<typeof schema.creditors.$inferInsert> = {};
  if (options.displayName) set.displayName = options.displayName;
  if (options.accentColor) set.accentColor = options.accentColor;
  if (Object.keys(set).length)
    await db.update(schema.creditors).set(set).where(eq(schema.creditors.id, creditorId));
  if (options.logo) {
    const saved = await saveLogo({
      creditorId,
      actorId: "test-fixture",
      bytes: solidPng(160, 48, [15, 118, 110]),
      ip: "127.0.0.1",
    });
    if (!saved.ok) throw new Error(`test logo refused: ${saved.message}`);
  }
  const [row] = await db
    .select({
      displayName: schema.creditors.displayName,
      accentColor: schema.creditors.accentColor,
      logoPath: schema.creditors.logoPath,
    })
    .from(schema.creditors)
    .where(eq(schema.creditors.id, creditorId));
  return row;
}

/** A valid PNG of one colour (8-bit RGB), small enough for the logo limits. */
export function solidPng(width: number, height: number, [r, g, b]: number[]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill([r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array(height).fill(row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
