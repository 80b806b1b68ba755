/**
 * Benchmark (not a test): a full read of 20,000 applications from an iCIMS simulator answering
 * every call after 20 ms, with the connector's default concurrency. Prints records/s beside the
 * bound `concurrency / latency` and their ratio (target ≥ 0.85), and writes
 * `bench/results/icims-read.json`. The simulator runs in its own process (its CLI), as a vendor
 * would, so its CPU time does not queue behind the connector's.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/icims-read/run.ts [--applications N] [--latency-ms N]
 */
import { parseArgs } from "node:util";
import { openIcimsSession, row, startSimulatorProcess, writeResult } from "../lib/harness.js";

const { values } = parseArgs({
  options: {
    applications: { type: "string", default: "20000" },
    "latency-ms": { type: "string", default: "20" },
  },
});
const applications = Number(values.applications);
const latencyMs = Number(values["latency-ms"]);

const flags = ["--seed", "7", "--jobs", "200", "--people", "5000", "--applications", String(applications)];
const simulator = await startSimulatorProcess([...flags, "--latency-ms", String(latencyMs)]);
const { session, budget, concurrency } = openIcimsSession(simulator.credentials, simulator.settings);

const started = performance.now();
let records = 0;
for await (const page of session.read("applications")) records += page.records.length;
const seconds = (performance.now() - started) / 1000;
simulator.stop();

const recordsPerSecond = records / seconds;
const bound = concurrency / (latencyMs / 1000);
const result = {
  benchmark: "icims-read",
  model: "applications",
  records,
  latencyMs,
  concurrency,
  seconds: Number(seconds.toFixed(2)),
  recordsPerSecond: Number(recordsPerSecond.toFixed(1)),
  boundRecordsPerSecond: bound,
  ratio: Number((recordsPerSecond / bound).toFixed(3)),
  target: 0.85,
  calls: budget.snapshot().calls,
  node: process.version,
  at: new Date().toISOString(),
};

process.stdout.write(
  [
    "icims-read: full read of applications",
    row("records", records),
    row("latency per call (ms)", latencyMs),
    row("concurrency", concurrency),
    row("seconds", result.seconds),
    row("records/s", result.recordsPerSecond),
    row("bound concurrency/latency", bound),
    row("ratio (target >= 0.85)", result.ratio),
    "",
  ].join("\n"),
);
await writeResult("icims-read", result);
