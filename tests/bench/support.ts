// Shared by `npm run bench` and `npm run test:load`: a private copy of the checkout (so a
// build here never wipes the build others are serving), processes that are always cleaned
// up, a throwaway database (PostgreSQL or PGlite), and child measurements.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const TMP = path.join(ROOT, "tests/.tmp");

// --- cleanup, even on failure ---

const cleanups: (() => Promise<void> | void)[] = [];

/** Registers an undo step; they run last-in first-out. */
export function onCleanup(fn: () => Promise<void> | void) {
  cleanups.push(fn);
}

export async function runCleanup() {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup step failed: ${(error as Error).message}`);
    }
  }
}

let handlersInstalled = false;
export function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
}

// --- a private checkout ---

const NOT_COPIED = new Set([
  "node_modules",
  ".git",
  "build",
  "data",
  ".cache",
  "test-results",
  "playwright-report",
  "tests/.tmp",
  "public/build",
]);

/**
 * The working tree as a fresh clone would have it after `npm ci`: sources only (no build,
 * no database, no cache), with node_modules linked rather than copied.
 */
export function copyCheckout(dest: string) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  // By hand: cpSync refuses to copy a folder into its own subfolder (tests/.tmp).
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (NOT_COPIED.has(child) || child.endsWith(".log")) continue;
      if (entry.isDirectory()) {
        fs.mkdirSync(path.join(dest, child), { recursive: true });
        walk(child);
      } else if (entry.isFile()) {
        fs.copyFileSync(path.join(ROOT, child), path.join(dest, child));
      }
    }
  };
  walk("");
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"), "dir");
  return dest;
}

// --- processes ---

export type Proc = {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
};

/** Starts `node --import tsx <args>` in its own process group, output to a log file. */
export function startNode(options: {
  name: string;
  cwd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}): Proc {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, "a");
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": extra Node flags for every
  // process the bench starts (Node refuses --cpu-prof in NODE_OPTIONS).
  const extra = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extra, "--import", "tsx", ...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const proc: Proc = { name: options.name, child, exited, logFile: options.logFile };
  onCleanup(() => stopProcess(proc));
  return proc;
}

function alive(proc: Proc) {
  return proc.child.exitCode === null && proc.child.signalCode === null;
}

/** SIGTERM to the process group (the server and its build step), SIGKILL after 5 s. */
export async function stopProcess(proc: Proc, graceMs = 5_000) {
  if (!alive(proc) || !proc.child.pid) return;
  const pid = proc.child.pid;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      /* gone */
    }
  };
  signal("SIGTERM");
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs));
  if ((await Promise.race([proc.exited.then(() => "exited"), timer])) !== "exited") {
    signal("SIGKILL");
    await proc.exited;
  }
}

export function tail(file: string, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Polls until `url` answers 200; fails early when the process dies. */
export async function waitForOk(url: string, proc: Proc, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(proc))
      throw new Error(`${proc.name} exited before answering ${url}:\n${tail(proc.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `${proc.name} did not answer 200 on ${url} within ${timeoutMs} ms:\n${tail(proc.logFile)}`,
  );
}

/** A free loopback port from the benchmark's range (3300–3399). */
export async function freePort(from = 3300, to = 3399): Promise<number> {
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    const ok = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${from}–${to}`);
}

/** Runs a measurement script in its own process; it prints `BENCH_RESULT {json}` last. */
export async function runChild<T>(options: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  timeoutMs: number;
}): Promise<T> {
  const proc = startNode({
    name: options.name,
    cwd: ROOT,
    args: [options.script],
    env: options.env,
    logFile: options.logFile,
  });
  const timer = setTimeout(() => void stopProcess(proc, 1_000), options.timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  const line = fs
    .readFileSync(options.logFile, "utf8")
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("BENCH_RESULT "));
  if (code !== 0 || !line)
    throw new Error(`${options.name} failed (exit ${code}):\n${tail(options.logFile)}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as T;
}

/** In a child script: report the result to the parent. */
export function reportResult(result: unknown) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

// --- a throwaway database ---

export type BenchDatabase = {
  kind: "postgres" | "pglite";
  /** What a server or child needs in its environment to open it. */
  env: { DATABASE_URL?: string; PGLITE_DIR?: string };
  label: string;
  dispose(): Promise<void>;
};

export async function adminQuery(adminUrl: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL when `adminUrl` is given (a fresh database `portal_<prefix>_<ts>` on that
 * server, dropped by dispose), otherwise a fresh PGlite folder under tests/.tmp.
 */
export async function createBenchDatabase(
  prefix: string,
  workDir: string,
  adminUrl?: string,
): Promise<BenchDatabase> {
  if (adminUrl) {
    const name = `portal_${prefix}_${Date.now()}`;
    await adminQuery(adminUrl, `create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    let disposed = false;
    const dispose = async () => {
      if (disposed) return;
      disposed = true;
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    };
    onCleanup(dispose);
    return {
      kind: "postgres",
      env: { DATABASE_URL: url.toString() },
      label: `PostgreSQL (${name} on ${url.host})`,
      dispose,
    };
  }
  const dir = path.join(workDir, "pglite");
  fs.mkdirSync(workDir, { recursive: true });
  const dispose = async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.pid`, { force: true });
  };
  onCleanup(dispose);
  return {
    kind: "pglite",
    env: { PGLITE_DIR: dir },
    label: `PGlite (${path.relative(ROOT, dir)})`,
    dispose,
  };
}

/** Opens the benchmark database in this process and makes it the app's database. */
export async function openBenchDatabase(env: BenchDatabase["env"]) {
  const { openDatabase } = await import("../../db/client.server");
  const { setDatabase } = await import("../../app/utils/db.server");
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR, pool: 8 });
  await database.migrate();
  setDatabase(database);
  return database;
}

/** For child scripts: the database the parent prepared. */
export function databaseEnvFromProcess(): BenchDatabase["env"] {
  return process.env.BENCH_DATABASE_URL
    ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
    : { PGLITE_DIR: process.env.BENCH_PGLITE_DIR };
}

export function childDatabaseEnv(env: BenchDatabase["env"]): Record<string, string | undefined> {
  return env.DATABASE_URL
    ? { BENCH_DATABASE_URL: env.DATABASE_URL }
    : { BENCH_PGLITE_DIR: env.PGLITE_DIR };
}

/** The environment every process we start gets: quiet logs, no inherited database or NODE_ENV. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: "warn", ...extra };
  delete env.NODE_ENV;
  if (!("DATABASE_URL" in extra)) delete env.DATABASE_URL;
  return env as NodeJS.ProcessEnv;
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Replaces one generated section of docs/benchmarks.md (between its markers), leaving the
 * hand-written parts alone.
 */
export function writeReport(markdown: string, section: "bench" | "load") {
  const start = `<!-- ${section}:start (written by npm run ${section === "bench" ? "bench" : "test:load"}) -->`;
  const end = `<!-- ${section}:end -->`;
  const file = path.join(ROOT, "docs/benchmarks.md");
  const block = `${start}\n${markdown}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}
