// Reading a multipart upload without ever answering a broken one with a 500: a body whose
// boundary is missing, whose parts are malformed or that stops before its end is the
// client's (or the network's) problem, and gets a calm 400. Errors of the upload handler
// itself (our code, the database) are not touched.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

export const MALFORMED_UPLOAD_MESSAGE =
  "The upload was incomplete or damaged, so nothing from it was saved. Choose the file and upload it again.";

/** The body could not be read as multipart/form-data (or stopped before its end). */
export class MalformedUpload extends Error {
  constructor() {
    super(MALFORMED_UPLOAD_MESSAGE);
    this.name = "MalformedUpload";
  }
}

/** A part's bytes; a body that breaks off while they are read throws MalformedUpload. */
async function* partData(chunks: AsyncIterable<Uint8Array>) {
  const it = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await it.next();
    } catch {
      throw new MalformedUpload();
    }
    if (next.done) return;
    yield next.value;
  }
}

/** Like unstable_parseMultipartFormData, but a broken body throws MalformedUpload. */
export async function parseUpload(request: Request, handler: UploadHandler): Promise<FormData> {
  let handlerError: { error: unknown } | null = null;
  const guarded: UploadHandler = async (part) => {
    try {
      return await handler({ ...part, data: partData(part.data) });
    } catch (error) {
      handlerError = { error };
      throw error;
    }
  };
  try {
    return await unstable_parseMultipartFormData(request, guarded);
  } catch (error) {
    if (error instanceof MalformedUpload) throw error;
    const own = handlerError as { error: unknown } | null;
    if (own && own.error === error) throw error;
    throw new MalformedUpload();
  }
}

/**
 * The bytes of one part, counted as they pass: past `max` the part stops with
 * `tooLarge()`; a body that breaks off mid-part stops with `interrupted()`.
 */
export async function* countedPart(
  chunks: AsyncIterable<Uint8Array>,
  max: number,
  errors: { tooLarge: () => Error; interrupted: () => Error },
) {
  let total = 0;
  const it = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await it.next();
    } catch {
      throw errors.interrupted();
    }
    if (next.done) return;
    total += next.value.byteLength;
    if (total > max) throw errors.tooLarge();
    yield next.value;
  }
}
