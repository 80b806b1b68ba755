// One atsync worker process of a sync cluster (see cluster.ts): PostgreSQL storage, the
// GraphileWorkerQueue and the cluster's connectors (fixture, iCIMS), configured by the JSON in ATSYNC_SYNC_WORKER.
// Prints JSON lines: `{"type":"ready"}` once its queue runs, then `{"type":"progress",...}` per
// committed page. SIGTERM stops it gracefully (exit code 0).
import { createAtsync } from "@atsync/core";
import { createPostgresStorage, GraphileWorkerQueue } from "../src/index.js";
import {
  CLUSTER_CONNECTORS,
  type SyncWorkerConfig,
  type SyncWorkerMessage,
  webhookOptions,
} from "./cluster.js";
import { createPool } from "./pg-helpers.js";

const config = JSON.parse(process.env.ATSYNC_SYNC_WORKER ?? "null") as SyncWorkerConfig | null;
if (!config) throw new Error("sync-worker: set ATSYNC_SYNC_WORKER to the worker's JSON config");

const emit = (message: SyncWorkerMessage) => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const pool = createPool(config.databaseUrl, config.concurrency + 8);
const storage = createPostgresStorage({
  pool,
  schema: config.storageSchema,
  encryptionKey: config.encryptionKey,
});
const queue = new GraphileWorkerQueue({
  pool,
  syncState: storage.syncState,
  schema: config.queueSchema,
  pollIntervalMs: config.pollIntervalMs,
  recoveryIntervalMs: config.recoveryIntervalMs,
  webhookFallbackMs: 500,
});
const atsync = createAtsync({
  storage,
  connectors: CLUSTER_CONNECTORS,
  queue,
  scheduler: { concurrency: config.concurrency },
  http: { retryLimit: 2, backoffBaseMs: 1 },
  ...webhookOptions(config.webhook, queue),
});
atsync.events.on("sync-progress", ({ run }) => {
  emit({ type: "progress", integrationId: run.integration_id, runId: run.id });
});
process.once("SIGTERM", () => {
  void atsync
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
await atsync.start();
emit({ type: "ready" });
