// A creditor's logo: PNG, JPEG or WebP up to 200 KB and 2000 × 2000 px, recognised by its
// bytes (the name and the browser's content type are not trusted). SVG is refused: it can
// carry scripts. Stored in the database (web processes stay stateless). Every function
// takes the creditor id from the signed-in user, never from the form.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";

export const LOGO_MAX_BYTES = 200 * 1024;
const LOGO_MAX_SIDE = 2000;
const LOGO_TYPES = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" } as const;
type LogoExt = keyof typeof LOGO_TYPES;

export function sniffImage(
  bytes: Buffer,
): { ext: LogoExt; width: number | null; height: number | null } | null {
  if (
    bytes.length >= 24 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return { ext: "png", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { ext: "jpg", ...jpegSize(bytes) };
  }
  if (
    bytes.length >= 30 &&
    bytes.toString("ascii", 0, 4) === "RIFF" &&
    bytes.toString("ascii", 8, 12) === "WEBP"
  ) {
    const chunk = bytes.toString("ascii", 12, 16);
    if (chunk === "VP8X")
      return {
        ext: "webp",
        width: 1 + bytes.readUIntLE(24, 3),
        height: 1 + bytes.readUIntLE(27, 3),
      };
    if (chunk === "VP8 ")
      return {
        ext: "webp",
        width: bytes.readUInt16LE(26) & 0x3fff,
        height: bytes.readUInt16LE(28) & 0x3fff,
      };
    if (chunk === "VP8L") {
      const b = bytes.readUInt32LE(21);
      return { ext: "webp", width: 1 + (b & 0x3fff), height: 1 + ((b >> 14) & 0x3fff) };
    }
    return { ext: "webp", width: null, height: null };
  }
  return null;
}

function jpegSize(bytes: Buffer): { width: number | null; height: number | null } {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return { width: null, height: null };
    const marker = bytes[offset + 1];
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return { width: null, height: null };
}

export type LogoOutcome = { ok: true; path: string } | { ok: false; message: string };

export async function saveLogo(input: {
  creditorId: string;
  actorId: string;
  bytes: Buffer;
  ip: string;
}): Promise<LogoOutcome> {
  if (input.bytes.length === 0) return { ok: false, message: "Choose an image file to upload." };
  if (input.bytes.length > LOGO_MAX_BYTES)
    return {
      ok: false,
      message: "The logo must be 200 KB or smaller. Export a smaller PNG, JPEG or WebP.",
    };
  const image = sniffImage(input.bytes);
  if (!image)
    return {
      ok: false,
      message:
        "Upload the logo as a PNG, JPEG or WebP image. Other file types (SVG included) are not accepted.",
    };
  if (
    (image.width ?? 0) > LOGO_MAX_SIDE ||
    (image.height ?? 0) > LOGO_MAX_SIDE ||
    image.width === 0 ||
    image.height === 0
  ) {
    return {
      ok: false,
      message: `The logo must be at most ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} pixels.`,
    };
  }
  const sha = createHash("sha256").update(input.bytes).digest("hex");
  const path = `/creditor-logos/${input.creditorId}.${sha.slice(0, 16)}.${image.ext}`;
  await db().transaction(async (tx) => {
    await tx
      .insert(schema.creditorLogos)
      .values({
        creditorId: input.creditorId,
        contentType: LOGO_TYPES[image.ext],
        bytes: input.bytes,
        sha256: sha,
        width: image.width,
        height: image.height,
      })
      .onConflictDoUpdate({
        target: schema.creditorLogos.creditorId,
        set: {
          contentType: LOGO_TYPES[image.ext],
          bytes: input.bytes,
          sha256: sha,
          width: image.width,
          height: image.height,
          createdAt: new Date(),
        },
      });
    await tx
      .update(schema.creditors)
      .set({ logoPath: path })
      .where(eq(schema.creditors.id, input.creditorId));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: "creditor.logo_uploaded",
        targetType: "creditor",
        targetId: input.creditorId,
        ip: input.ip,
        details: { bytes: input.bytes.length, type: LOGO_TYPES[image.ext] },
      },
      tx,
    );
  });
  return { ok: true, path };
}

export async function removeLogo(input: { creditorId: string; actorId: string; ip: string }) {
  await db().transaction(async (tx) => {
    await tx
      .delete(schema.creditorLogos)
      .where(eq(schema.creditorLogos.creditorId, input.creditorId));
    await tx
      .update(schema.creditors)
      .set({ logoPath: null })
      .where(eq(schema.creditors.id, input.creditorId));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: "creditor.logo_removed",
        targetType: "creditor",
        targetId: input.creditorId,
        ip: input.ip,
      },
      tx,
    );
  });
}

/** A logo by its public file name "<creditor id>.<hash>.<ext>"; null unless it is the current one. */
export async function getLogoFile(file: string) {
  const match = /^([0-9a-f-]{36})\.([0-9a-f]{16})\.(png|jpg|webp)$/.exec(file);
  if (!match) return null;
  const [, creditorId, hash] = match;
  const [row] = await db()
    .select()
    .from(schema.creditorLogos)
    .where(eq(schema.creditorLogos.creditorId, creditorId));
  if (!row || !row.sha256.startsWith(hash)) return null;
  return { bytes: row.bytes, contentType: row.contentType };
}
