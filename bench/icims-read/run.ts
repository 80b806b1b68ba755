/**
 * Benchmark (not a test): a full read of 20,000 applications from an iCIMS simulator answering
 * every call after 20 ms, with the connector's default concurrency. Prints records/s beside the
 * bound `concurrency / latency` and their ratio (target ≥ 0.85), and writes
 * `bench/results/icims-read.json`. The simulator runs in its own process (its CLI), as a vendor
 * would, so its CPU time does not queue behind the connector's.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/icims-read/run.ts [--applications N] [--latency-ms N]
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { IcimsCredentialsSchema, icimsConnector } from "@atsync/connector-icims";
import { CallBudget, createHttpClient, createRootLogger, systemClock } from "@atsync/core";

const { values } = parseArgs({
  options: {
    applications: { type: "string", default: "20000" },
    "latency-ms": { type: "string", default: "20" },
  },
});
const applications = Number(values.applications);
const latencyMs = Number(values["latency-ms"]);

/** What the simulator CLI prints on its first line. */
interface SimulatorInfo {
  url: string;
  tokenUrl: string;
  customerId: number;
  clientId: string;
  clientSecret: string;
}

const bin = new URL("../../packages/connector-icims/bin/atsync-icims-simulator.js", import.meta.url);
const flags = ["--seed", "7", "--jobs", "200", "--people", "5000", "--applications", String(applications)];
const simulator = spawn(
  process.execPath,
  [bin.pathname, ...flags, "--latency-ms", String(latencyMs), "--daily-quota", "1000000"],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const [line] = (await once(createInterface({ input: simulator.stdout }), "line")) as [string];
const sim = JSON.parse(line) as SimulatorInfo;
const credentials = IcimsCredentialsSchema.parse({
  customerId: String(sim.customerId),
  region: "us",
  clientId: sim.clientId,
  clientSecret: sim.clientSecret,
  apiUrl: sim.url,
  tokenUrl: sim.tokenUrl,
  statusListId: "lists.applicantworkflow.status",
});
const logger = createRootLogger();
const budget = new CallBudget(systemClock);
const http = createHttpClient({ logger, budget, clock: systemClock });
const session = icimsConnector.connect(
  {
    integrationId: "icims:bench",
    http,
    logger,
    clock: systemClock,
    signal: new AbortController().signal,
    budget,
  },
  credentials,
);

const started = performance.now();
let records = 0;
for await (const page of session.read("applications")) records += page.records.length;
const seconds = (performance.now() - started) / 1000;
simulator.kill("SIGTERM");

const concurrency = credentials.maxConcurrency;
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

const row = (label: string, value: string | number) => `${label.padEnd(28)}${value}`;
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
const out = new URL("../results/icims-read.json", import.meta.url);
await mkdir(new URL(".", out), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
