/**
 * `npm run bench`: every benchmark in turn, each in its own process (so one's memory and JIT state
 * do not colour the next). Each prints its table and writes `bench/results/<name>.json`.
 * `--name <name>` runs one (e.g. `npm run bench -- -- --name icims-read`).
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const BENCHMARKS: Record<string, string> = {
  "icims-read": "icims-read/run.ts",
  "sync-engine-throughput": "sync-engine/throughput.ts",
  "sync-engine-rss": "sync-engine/rss.ts",
  "first-sync-priority": "first-sync/priority.ts",
  "postgres-upsert": "postgres/upsert.ts",
  "postgres-list": "postgres/list.ts",
  "postgres-sync-scaleout": "postgres/sync-scaleout.ts",
  "storage-memory-retained-heap": "storage-memory/retained-heap.ts",
  "server-rss": "server/rss.ts",
  "webhooks-delivery": "webhooks/delivery.ts",
  "vendor-events": "vendor-events/run.ts",
};

const { values } = parseArgs({ options: { name: { type: "string" } } });
const names = values.name ? [values.name] : Object.keys(BENCHMARKS);
const runTs = new URL("../scripts/run-ts.mjs", import.meta.url).pathname;
let failed = 0;
for (const name of names) {
  const file = BENCHMARKS[name];
  if (!file) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(
    process.execPath,
    ["--conditions=@atsync/source", runTs, new URL(file, import.meta.url).pathname],
    {
      stdio: "inherit",
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
