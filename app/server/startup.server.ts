// What every process (web, worker, CLI) does first: validate the env, open the database
// (PostgreSQL or embedded PGlite), apply migrations.
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Database, type ProcessKind } from "../../db/client.server";
import { getEnv, type Env } from "../utils/env.server";
import { setDatabase } from "../utils/db.server";

/** `kind` names the sessions (application_name) and picks their limits (db/client.server.ts). */
export async function openAppDatabase(
  env: Env = getEnv(),
  kind: ProcessKind = "web",
): Promise<Database> {
  if (!env.DATABASE_URL) claimPgliteFolder(env.PGLITE_DIR);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR, kind });
  await database.migrate();
  setDatabase(database);
  return database;
}

// PGlite has no cross-process lock and a second process on the same folder corrupts it,
// so the first process writes its pid there and others refuse with a clear message.
function claimPgliteFolder(dir: string) {
  const lock = path.resolve(dir) + ".pid";
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  try {
    const pid = Number(fs.readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid} (PGlite allows one ` +
          `process at a time). Stop that process first, or set DATABASE_URL to use PostgreSQL.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.writeFileSync(lock, String(process.pid));
  const release = () => {
    try {
      if (Number(fs.readFileSync(lock, "utf8")) === process.pid) fs.unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
