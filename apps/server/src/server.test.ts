import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { icimsConnector } from "@atsync/connector-icims";
import type { ModelKey, SyncRun } from "@atsync/core";
import { startWebhookReceiver, type WebhookReceiver } from "@atsync/core/testing";
import { candidateIds, createIcimsSimulator, type IcimsSimulator } from "@atsync/icims-simulator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type LogLine,
  parseMetrics,
  type ServerProcess,
  spawnServer,
  sumOf,
} from "./test-support/processes.js";

const API_KEY = `atsk_${randomBytes(16).toString("hex")}`;
const SCHEMA = `atsync_server_${randomBytes(4).toString("hex")}`;
const WEBHOOK_SECRET = randomBytes(16).toString("hex");
/** Models compared with the simulator's truth. */
const TRUTH_MODELS = ["jobs", "candidates", "applications"] as const;

/** The remote ids the simulator holds for a model, sorted (candidates: per the connector's decision). */
function truthIds(model: (typeof TRUTH_MODELS)[number]): string[] {
  const { state } = sim;
  if (model === "candidates") return candidateIds(state).map(String).sort();
  return state
    .list(model === "jobs" ? "jobs" : "applicantworkflows")
    .map((r) => String(r.id))
    .sort();
}

let sim: IcimsSimulator;
let receiver: WebhookReceiver;
let pool: pg.Pool;
let api: ServerProcess;
let workers: ServerProcess[];
let integrationId: string;

/** A call to the API process with the configured key. */
async function call<T>(method: string, path: string, body?: unknown, integration?: string): Promise<T> {
  const response = await fetch(`${api.url}/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
      ...(integration ? { "x-integration-id": integration } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as { status: string; data: T };
  expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
  return json.data;
}

/** The integration's runs, newest first, through the API. */
async function runs(): Promise<SyncRun[]> {
  return (await call<{ results: SyncRun[] }>("GET", `/integrations/${integrationId}/sync-runs`)).results;
}

/** Polls the runs until `pick` finds one; returns it. Fails naming the runs there were, and the workers' warnings. */
async function waitForRun(what: string, pick: (runs: SyncRun[]) => SyncRun | undefined): Promise<SyncRun> {
  let found: SyncRun | undefined;
  try {
    await expect
      .poll(
        async () => {
          found = pick(await runs());
          return found !== undefined;
        },
        { timeout: 150_000, interval: 200, message: what },
      )
      .toBe(true);
  } catch (error) {
    const seen = (await runs()).map((r) => `${r.type} ${r.status} ${r.error?.code ?? ""}`.trim());
    const warnings = workers.flatMap((w) => w.lines.filter((l) => l.level >= 40).slice(-5));
    throw new Error(
      `${what}: not within 150 s; runs: [${seen.join("; ")}]; worker warnings: ${JSON.stringify(warnings)}`,
      {
        cause: error,
      },
    );
  }
  return found as SyncRun;
}

/** Live remote ids stored for a model, sorted. */
async function storedIds(model: ModelKey): Promise<string[]> {
  const { rows } = await pool.query<{ remote_id: string }>(
    `SELECT remote_id FROM "${SCHEMA}".records WHERE integration_id = $1 AND model = $2 AND remote_deleted_at IS NULL`,
    [integrationId, model],
  );
  return rows.map((r) => r.remote_id).sort();
}

/** Samples of a process's `/metrics`. */
async function scrape(server: ServerProcess) {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return parseMetrics(await response.text());
}

/** Whether `server` logged the start of run `runId`. */
const ran = (server: ServerProcess, runId: string) =>
  server.lines.some((line: LogLine) => line.msg === "sync started" && line.runId === runId);

/** Records a run committed per model (inserted + updated + unchanged). */
function committed(run: SyncRun): Partial<Record<ModelKey, number>> {
  return Object.fromEntries(
    Object.entries(run.counts).map(([model, c]) => [model, c.inserted + c.updated + c.unchanged]),
  );
}

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // Small tenant, 25 ms per call: a full sync (2 record GETs in flight) takes a few seconds.
  sim = await createIcimsSimulator({
    seed: 11,
    jobs: 8,
    people: 120,
    applications: 200,
    dailyQuota: 1_000_000,
    faults: { latencyMs: 25 },
  });
  receiver = await startWebhookReceiver();
  const dir = mkdtempSync(join(tmpdir(), "atsync-server-test-"));
  const configPath = join(dir, "config.json");
  writeFileSync(
    configPath,
    JSON.stringify({
      databaseUrl,
      databaseSchema: SCHEMA,
      encryptionKey: randomBytes(32).toString("hex"),
      apiKeys: [API_KEY],
      connectors: ["icims"],
      host: "127.0.0.1",
      worker: { concurrency: 2, pollIntervalMs: 250, recoveryIntervalMs: 1_000 },
      logLevel: "info",
      shutdownTimeoutMs: 60_000,
      webhooks: [{ url: receiver.url, secret: WEBHOOK_SECRET }],
      fetchAllow: ["127.0.0.1/32"],
      publicBaseUrl: "https://atsync.example.com",
    }),
  );
  // The file holds everything but the port (env overrides the file): three processes, one free port each.
  const env = { ATSYNC_CONFIG: configPath, PORT: "0" };
  // Started at once on a fresh schema: their migrations race under the advisory locks.
  [api, ...workers] = await Promise.all([
    spawnServer("api", env),
    spawnServer("worker", env),
    spawnServer("worker", env),
  ]);
}, 180_000);

afterAll(async () => {
  const all = [api, ...(workers ?? [])].filter((p): p is ServerProcess => p !== undefined);
  await Promise.all(all.map((p) => p.stop()));
  await sim?.close();
  await receiver?.close();
  await pool?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await pool?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}_worker" CASCADE`);
  await pool?.end();
}, 120_000);

