import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { icimsConnector } from "@atsync/connector-icims";
import { type Atsync, createAtsync } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { createIcimsSimulator, type IcimsSimulator } from "@atsync/icims-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchema, TEST_KEY, testPool, uniqueSchema } from "../test/database.js";
import { waitFor } from "../test/wait.js";
import { createPostgresStorage, GraphileWorkerQueue, type PostgresStorage } from "./index.js";

const EVENT_SECRET = "pg-event-secret-0123456789";

/**
 * Vendor events on PostgreSQL with the graphile-worker queue: an API process (never started, no
 * workers) receives the simulator's events over HTTP and stores them; a worker process runs the
 * targeted refreshes from the queue.
 */
describe("vendor events on PostgreSQL with graphile-worker", () => {
  const pool = testPool(20);
  const schema = uniqueSchema();
  const workerSchema = `${schema}_w`;
  let sim: IcimsSimulator;
  let storages: PostgresStorage[] = [];
  let api: Atsync;
  let worker: Atsync;
  let server: Server;
  let integrationId: string;
  let receiverUrl: string;

  const instance = async () => {
    const storage = createPostgresStorage({ pool, schema, encryptionKey: TEST_KEY });
    await storage.migrate();
    storages.push(storage);
    const queue = new GraphileWorkerQueue({
      pool,
      syncState: storage.syncState,
      schema: workerSchema,
      pollIntervalMs: 100,
      recoveryIntervalMs: 500,
    });
    await queue.migrate();
    return createAtsync({
      storage,
      connectors: [icimsConnector],
      queue,
      http: { retryLimit: 2, backoffBaseMs: 1 },
      vendorEvents: { coalesceMs: 50 },
      scheduler: { deltaIntervalMinutes: 24 * 60, deletionScanIntervalMinutes: 7 * 24 * 60 },
    });
  };

  beforeAll(async () => {
    sim = await createIcimsSimulator({ seed: 11, jobs: 6, people: 40, applications: 60 });
    api = await instance();
    worker = await instance();
    const integration = await api.integrations.connect({
      tool: "icims",
      credentials: {
        ...sim.connectorCredentials,
        eventAuth: "basic",
        eventUser: "icims",
        eventSecret: EVENT_SECRET,
      },
      settings: { createdApplicationsOnly: false, connector: sim.connectorSettings },
    });
    integrationId = integration.id;
    await api.sync.runNow(integrationId, "full");
    await worker.start();
    server = createServer(toNodeListener(createHttpHandler({ atsync: api, basePath: "/v1" })));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const endpoints = await api.vendorEvents.endpoints(integrationId);
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1${endpoints?.url}`;
    sim.state.setEventNotifications({
      url: receiverUrl,
      auth: { mode: "basic", username: "icims", password: EVENT_SECRET },
      duplicateRate: 0.5,
    });
  }, 120_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await worker?.close();
    await api?.close();
    await sim?.close();
    await dropSchema(pool, schema);
    await dropSchema(pool, workerSchema);
    await pool.end();
    storages = [];
  });

  const stageOf = async (workflow: string) => {
    const page = await api.ats(integrationId).applications.list({ remote_ids: workflow });
    return page.results[0]?.current_stage?.remote_id ?? null;
  };

  it("stores the event durably before answering and lets another process's worker refresh the record", async () => {
    const workflow = String(sim.state.visible("applicantworkflows")[3]?.id);
    const statuses = (sim.state.listTree(sim.connectorSettings.statusListId) ?? []).flatMap((b) =>
      (b.children ?? []).map((s) => s.id),
    );
    const current = (
      sim.state.get("applicantworkflows", Number(workflow))?.status as { id?: string } | undefined
    )?.id;
    const next = statuses.find((s) => s !== current) as string;
    const stageBefore = await stageOf(workflow);
    // Whatever the worker's scheduler started first (a scan due after the first sync) ends before counting.
    await waitFor("the worker to be idle", async () => {
      const { pending, latest } = await worker.sync.status(integrationId);
      const due = pending !== null && Date.parse(pending.runAt) <= Date.now() + 5_000;
      return latest?.status !== "running" && !due ? true : undefined;
    });
    const apiCalls = api.quota(integrationId).calls;
    const workerCalls = worker.quota(integrationId).calls;
    sim.state.resetStats();
    sim.state.mutate({
      op: "update",
      type: "applicantworkflows",
      id: Number(workflow),
      fields: { status: { id: next } },
    });
    await sim.state.flushEvents();
    expect(sim.state.eventStats()).toMatchObject({ emitted: 1, failed: 0 });
    const stored = await waitFor("the refreshed stage", async () => {
      const stage = await stageOf(workflow);
      return stage !== stageBefore ? stage : undefined;
    });
    expect(stored).not.toBe(stageBefore);
    // The API process only stored the event; the worker read the workflow once (its first
    // session in this process also fetched a token and the tenant's schema and status list).
    expect(api.quota(integrationId).calls).toBe(apiCalls);
    expect(worker.quota(integrationId).calls).toBeGreaterThan(workerCalls);
    expect(sim.state.stats()["GET /applicantworkflows/{id}"]).toBe(1);
    await waitFor("the inbox to empty", async () =>
      (await api.storage.vendorEvents.pending(integrationId, 10)).length === 0 ? true : undefined,
    );
  });

  it("queues refreshes in the integration's named queue, coalesced under one key", async () => {
    const queue = new GraphileWorkerQueue({ pool, syncState: api.storage.syncState, schema: workerSchema });
    const at = new Date(Date.now() + 60_000).toISOString();
    await queue.enqueueRefresh(`${integrationId}-probe`, at);
    await queue.enqueueRefresh(`${integrationId}-probe`, new Date(Date.now() + 120_000).toISOString());
    const rows = await pool.query<{ queue_name: string; n: string; run_at: Date }>(
      `SELECT q.queue_name, count(*) OVER () AS n, j.run_at FROM "${workerSchema}"._private_jobs j
       JOIN "${workerSchema}"._private_job_queues q ON q.id = j.job_queue_id WHERE j.key = $1`,
      [`refresh:${integrationId}-probe`],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.queue_name).toBe(`${integrationId}-probe`);
    expect(rows.rows[0]?.run_at.toISOString()).toBe(at);
    await pool.query(`DELETE FROM "${workerSchema}"._private_jobs WHERE key = $1`, [
      `refresh:${integrationId}-probe`,
    ]);
  });

  it("accepts exactly one of concurrent deliveries of the same event", async () => {
    const event = {
      key: "same-event",
      type: "WorkFlowStatusChangeEvent",
      received_at: new Date().toISOString(),
      targets: [],
    };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api.storage.vendorEvents.accept(integrationId, event)),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});
