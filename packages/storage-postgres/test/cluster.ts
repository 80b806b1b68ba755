import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { icimsConnector } from "@atsync/connector-icims";
import { type Atsync, type ConnectorDefinition, createAtsync } from "@atsync/core";
import type { SyncRun } from "@atsync/core/storage";
import {
  type FixtureVendor,
  type FixtureVendorOptions,
  fixtureConnector,
  startFixtureVendor,
} from "@atsync/core/testing";
import type pg from "pg";
import { createPostgresStorage, GraphileWorkerQueue, type PostgresStorage } from "../src/index.js";
import { createPool, dropSchema, uniqueSchema } from "./pg-helpers.js";
import { waitFor } from "./wait.js";

/** Connectors of the cluster's processes. */
export const CLUSTER_CONNECTORS = [
  fixtureConnector,
  icimsConnector,
] as readonly ConnectorDefinition<unknown>[];

/** The configuration `sync-worker.ts` reads from `ATSYNC_SYNC_WORKER`. */
export interface SyncWorkerConfig {
  databaseUrl: string;
  storageSchema: string;
  queueSchema: string;
  encryptionKey: string;
  /** Jobs the worker runs at once. */
  concurrency: number;
  pollIntervalMs: number;
  recoveryIntervalMs: number;
  /** A webhook endpoint the workers deliver to (fast timing), if any. */
  webhook?: ClusterWebhook;
}

/** A webhook endpoint of a cluster, delivered by its workers on graphile-worker. */
export interface ClusterWebhook {
  url: string;
  secret: string;
  /** Time limit of one attempt (ms); a killed worker's lease ends twice this after it claimed. */
  timeoutMs: number;
}

/** The `createAtsync` options of a cluster process delivering to `webhook` through `queue`. */
export function webhookOptions(webhook: ClusterWebhook | undefined, queue: GraphileWorkerQueue) {
  if (!webhook) return {};
  return {
    webhooks: [{ url: webhook.url, secret: webhook.secret }],
    webhookDelivery: {
      allow: ["127.0.0.1/32"],
      timeoutMs: webhook.timeoutMs,
      firstRetryMs: 100,
      pollIntervalMs: 500,
      runner: queue,
    },
  };
}

/** A line a sync worker prints. */
export type SyncWorkerMessage =
  | { type: "ready" }
  | { type: "progress"; integrationId: string; runId: string };

/** A running `sync-worker.ts` process. */
export interface SyncWorker {
  /** Its process id. */
  readonly pid: number;
  /** Calls `listener` for each page a run in this worker committed. */
  onProgress(listener: (progress: { integrationId: string; runId: string }) => void): void;
  /** SIGKILL: the process dies at once, mid-sync, without any cleanup. */
  kill(): void;
  /** SIGTERM (graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

const RUN_TS = fileURLToPath(new URL("../../../scripts/run-ts.mjs", import.meta.url));
const WORKER_SCRIPT = fileURLToPath(new URL("./sync-worker.ts", import.meta.url));

/**
 * Spawns a worker process running the TypeScript sources (no build: the repository's
 * `scripts/run-ts.mjs` and the `@atsync/source` condition) and resolves once its queue runs;
 * rejects with its stderr when it exits first.
 */
export async function spawnSyncWorker(config: SyncWorkerConfig): Promise<SyncWorker> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=@atsync/source", RUN_TS, WORKER_SCRIPT],
    {
      env: { ...process.env, ATSYNC_SYNC_WORKER: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const listeners: ((progress: { integrationId: string; runId: string }) => void)[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    void exited.then((code) =>
      reject(new Error(`sync worker exited (${code}) before it was ready:\n${stderr}`)),
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const message = JSON.parse(line) as SyncWorkerMessage;
      if (message.type === "ready") resolve();
      else for (const listener of listeners) listener(message);
    });
  });
  await ready;
  return {
    pid: child.pid as number,
    onProgress: (listener) => listeners.push(listener),
    kill: () => child.kill("SIGKILL"),
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
    stderr: () => stderr,
  };
}

/** A vendor account the cluster connects one integration to. */
export interface ClusterTenant {
  /** Connector slug (`fixture` or `icims`). */
  tool: string;
  /** Credentials of the integration. */
  credentials: Record<string, unknown>;
  /** The connector's settings of the integration (`settings.connector`), if any. */
  settings?: Record<string, unknown>;
  /** Stops the vendor. */
  close(): Promise<void>;
}

/** A fixture vendor behind a proxy that answers each request `delayMs` late (a vendor's latency). */
export interface SlowVendor extends ClusterTenant {
  vendor: FixtureVendor;
  /** The proxy's base URL (what integrations connect to). */
  url: string;
}

