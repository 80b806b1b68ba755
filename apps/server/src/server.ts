import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { icimsConnector } from "@atsync/connector-icims";
import {
  type Atsync,
  type ConnectorDefinition,
  createAtsync,
  isAtsyncError,
  type Logger,
} from "@atsync/core";
import { createHttpHandler, type FetchHandler, handleClientErrors, toNodeListener } from "@atsync/core/http";
import { createPostgresStorage, GraphileWorkerQueue } from "@atsync/storage-postgres";
import pg from "pg";
import type { ServerConfig, ServerMode } from "./config.js";
import { createServerMetrics } from "./metrics.js";

/** Path prefix of the Kombo-compatible API. */
export const API_BASE_PATH = "/v1";

/** The connectors `config.connectors` can enable, by slug. */
const CONNECTORS: Readonly<Record<ServerConfig["connectors"][number], ConnectorDefinition<unknown>>> = {
  icims: icimsConnector as ConnectorDefinition<unknown>,
};

/** How long `/readyz` waits for the database before calling it unreachable. */
const DATABASE_PROBE_TIMEOUT_MS = 2_000;

/** State of this process's sync worker, as `/readyz` reports it. */
type WorkerState = "not_in_this_mode" | "starting" | "running" | "stopping";

/** What `/readyz` answers. */
export interface Readiness {
  /** Whether every check passes (HTTP 200; otherwise 503). */
  ready: boolean;
  /** The checks. */
  checks: {
    /** `ok`, or `unreachable` when `SELECT 1` failed or took over 2 s. */
    database: "ok" | "unreachable";
    /** `done` once this process has applied (or found applied) every migration. */
    migrations: "done" | "pending";
    /** The sync worker; `running` is required in modes `worker` and `all`. */
    worker: WorkerState;
    /** `stopping` from the first shutdown signal on, so load balancers drain this process. */
    process: "serving" | "stopping";
  };
}

/** A running server process. */
export interface AtsyncServer {
  /** Where it listens (`http://host:port`). */
  url: string;
  /** The atsync instance. */
  atsync: Atsync;
  /**
   * Graceful stop: `/readyz` answers 503, the worker stops taking jobs and aborts running syncs
   * (they end `cancelled` at their next page, committed pages kept, and are queued to resume),
   * the HTTP server stops accepting and finishes open requests, then the pool closes. Requests
   * still open after half of `shutdownTimeoutMs` are cut.
   */
  close(): Promise<void>;
}

/** A JSON answer that is never cached. */
function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/** An error in Kombo's envelope (code null: not an API error). */
function refusal(status: number, title: string, message: string): Response {
  return json(status, { status: "error", error: { code: null, title, message, log_url: null } });
}

/** Resolves with `promise`'s value, or rejects once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Registers the configured API keys that the database does not know yet (stored as hashes).
 * Safe when several API processes start at once: a key another process registered first is
 * simply verified. A key revoked in the database stays revoked (logged, not re-registered).
 */
async function registerApiKeys(atsync: Atsync, keys: readonly string[], logger: Logger): Promise<void> {
  for (const [index, key] of keys.entries()) {
    if (await atsync.apiKeys.verify(key)) continue;
    try {
      await atsync.apiKeys.create(`config apiKeys[${index}]`, key);
    } catch (error) {
      if (!isAtsyncError(error) || error.code !== "PLATFORM.INPUT_INVALID") throw error;
      if (!(await atsync.apiKeys.verify(key))) {
        logger.warn({ index }, "apiKeys entry is revoked in the database; it stays revoked");
      }
    }
  }
}

/**
 * Starts one server process in `mode` on the configured PostgreSQL database:
 * - `api`: the Kombo-compatible API under `/v1`; syncs it queues run in worker processes.
 * - `worker`: takes syncs from the shared graphile-worker queue (`worker.concurrency` at once).
 * - `all`: both.
 *
 * Every mode serves `/healthz`, `/readyz` and `/metrics`. The HTTP server listens first (so
 * `/healthz` answers while migrations run), then the storage and queue migrations are applied
 * (each under its advisory lock, so concurrent starts are safe), the configured API keys are
 * registered, and the worker starts.
 */
