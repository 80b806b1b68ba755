/**
 * Benchmark (not a test): a full read of 20,000 applications from an iCIMS simulator answering
 * every call after 20 ms, with the connector's default concurrency. Prints records/s beside the
 * bound `concurrency / latency` and their ratio (target ≥ 0.9), and the ceiling plain Node HTTP reaches at
 * the same latency and concurrency in the same run, and writes
 * `bench/results/icims-read.json`. The simulator runs in its own process (its CLI), as a vendor
 * would, so its CPU time does not queue behind the connector's.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/icims-read/run.ts [--applications N] [--latency-ms N]
 */
import http from "node:http";
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

/**
 * The ceiling a client can reach at this latency and concurrency: plain Node HTTP GETs (keep-alive)
 * of a server that answers a 2 KB JSON body after `latencyMs` (a timer, as the simulator's
 * latency is), `concurrency` at a time, in this process. Records/s.
 */
async function rawHttpCeiling(concurrency: number, calls: number): Promise<number> {
  const body = JSON.stringify({ padding: "x".repeat(2000) });
  const server = http.createServer((_req, res) => {
    setTimeout(() => res.end(body), latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const agent = new http.Agent({ keepAlive: true });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => {
            text += chunk;
          });
          res.on("end", () => {
            JSON.parse(text);
            resolve();
          });
        })
        .on("error", reject);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < calls) await get();
    }),
  );
  const perSecond = calls / ((performance.now() - started) / 1000);
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
  return perSecond;
}

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
const ceiling = await rawHttpCeiling(concurrency, Math.min(4000, applications));
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
  target: 0.9,
  rawHttpCeilingPerSecond: Number(ceiling.toFixed(1)),
  ceilingRatio: Number((ceiling / bound).toFixed(3)),
  ratioToCeiling: Number((recordsPerSecond / ceiling).toFixed(3)),
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
    row("ratio (target >= 0.9)", result.ratio),
    row(
      "plain Node HTTP ceiling records/s",
      `${result.rawHttpCeilingPerSecond} (ratio ${result.ceilingRatio})`,
    ),
    row("records/s / ceiling", result.ratioToCeiling),
    "",
  ].join("\n"),
);
await writeResult("icims-read", result);
