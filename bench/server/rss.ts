/**
 * Benchmark (not a test): resident memory of an idle production server (`atsync-server all` on
 * PostgreSQL, no integrations, no data) against the demo (`npm run demo`'s entry, run from source
 * as it always is, with a one-person simulator) measured in the same run. The server runs built
 * (`apps/server/dist/bin.js`, plain node) when `dist` exists, and always also from source, the
 * way the demo runs (the TypeScript loader and compiler are part of that process), so one ratio
 * compares like with like.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/server/rss.ts [--settle-ms N]
 *
 * PostgreSQL: DATABASE_URL, else an embedded PostgreSQL 15 (as the storage tests use).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { printTable, withPostgres, writeResults } from "../postgres/common.js";

const { values } = parseArgs({ options: { "settle-ms": { type: "string", default: "3000" } } });
const settleMs = Number(values["settle-ms"]);
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const RUN_TS = path("../../scripts/run-ts.mjs");
const SERVER_DIST = path("../../apps/server/dist/bin.js");
const FROM_SOURCE = ["--conditions=@atsync/source", RUN_TS];

/** Resident set size of a process in MB (Linux `/proc/<pid>/status`). */
function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round(Number(kb) / 102.4) / 10;
}

/**
 * Starts `args` under node with `env` (this environment without ATSYNC_*, DATABASE_URL, PORT),
 * waits until stdout shows `ready`, lets it settle, and returns its RSS; then stops it (SIGTERM).
 */
async function measure(args: string[], env: Record<string, string>, ready: RegExp): Promise<number> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(ATSYNC_|DATABASE_URL$|PORT$|HOST$)/.test(name)),
  );
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${out}`)), 120_000);
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        if (ready.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`exited before it was ready:\n${out}`)));
    });
    await sleep(settleMs);
    return rssMb(child.pid as number);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const built = existsSync(SERVER_DIST);
const result = await withPostgres(async (databaseUrl, server) => {
  const schema = `atsync_bench_${randomBytes(4).toString("hex")}`;
  const env = {
    DATABASE_URL: databaseUrl,
    ATSYNC_DATABASE_SCHEMA: schema,
    ATSYNC_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    ATSYNC_API_KEYS: `atsk_${randomBytes(16).toString("hex")}`,
    ATSYNC_LOG_LEVEL: "info",
    PORT: "0",
    HOST: "127.0.0.1",
  };
  const started = /"msg":"atsync server started"/;
  try {
    const serverBuilt = built ? await measure([SERVER_DIST, "all"], env, started) : null;
    const serverSource = await measure(
      [...FROM_SOURCE, path("../../apps/server/src/bin.ts"), "all"],
      env,
      started,
    );
    const demo = await measure(
      [...FROM_SOURCE, path("../../apps/demo/src/main.ts")],
      { PORT: "0", ATSYNC_DEMO_JOBS: "1", ATSYNC_DEMO_PEOPLE: "1", ATSYNC_DEMO_APPLICATIONS: "0" },
      /^Ready .* after start/m,
    );
    return { server, serverBuilt, serverSource, demo };
  } finally {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_worker" CASCADE`);
    await pool.end();
  }
});

const ratio = (a: number | null) => (a === null ? null : Number((a / result.demo).toFixed(2)));
const rows = [
  ...(result.serverBuilt === null
    ? []
    : [
        {
          process: "atsync-server all (built: node dist/bin.js)",
          "RSS (MB)": result.serverBuilt,
          "÷ demo": ratio(result.serverBuilt) ?? "",
        },
      ]),
  {
    process: "atsync-server all (from source)",
    "RSS (MB)": result.serverSource,
    "÷ demo": ratio(result.serverSource) ?? "",
  },
  { process: "demo (from source, 1-person simulator)", "RSS (MB)": result.demo, "÷ demo": 1 },
];
printTable(
  `idle RSS after ${settleMs} ms settle; PostgreSQL: ${result.server}${built ? "" : " (apps/server/dist missing: run npm run build for the built figure)"}`,
  rows,
);
await writeResults("server-rss", {
  settleMs,
  postgres: result.server,
  serverBuiltRssMb: result.serverBuilt,
  serverSourceRssMb: result.serverSource,
  demoRssMb: result.demo,
  builtToDemo: ratio(result.serverBuilt),
  sourceToDemo: ratio(result.serverSource),
});