export async function startServer(
  config: ServerConfig,
  mode: ServerMode,
  logger: Logger,
): Promise<AtsyncServer> {
  const servesApi = mode !== "worker";
  const runsWorker = mode !== "api";
  const log = logger.child({ component: "server", mode });

  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.databasePoolSize ?? Math.max(10, config.worker.concurrency + 6),
  });
  // An error of an idle or checked-out connection fails the query using it instead of the process.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const storage = createPostgresStorage({
    pool,
    schema: config.databaseSchema,
    encryptionKey: config.encryptionKey,
    ownsPool: true,
  });
  const queue = new GraphileWorkerQueue({
    pool,
    syncState: storage.syncState,
    schema: `${config.databaseSchema}_worker`,
    logger,
    pollIntervalMs: config.worker.pollIntervalMs,
    recoveryIntervalMs: config.worker.recoveryIntervalMs,
  });
  const atsync = createAtsync({
    storage,
    queue,
    connectors: config.connectors.map((slug) => CONNECTORS[slug]),
    logger,
    scheduler: { concurrency: config.worker.concurrency },
    // Deliveries run on graphile-worker, so any worker delivers and a dead worker's deliveries
    // resume elsewhere. The configured endpoints are registered once the migrations ran (below).
    webhookDelivery: { runner: queue },
    ...(config.fetchAllow.length > 0 ? { fetchAllow: config.fetchAllow } : {}),
    ...(config.publicBaseUrl !== undefined
      ? { publicBaseUrl: `${config.publicBaseUrl.replace(/\/+$/, "")}${API_BASE_PATH}` }
      : {}),
  });
  const metrics = createServerMetrics({ atsync, countRecords: servesApi });

  let migrated = false;
  let stopping = false;
  let worker: WorkerState = runsWorker ? "starting" : "not_in_this_mode";
  const readiness = async (): Promise<Readiness> => {
    const database = await within(pool.query("SELECT 1"), DATABASE_PROBE_TIMEOUT_MS).then(
      () => "ok" as const,
      () => "unreachable" as const,
    );
    const checks: Readiness["checks"] = {
      database,
      migrations: migrated ? "done" : "pending",
      worker,
      process: stopping ? "stopping" : "serving",
    };
    const ready =
      database === "ok" && migrated && !stopping && (worker === "running" || worker === "not_in_this_mode");
    return { ready, checks };
  };

  const api = servesApi
    ? createHttpHandler({ atsync, basePath: API_BASE_PATH, onResponse: metrics.observeHttp })
    : null;
  const handler: FetchHandler = async (request) => {
    const { pathname } = new URL(request.url);
    const isApi = pathname === API_BASE_PATH || pathname.startsWith(`${API_BASE_PATH}/`);
    if (isApi && api) {
      return migrated
        ? api(request)
        : refusal(503, "Starting", "The server is applying migrations; retry shortly");
    }
    const probe = pathname === "/healthz" || pathname === "/readyz" || pathname === "/metrics";
    if (!probe) return refusal(404, "Not found", `No route ${pathname}`);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return refusal(405, "Method not allowed", `${request.method} ${pathname} is not served`);
    }
    if (pathname === "/healthz") return json(200, { status: "ok" });
    if (pathname === "/readyz") {
      const state = await readiness();
      return json(state.ready ? 200 : 503, state);
    }
    const { contentType, body } = await metrics.render();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  };

  const server = handleClientErrors(createServer(toNodeListener(handler)));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log.info({ url }, "listening; applying migrations");

  const closeHttp = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Open requests get half the shutdown budget; the syncs' checkpoints need the rest.
      setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs / 2).unref();
    });
  const close = async () => {
    stopping = true;
    if (runsWorker) worker = "stopping";
    log.info("shutting down: no new jobs; running syncs end at their next page and resume elsewhere");
    // Syncs stop while open API requests finish; the pool closes after both.
    await Promise.all([atsync.stop(), closeHttp()]);
    metrics.detach();
    await atsync.close();
    log.info("stopped");
  };

  try {
    await storage.migrate();
    await queue.migrate();
    migrated = true;
    // Every process registers the configured endpoints (ids derived from their URLs: idempotent).
    await atsync.webhooks.register(config.webhooks);
    if (servesApi) await registerApiKeys(atsync, config.apiKeys, log);
    if (runsWorker) {
      await atsync.start();
      worker = "running";
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  log.info(
    {
      url,
      ...(servesApi ? { apiUrl: `${config.publicBaseUrl?.replace(/\/+$/, "") ?? url}${API_BASE_PATH}` } : {}),
      ...(runsWorker ? { concurrency: config.worker.concurrency } : {}),
      connectors: config.connectors,
    },
    "atsync server started",
  );
  return { url, atsync, close };
}
