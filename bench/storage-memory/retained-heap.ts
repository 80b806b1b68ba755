/**
 * Benchmark (not a test): memory of `@atsync/storage-memory` per application. Commits realistic
 * application records (the iCIMS simulator read by the iCIMS connector, mapped by
 * `toRecordInput`; see `dataset.ts`) into a fresh memory storage at `--small` (default 10,000)
 * and `--large` (default 100,000) applications, each in a fresh process with `--expose-gc`
 * (`retained-heap-child.ts`), and prints retained heap after gc per application, peak RSS, the
 * ratio large / small and the target (≤ 3 KB per application at the large size). With `--sync`
 * it also runs a whole full sync (jobs, people, applications) into memory storage at both sizes
 * against the simulator in its own process. Writes `bench/results/storage-memory-retained-heap.json`.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/storage-memory/retained-heap.ts [--small N] [--large N] [--sync]
 */
import { execFile } from "node:child_process";
import { parseArgs, promisify } from "node:util";
import { row, startSimulatorProcess, writeResult } from "../lib/harness.js";
import { applicationDataset, tenantFlags } from "./dataset.js";

const { values } = parseArgs({
  options: {
    small: { type: "string", default: "10000" },
    large: { type: "string", default: "100000" },
    seed: { type: "string", default: "7" },
    sync: { type: "boolean", default: false },
  },
});
const small = Number(values.small);
const large = Number(values.large);
const seed = Number(values.seed);
/** Retained bytes per application the large size must stay within. */
const TARGET_BYTES = 3 * 1024;
const runTs = new URL("../../scripts/run-ts.mjs", import.meta.url).pathname;
const child = new URL("./retained-heap-child.ts", import.meta.url).pathname;

/** What one child measured. */
interface Measurement {
  mode: string;
  applications: number;
  seconds: number;
  retainedBytes: number;
  retainedPerApplication: number;
  peakRssMb: number;
  peakRssPerApplication: number;
}

async function measure(args: string[]): Promise<Measurement> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--conditions=@atsync/source", runTs, child, ...args],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as Measurement;
}

/** Full syncs of a simulated tenant of `applications` applications, the simulator in its own process. */
async function measureSync(applications: number): Promise<Measurement> {
  const simulator = await startSimulatorProcess(tenantFlags(applications, seed));
  try {
    const tenant = JSON.stringify({ credentials: simulator.credentials, settings: simulator.settings });
    return await measure(["--mode", "sync", "--applications", String(applications), "--tenant", tenant]);
  } finally {
    simulator.stop();
  }
}

const dataset = await applicationDataset(large, seed);
const commits = [];
for (const n of [small, large]) {
  commits.push(await measure(["--mode", "commit", "--applications", String(n), "--dataset", dataset]));
}
const syncs = values.sync ? [await measureSync(small), await measureSync(large)] : [];

const ratio = (m: Measurement[]) =>
  m.length === 2
    ? Number(((m[1]?.retainedPerApplication ?? 0) / (m[0]?.retainedPerApplication ?? 1)).toFixed(3))
    : null;
const largeCommit = commits[1] as Measurement;
const result = {
  benchmark: "storage-memory-retained-heap",
  seed,
  commits,
  commitRatio: ratio(commits),
  syncs,
  syncRatio: ratio(syncs),
  targetBytesPerApplication: TARGET_BYTES,
  targetMet: largeCommit.retainedPerApplication <= TARGET_BYTES,
  node: process.version,
  at: new Date().toISOString(),
};
const lines = ["storage-memory retained heap: application records committed (pages of 1,000)"];
const describe = (label: string, m: Measurement) => [
  row(`${label} ${m.applications}: retained B/app`, `${m.retainedPerApplication} (${m.seconds} s)`),
  row(`${label} ${m.applications}: peak RSS`, `${m.peakRssMb} MB (${m.peakRssPerApplication} B/app)`),
];
for (const m of commits) lines.push(...describe("commit", m));
lines.push(row(`ratio ${large}/${small} (B/app)`, result.commitRatio ?? "-"));
lines.push(
  row(
    `target at ${large} (<= ${TARGET_BYTES} B/app)`,
    `${largeCommit.retainedPerApplication} / ${TARGET_BYTES} = ${(largeCommit.retainedPerApplication / TARGET_BYTES).toFixed(3)} (${result.targetMet ? "met" : "missed"})`,
  ),
);
if (syncs.length > 0) {
  lines.push("", "whole full sync into memory storage (jobs, people, applications; B per application)");
  for (const m of syncs) lines.push(...describe("sync", m));
  lines.push(row(`ratio ${large}/${small} (B/app)`, result.syncRatio ?? "-"));
}
process.stdout.write(`${lines.join("\n")}\n`);
await writeResult("storage-memory-retained-heap", result);
