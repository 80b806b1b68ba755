/**
 * Benchmark (not a test): outbound webhook delivery. Commits `--events` `data-changed` events over
 * `--integrations` integrations to the outbox (each appended and announced as the engine does),
 * delivered to a local receiver answering 200 at once, on memory storage and on PostgreSQL
 * (`DATABASE_URL`, or an embedded PostgreSQL 15) with graphile-worker running the drains.
 * Prints deliveries/s and commit-to-receipt latency p50/p95.
 *
 *   node --conditions=@atsync/source scripts/run-ts.mjs bench/webhooks/delivery.ts [--events N] [--integrations N]
 */
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { type AtsyncStorage, createAtsync, type WebhookDeliveryRunner } from "@atsync/core";
import type { OutboxEvent } from "@atsync/core/storage";
import { fixtureConnector, startWebhookReceiver } from "@atsync/core/testing";
import { createMemoryStorage } from "@atsync/storage-memory";
import { createPostgresStorage, GraphileWorkerQueue } from "@atsync/storage-postgres";
import pg from "pg";
import { percentile, printTable, round, withPostgres, writeResults } from "../postgres/common.js";

const { values } = parseArgs({
  options: { events: { type: "string", default: "5000" }, integrations: { type: "string", default: "20" } },
});
const EVENTS = Number(values.events);
const INTEGRATIONS = Number(values.integrations);
const KEY = "5".repeat(64);

/**
 * One run: `events` events committed in bursts of one per integration — all at once (`gapMs` 0:
 * throughput, latency then includes the queue) or one burst every `gapMs` (latency of a steady
 * load) — until every one was received.
 */
async function measure(
  storage: AtsyncStorage,
  events: number,
  gapMs: number,
  runner?: WebhookDeliveryRunner,
) {
  const EVENTS = events;
  const receiver = await startWebhookReceiver();
  const atsync = createAtsync({
    storage,
    connectors: [fixtureConnector],
    webhooks: [{ url: receiver.url, secret: "bench-webhook-secret-0123" }],
    webhookDelivery: { allow: ["127.0.0.1/32"], concurrency: 16, ...(runner ? { runner } : {}) },
  });
  await atsync.start();
  const ids = Array.from({ length: INTEGRATIONS }, (_, i) => `fixture:bench${String(i).padStart(19, "0")}`);
  const committed = new Map<string, number>();
  const started = performance.now();
  for (let n = 0; n < EVENTS; n += INTEGRATIONS) {
    const burst: OutboxEvent[] = ids.slice(0, Math.min(INTEGRATIONS, EVENTS - n)).map((integrationId) =>
      atsync.events.toOutbox({
        id: randomUUID(),
        type: "data-changed",
        data: {
          integration_id: integrationId,
          integration_tool: "fixture",
          integration_category: "ATS",
          changed_models: [{ name: "ats_applications" }],
        },
      }),
    );
    await atsync.storage.webhooks.append(burst);
    const at = Date.now();
    for (const e of burst) committed.set(e.payload.id, at);
    atsync.events.published(burst);
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  await receiver.waitFor((r) => new Set(r.map((x) => x.payload.id)).size >= EVENTS, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const latencies = receiver.received.map((r) => r.at - (committed.get(r.payload.id) ?? r.at));
  await atsync.stop(); // the storage stays open for the next run
  await receiver.close();
  return {
    events: EVENTS,
    seconds: round(seconds),
    deliveriesPerSecond: Math.round(EVENTS / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
  };
}

const STEADY = { events: 40 * INTEGRATIONS, gapMs: 50 };
const memory = await measure(createMemoryStorage({ encryptionKey: KEY }), EVENTS, 0);
const memorySteady = await measure(createMemoryStorage({ encryptionKey: KEY }), STEADY.events, STEADY.gapMs);
const postgres = await withPostgres(async (url, server) => {
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  const schema = `bench_webhooks_${Date.now()}`;
  const storage = createPostgresStorage({ pool, schema, encryptionKey: KEY });
  const queue = new GraphileWorkerQueue({ pool, syncState: storage.syncState, schema: `${schema}_worker` });
  await storage.migrate();
  await queue.migrate();
  await queue.start(async () => undefined, { concurrency: 2 });
  try {
    const burst = await measure(storage, EVENTS, 0, queue);
    const steady = await measure(storage, STEADY.events, STEADY.gapMs, queue);
    return { server, burst, steady };
  } finally {
    await queue.stop();
    await pool.query(`DROP SCHEMA "${schema}" CASCADE; DROP SCHEMA "${schema}_worker" CASCADE`);
    await pool.end();
  }
});

const steadyLabel = `steady: ${INTEGRATIONS} every ${STEADY.gapMs} ms`;
const postgresLabel = `postgres (graphile-worker, ${postgres.server})`;
printTable(`webhook delivery over ${INTEGRATIONS} integrations, receiver answering at once`, [
  { storage: "memory (in-process runner)", load: `burst of ${EVENTS}`, ...memory },
  { storage: "memory (in-process runner)", load: steadyLabel, ...memorySteady },
  { storage: postgresLabel, load: `burst of ${EVENTS}`, ...postgres.burst },
  { storage: postgresLabel, load: steadyLabel, ...postgres.steady },
]);
await writeResults("webhooks-delivery", { memory, memorySteady, postgres });