describe("atsync-server: an api process and 2 worker processes on PostgreSQL", () => {
  it("answers /healthz and /readyz in every process (the worker's check only where one runs)", async () => {
    for (const server of [api, ...workers]) {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status, server.mode).toBe(200);
      expect(await ready.json()).toEqual({
        ready: true,
        checks: {
          database: "ok",
          migrations: "done",
          worker: server.mode === "api" ? "not_in_this_mode" : "running",
          process: "serving",
        },
      });
    }
    // Workers serve no API.
    expect((await fetch(`${workers[0]?.url}/v1/check-api-key`)).status).toBe(404);
  });

  it("connects an integration over HTTP; a worker runs its first full sync to the simulator's ids", async () => {
    const connected = await call<{ id: string }>("POST", "/integrations", {
      tool: "icims",
      credentials: sim.connectorCredentials,
      end_user: { organization_name: "Server test tenant" },
      // Sync every application, not only those created through atsync (the connector's default).
      settings: {
        createdApplicationsOnly: false,
        connector: { ...sim.connectorSettings, maxConcurrency: 2 },
      },
    });
    integrationId = connected.id;
    const first = await waitForRun("the first full sync succeeded", (list) =>
      list.find((r) => r.type === "full" && r.status === "succeeded"),
    );
    const seconds = (Date.parse(first.finished_at ?? "") - Date.parse(first.started_at ?? "")) / 1000;
    console.info(`first full sync: ${seconds.toFixed(1)} s, ${first.api_calls} vendor calls`);
    expect(workers.filter((w) => ran(w, first.id))).toHaveLength(1);
    for (const model of TRUTH_MODELS) expect(await storedIds(model), model).toEqual(truthIds(model));
  }, 180_000);

  it("delivers the configured webhook from a worker: integration-created, data-changed, sync-finished, signed", async () => {
    await receiver.waitFor((got) => got.some((r) => r.payload.type === "sync-finished"), 120_000);
    const types = new Set(receiver.received.map((r) => r.payload.type));
    for (const type of ["integration-created", "data-changed", "sync-finished"])
      expect(types).toContain(type);
    for (const request of receiver.received) expect(receiver.verify(request, WEBHOOK_SECRET)).toBe(true);
    const finished = receiver.received.find((r) => r.payload.type === "sync-finished");
    expect(finished?.payload.data).toMatchObject({ integration_id: integrationId, sync_state: "SUCCEEDED" });
    expect(String(finished?.payload.data["log_url"])).toMatch(/^https:\/\/atsync\.example\.com\/v1\//);
  }, 150_000);

  it("/metrics: the sync counter, vendor call and quota gauges, records and API latency by route template", async () => {
    await call("GET", `/integrations/${integrationId}/sync-runs`);
    await expect
      .poll(
        async () => {
          const samples = (await Promise.all(workers.map(scrape))).flat();
          return sumOf(samples, "atsync_syncs_total", { tool: "icims", type: "full", status: "succeeded" });
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    const fromWorkers = (await Promise.all(workers.map(scrape))).flat();
    const byIntegration = { integration_id: integrationId, tool: "icims" };
    expect(sumOf(fromWorkers, "atsync_vendor_calls", byIntegration)).toBeGreaterThan(100);
    expect(sumOf(fromWorkers, "atsync_vendor_quota_limit", byIntegration)).toBeGreaterThanOrEqual(1_000_000);
    expect(sumOf(fromWorkers, "atsync_vendor_quota_remaining", byIntegration)).toBeGreaterThan(0);
    expect(sumOf(fromWorkers, "atsync_sync_duration_seconds_count", { type: "full" })).toBe(1);
    expect(fromWorkers.some((s) => s.name === "atsync_records")).toBe(false);

    const fromApi = await scrape(api);
    // The connect checked the credentials against the vendor from the API process.
    expect(sumOf(fromApi, "atsync_vendor_calls", byIntegration)).toBeGreaterThan(0);
    expect(sumOf(fromApi, "atsync_records", { ...byIntegration, model: "applications" })).toBe(200);
    expect(sumOf(fromApi, "atsync_records", { ...byIntegration, model: "jobs" })).toBe(8);
    const latency = "atsync_http_request_duration_seconds_count";
    expect(sumOf(fromApi, latency, { method: "POST", route: "/v1/integrations", status: "200" })).toBe(1);
    expect(
      sumOf(fromApi, latency, { method: "GET", route: "/v1/integrations/{id}/sync-runs", status: "200" }),
    ).toBeGreaterThanOrEqual(2);
    const routes = fromApi.filter((s) => s.name === latency).map((s) => s.labels.route ?? "");
    expect(routes.filter((route) => route.includes(integrationId))).toEqual([]);
    expect(sumOf(fromApi, "process_resident_memory_bytes")).toBeGreaterThan(0);
  }, 60_000);

  it("SIGTERM to the worker running a sync: the run ends cancelled with its pages kept, the other worker resumes it to success without reading them again", async () => {
    const { sync_id } = await call<{ sync_id: string }>(
      "POST",
      "/force-sync",
      { type: "FULL" },
      integrationId,
    );
    // Mid-sync: jobs (and the models they feed) are committed; candidates and applications are left.
    const started = await waitForRun("the forced full sync committed its jobs", (list) =>
      list.find((r) => r.id === sync_id && r.status === "running" && r.counts.jobs !== undefined),
    );
    const victim = workers.find((w) => ran(w, sync_id));
    const survivor = workers.find((w) => w !== victim);
    expect(victim, "the worker running the sync").toBeDefined();
    expect(await victim?.stop("SIGTERM"), "graceful exit code").toBe(0);
    expect(victim?.lines.some((line) => line.msg === "stopped")).toBe(true);

    const cancelled = await call<SyncRun>("GET", `/integrations/${integrationId}/sync-runs/${sync_id}`);
    expect(cancelled.status).toBe("cancelled");
    for (const model of Object.keys(started.counts)) expect(cancelled.counts).toHaveProperty(model);
    const resumed = await waitForRun("the resumed full sync succeeded", (list) =>
      list.find((r) => r.type === "full" && r.status === "succeeded" && r.created_at > cancelled.created_at),
    );
    expect(survivor && ran(survivor, resumed.id), "the other worker ran the resumed sync").toBe(true);
    // Models the cancelled run committed are not read again — except that a full run lists a feeder
    // (jobs) and the models it feeds by reading the feeder once more for deletion verification.
    const before = committed(cancelled);
    const after = committed(resumed);
    console.info(
      `cancelled run committed ${JSON.stringify(before)}; resumed run committed ${JSON.stringify(after)}`,
    );
    const coverage = icimsConnector.coverage.models;
    const feeders = new Set(Object.values(coverage).map((c) => c?.fedBy));
    const relisted = (model: ModelKey) => feeders.has(model) || coverage[model]?.fedBy !== undefined;
    const resumable = (Object.keys(before) as ModelKey[]).filter((model) => !relisted(model));
    expect(resumable.length, "models committed before the SIGTERM").toBeGreaterThan(0);
    for (const model of resumable) {
      const stored = (await storedIds(model)).length;
      expect((before[model] ?? 0) + (after[model] ?? 0), `${model} read once across both runs`).toBe(stored);
    }
    for (const model of TRUTH_MODELS) expect(await storedIds(model), model).toEqual(truthIds(model));
    const remaining = await Promise.all([api, survivor as ServerProcess].map((p) => p.stop("SIGTERM")));
    expect(remaining, "the others stop gracefully").toEqual([0, 0]);
  }, 240_000);
});
