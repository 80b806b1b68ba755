/**
 * Benchmark (not a test): first (full) syncs of 20 integrations through the GraphileWorkerQueue
 * with 1 worker process, then with 3, against one PostgreSQL database. Each integration reads its
 * own fixture vendor behind a proxy adding 50 ms to every call (a vendor's latency); each worker
 * runs 2 syncs at once. Prints the wall time of both (from connecting the integrations until every
 * one has a succeeded full sync) and the scale-out ratio t(1) / t(3) (3 would be linear), and writes
 * `bench/results/postgres-sync-scaleout.json`. The workers run the TypeScript sources like the
 * storage-postgres tests do (`packages/storage-postgres/test/sync-worker.ts`).
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/postgres/sync-scaleout.ts [--integrations N] [--latency-ms N] [--concurrency N]
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startSlowVendor, startSyncCluster } from "../../packages/storage-postgres/test/cluster.js";
import { printTable, round, withPostgres, writeResults } from "./common.js";

const { values } = parseArgs({
  options: {
    integrations: { type: "string", default: "20" },
    "latency-ms": { type: "string", default: "50" },
    concurrency: { type: "string", default: "2" },
  },
});
const integrations = Number(values.integrations);
const latencyMs = Number(values["latency-ms"]);
const concurrency = Number(values.concurrency);
const vendor = { sizes: { candidates: 30, applications: 45 }, pageSize: 5 };

await withPostgres(async (url, server) => {
  const results: { workers: number; ms: number; apiCalls: number }[] = [];
  for (const workers of [1, 3]) {
    const cluster = await startSyncCluster({
      databaseUrl: url,
      workers,
      concurrency,
      tenants: await Promise.all(
        Array.from({ length: integrations }, () => startSlowVendor(vendor, latencyMs)),
      ),
      pollIntervalMs: 500,
      recoveryIntervalMs: 5_000,
    });
    try {
      const started = performance.now();
      const ids = await cluster.connect();
      const runs = await cluster.waitForFullSyncs(ids, 600_000);
      const ms = performance.now() - started;
      const apiCalls = [...runs.values()].flat().reduce((n, run) => n + run.api_calls, 0);
      results.push({ workers, ms, apiCalls });
    } finally {
      await cluster.close();
    }
  }
  const [one, three] = results as [(typeof results)[0], (typeof results)[0]];
  const ratio = one.ms / three.ms;
  printTable(
    `full sync of ${integrations} integrations, ${latencyMs} ms vendor latency, ${concurrency} syncs per worker (${server})`,
    results.map((r) => ({
      workers: r.workers,
      "wall s": round(r.ms / 1000),
      "vendor calls": r.apiCalls,
      "calls/s": round(r.apiCalls / (r.ms / 1000)),
    })),
  );
  process.stdout.write(`\nscale-out t(1 worker) / t(3 workers) = ${round(ratio)} (linear: 3)\n`);
  await writeResults("postgres-sync-scaleout", {
    server,
    integrations,
    latencyMs,
    concurrencyPerWorker: concurrency,
    vendor,
    results,
    ratio,
  });
});