/** Starts a fixture vendor and a loopback proxy adding `delayMs` to every request. */
export async function startSlowVendor(options: FixtureVendorOptions, delayMs: number): Promise<SlowVendor> {
  const vendor = await startFixtureVendor(options);
  const target = new URL(vendor.url);
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    upstream.end(body);
  };
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A worker killed mid-request leaves a dead socket behind: ignore its errors.
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => setTimeout(() => forward(req, res, Buffer.concat(chunks)), delayMs));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    tool: "fixture",
    credentials: { baseUrl: url, apiKey: vendor.apiKey },
    vendor,
    url,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await vendor.close();
    },
  };
}

/** Options of `startSyncCluster`. */
export interface SyncClusterOptions {
  databaseUrl: string;
  /** Worker processes. */
  workers: number;
  /** Jobs each worker runs at once. */
  concurrency: number;
  /** One integration per tenant (started by the caller, closed by the cluster). */
  tenants: readonly ClusterTenant[];
  /** Queue `pollIntervalMs` of the workers. Default 200. */
  pollIntervalMs?: number;
  /** Queue `recoveryIntervalMs` of the workers. Default 250. */
  recoveryIntervalMs?: number;
  /** A webhook endpoint every process delivers to. */
  webhook?: ClusterWebhook;
}

/**
 * Worker processes sharing one database (storage and queue schemas of their own), the tenants,
 * and an atsync instance in this process (its queue never started) that connects the
 * integrations, which queues their first full syncs for the workers.
 */
export interface SyncCluster {
  pool: pg.Pool;
  storage: PostgresStorage;
  /** The worker processes, started and ready. */
  workers: SyncWorker[];
  /** Starts one more worker process with the same configuration (added to `workers`). */
  addWorker(): Promise<SyncWorker>;
  /** Connects one integration per tenant (in tenant order) and returns their ids. */
  connect(): Promise<string[]>;
  /** Waits until every integration has a succeeded full run and returns each one's runs, newest first. */
  waitForFullSyncs(integrationIds: readonly string[], timeoutMs: number): Promise<Map<string, SyncRun[]>>;
  /** Stops the workers still alive (SIGTERM) and the vendors, drops the schemas, ends the pool. */
  close(): Promise<void>;
}

/** Starts a sync cluster (see `SyncCluster`); the workers are ready when it resolves. */
export async function startSyncCluster(options: SyncClusterOptions): Promise<SyncCluster> {
  const pool = createPool(options.databaseUrl, 10);
  const encryptionKey = randomBytes(32).toString("hex");
  const storage = createPostgresStorage({ pool, schema: uniqueSchema(), encryptionKey });
  const queue = new GraphileWorkerQueue({ pool, syncState: storage.syncState, schema: uniqueSchema() });
  await storage.migrate();
  await queue.migrate();
  const atsync: Atsync = createAtsync({
    storage,
    connectors: CLUSTER_CONNECTORS,
    queue,
    ...webhookOptions(options.webhook, queue),
  });
  await atsync.webhooks.registered();
  const config: SyncWorkerConfig = {
    databaseUrl: options.databaseUrl,
    storageSchema: storage.schema,
    queueSchema: queue.schema,
    encryptionKey,
    concurrency: options.concurrency,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    recoveryIntervalMs: options.recoveryIntervalMs ?? 250,
    ...(options.webhook ? { webhook: options.webhook } : {}),
  };
  const workers = await Promise.all(Array.from({ length: options.workers }, () => spawnSyncWorker(config)));
  return {
    pool,
    storage,
    workers,
    addWorker: async () => {
      const worker = await spawnSyncWorker(config);
      workers.push(worker);
      return worker;
    },
    connect: async () => {
      const ids: string[] = [];
      for (const { tool, credentials, settings } of options.tenants) {
        const integration = await atsync.integrations.connect({
          tool,
          credentials,
          settings: { createdApplicationsOnly: false, ...(settings ? { connector: settings } : {}) },
        });
        ids.push(integration.id);
      }
      return ids;
    },
    waitForFullSyncs: (integrationIds, timeoutMs) =>
      waitFor(
        "a succeeded full sync of every integration",
        async () => {
          const runs = new Map<string, SyncRun[]>();
          for (const id of integrationIds) {
            const list = await storage.syncState.listRuns(id);
            if (!list.some((r) => r.type === "full" && r.status === "succeeded")) return undefined;
            runs.set(id, list);
          }
          return runs;
        },
        { timeoutMs, intervalMs: 100 },
      ),
    close: async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await atsync.close();
      await Promise.all(options.tenants.map((t) => t.close()));
      await dropSchema(pool, storage.schema);
      await dropSchema(pool, queue.schema);
      await pool.end();
    },
  };
}
