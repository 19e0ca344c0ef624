// The account import's limits and the two upload failures the route turns into answers.
// Apart from the importer (app/lib/account-import.ts) because the route's action needs them
// and the importer pulls in csv-parse, which needs Node's Buffer: imported by the route, it
// would land in the browser bundle and stop the page from hydrating.
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 250_000;

/** An upload that stopped before its end (connection dropped, damaged multipart body). */
export class UploadInterrupted extends Error {
  readonly code = "UPLOAD_INTERRUPTED";
}

/** A file that went past IMPORT_MAX_BYTES (counted as the bytes arrive). */
export class FileTooLarge extends Error {
  readonly code = "FILE_TOO_LARGE";
}
