/**
 * One measurement of `retained-heap.ts`, in a fresh process started with `--expose-gc`: commits
 * the first `--applications` records of `--dataset` into a new memory storage in pages of 1,000
 * (`--mode commit`), or runs one full iCIMS sync into it against the simulator whose credentials
 * `--tenant` holds (`--mode sync`). Prints one JSON line: heap retained after gc (V8 heap plus
 * external memory, against a baseline taken after gc before the first write) per application and
 * peak RSS.
 */
import { parseArgs } from "node:util";
import { icimsConnector } from "@atsync/connector-icims";
import { createAtsync } from "@atsync/core";
import { createMemoryStorage, type MemoryStorage } from "@atsync/storage-memory";
import { benchIntegration } from "../lib/harness.js";
import { BENCH_INTEGRATION_ID, datasetPages } from "./dataset.js";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "commit" },
    applications: { type: "string" },
    dataset: { type: "string" },
    tenant: { type: "string" },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const applications = Number(values.applications);

/** V8 heap in use plus memory held outside it (Buffers, ArrayBuffers), after two full collections. */
function retainedBytes(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const encryptionKey = "0".repeat(64);
const at = new Date().toISOString();
let storage: MemoryStorage;
let started: number;
let baseline: number;
let baselineRss: number;
let stored: number;

if (values.mode === "commit") {
  storage = createMemoryStorage({ encryptionKey });
  const integration = benchIntegration(BENCH_INTEGRATION_ID);
  await storage.integrations.create(integration, { token: "bench" });
  baseline = retainedBytes();
  baselineRss = process.memoryUsage().rss;
  started = performance.now();
  let page = 0;
  for await (const records of datasetPages(values.dataset as string, applications, 1000)) {
    await storage.commitPage({
      integrationId: BENCH_INTEGRATION_ID,
      model: "applications",
      records,
      checkpoint: { stream: "bench:applications", value: String(page++) },
      at,
    });
  }
  stored = await storage.records.count(BENCH_INTEGRATION_ID, "applications");
} else {
  const tenant = JSON.parse(values.tenant as string) as {
    credentials: Record<string, unknown>;
    settings: Record<string, unknown>;
  };
  storage = createMemoryStorage({ encryptionKey });
  const atsync = createAtsync({ storage, connectors: [icimsConnector] });
  const integration = await atsync.integrations.connect({
    tool: "icims",
    credentials: tenant.credentials,
    settings: { createdApplicationsOnly: false, connector: tenant.settings },
  });
  baseline = retainedBytes();
  baselineRss = process.memoryUsage().rss;
  started = performance.now();
  const run = await atsync.sync.runNow(integration.id, "full");
  if (run.status !== "succeeded") throw new Error(`sync ended ${run.status}: ${run.error ?? ""}`);
  stored = await storage.records.count(integration.id, "applications");
}
const seconds = (performance.now() - started) / 1000;
const retained = retainedBytes() - baseline;
const peakRss = process.resourceUsage().maxRSS * 1024;
if (stored !== applications) throw new Error(`stored ${stored} applications, expected ${applications}`);
process.stdout.write(
  `${JSON.stringify({
    mode: values.mode,
    applications,
    seconds: Number(seconds.toFixed(2)),
    retainedBytes: retained,
    retainedPerApplication: Math.round(retained / applications),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    peakRssPerApplication: Math.round((peakRss - baselineRss) / applications),
  })}\n`,
);
// Keeps the storage reachable until the measurement is taken.
await storage.close();
