/**
 * Benchmark (not a test): records/s of a whole full sync through the engine (connector read +
 * mapping to unified ids + page commits to memory storage) vs the connector-only read of the
 * same models from an identical simulator, in the same run. The ratio shows the engine's
 * overhead on top of the vendor read.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/sync-engine/throughput.ts [--applications N] [--latency-ms N]
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { icimsConnector } from "@atsync/connector-icims";
import { MODEL_KEYS } from "@atsync/core";
import { createMemoryStorage } from "@atsync/storage-memory";
import { openIcimsSession, row, startSimulatorProcess, timedFullSync, writeResult } from "../lib/harness.js";

const { values } = parseArgs({
  options: {
    applications: { type: "string", default: "20000" },
    "latency-ms": { type: "string", default: "0" },
  },
});
const applications = Number(values.applications);
const latencyMs = Number(values["latency-ms"]);
const flags = ["--seed", "11", "--jobs", "200", "--people", "5000", "--applications", String(applications)];
const covered = MODEL_KEYS.filter((m) => icimsConnector.coverage.models[m]);

async function connectorOnly(): Promise<{ records: number; seconds: number }> {
  const sim = await startSimulatorProcess([...flags, "--latency-ms", String(latencyMs)]);
  try {
    const { session } = openIcimsSession(sim.credentials, sim.settings);
    const started = performance.now();
    let records = 0;
    for (const model of covered) for await (const page of session.read(model)) records += page.records.length;
    return { records, seconds: (performance.now() - started) / 1000 };
  } finally {
    sim.stop();
  }
}

async function engine(): Promise<{ records: number; seconds: number; status: string }> {
  const sim = await startSimulatorProcess([...flags, "--latency-ms", String(latencyMs)]);
  try {
    const storage = createMemoryStorage({ encryptionKey: "4".repeat(64) });
    const { run, seconds } = await timedFullSync(storage, sim);
    const records = Object.values(run.counts).reduce(
      (n, c) => n + (c?.inserted ?? 0) + (c?.updated ?? 0) + (c?.unchanged ?? 0),
      0,
    );
    return { records, seconds, status: run.status };
  } finally {
    sim.stop();
  }
}

// Each side runs twice, alternating; the second (warm) run of each is reported.
await connectorOnly();
await engine();
const read = await connectorOnly();
const full = await engine();
const readRate = read.records / read.seconds;
const engineRate = full.records / full.seconds;
const result = {
  benchmark: "sync-engine-throughput",
  applications,
  latencyMs,
  connectorOnly: {
    records: read.records,
    seconds: Number(read.seconds.toFixed(2)),
    recordsPerSecond: Math.round(readRate),
  },
  engine: {
    records: full.records,
    seconds: Number(full.seconds.toFixed(2)),
    recordsPerSecond: Math.round(engineRate),
    status: full.status,
  },
  ratio: Number((engineRate / readRate).toFixed(3)),
  node: process.version,
  at: new Date().toISOString(),
};
process.stdout.write(
  [
    `sync-engine throughput: full sync of ${applications} applications (+200 jobs, 5000 people), latency ${latencyMs} ms`,
    row("connector-only read records", read.records),
    row("connector-only read records/s", result.connectorOnly.recordsPerSecond),
    row("engine full sync records", full.records),
    row("engine full sync records/s", result.engine.recordsPerSecond),
    row("ratio engine / connector-only", result.ratio),
    "",
  ].join("\n"),
);
await writeResult("sync-engine-throughput", result);
