/**
 * Benchmark (not a test): peak RSS of a full sync of 200,000 applications vs 20,000 (target
 * ratio ≤ 1.3: the engine streams pages, so memory must not grow with the tenant). Each size
 * runs in a fresh process (`rss-child.ts`) against PostgreSQL storage.
 *
 *   DATABASE_URL=postgres://… node --conditions=@atsync/source scripts/run-ts.mjs bench/sync-engine/rss.ts [--small N] [--large N]
 *
 * Without DATABASE_URL it uses postgres://postgres@127.0.0.1:5432/test.
 */
import { execFile } from "node:child_process";
import { parseArgs, promisify } from "node:util";
import { row, writeResult } from "../lib/harness.js";

const { values } = parseArgs({
  options: { small: { type: "string", default: "20000" }, large: { type: "string", default: "200000" } },
});
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const runTs = new URL("../../scripts/run-ts.mjs", import.meta.url).pathname;
const child = new URL("./rss-child.ts", import.meta.url).pathname;

async function measure(applications: string) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--conditions=@atsync/source",
      runTs,
      child,
      "--applications",
      applications,
      "--database-url",
      databaseUrl,
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as {
    applications: number;
    status: string;
    stored: number;
    seconds: number;
    peakRssMb: number;
  };
}

const small = await measure(values.small);
const large = await measure(values.large);
const result = {
  benchmark: "sync-engine-rss",
  small,
  large,
  ratio: Number((large.peakRssMb / small.peakRssMb).toFixed(3)),
  target: 1.3,
  node: process.version,
  at: new Date().toISOString(),
};
process.stdout.write(
  [
    "sync-engine peak RSS: full sync into PostgreSQL (simulator in its own process)",
    row(
      `${small.applications} applications: peak RSS (MB)`,
      `${small.peakRssMb} (${small.seconds} s, ${small.status})`,
    ),
    row(
      `${large.applications} applications: peak RSS (MB)`,
      `${large.peakRssMb} (${large.seconds} s, ${large.status})`,
    ),
    row("ratio (target <= 1.3)", result.ratio),
    "",
  ].join("\n"),
);
await writeResult("sync-engine-rss", result);
