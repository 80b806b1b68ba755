import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  EMPTY_PROGRESS,
  type IntegrationRecord,
  newIntegrationId,
  type SyncJob,
  type SyncJobHandler,
} from "@atsync/core/storage";
import { afterAll, afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { dropSchema, freshStorage, testPool, uniqueSchema } from "../test/database.js";
import { waitFor } from "../test/wait.js";
import {
  GraphileWorkerQueue,
  type GraphileWorkerQueueOptions,
  INTERRUPTED_RUN_MESSAGE,
  type PostgresStorage,
} from "./index.js";

const pool = testPool(30);
afterAll(() => pool.end());

const job = (integrationId: string, overrides: Partial<SyncJob> = {}): SyncJob => ({
  id: randomUUID(),
  integrationId,
  type: "delta",
  runAt: new Date().toISOString(),
  reason: "scheduled",
  ...overrides,
});
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A handler's record of one job it ran. */
interface Ran {
  job: SyncJob;
  start: number;
  end: number;
}

describe("GraphileWorkerQueue", () => {
  let storage: PostgresStorage;
  let schema: string;
  let queues: GraphileWorkerQueue[];
  const queue = (options: Partial<GraphileWorkerQueueOptions> = {}) => {
    const q = new GraphileWorkerQueue({
      pool,
      syncState: storage.syncState,
      schema,
      pollIntervalMs: 100,
      recoveryIntervalMs: 200,
      ...options,
    });
    queues.push(q);
    return q;
  };
  const jobRows = (key: string) =>
    pool
      .query<{ locked_by: string | null; locked_at: Date | null; attempts: number }>(
        `SELECT locked_by, locked_at, attempts FROM "${schema}"._private_jobs WHERE key = $1`,
        [key],
      )
      .then((r) => r.rows);
  const integration = async () => {
    const id = newIntegrationId("fixture");
    const at = new Date().toISOString();
    const record: IntegrationRecord = {
      id,
      tool: "fixture",
      status: "ACTIVE",
      setup_status: "COMPLETED",
      end_user: { organization_name: "Acme", creator_email: null, origin_id: null },
      settings: {},
      created_at: at,
      updated_at: at,
    };
    await storage.integrations.create(record, { token: "t" });
    return id;
  };
  const startRun = (j: SyncJob) =>
    storage.syncState.createRun({
      id: j.id,
      integration_id: j.integrationId,
      type: j.type,
      status: "running",
      counts: {},
      api_calls: 0,
      current_model: "candidates",
      progress: EMPTY_PROGRESS,
      started_at: new Date().toISOString(),
      finished_at: null,
      error: null,
      created_at: new Date().toISOString(),
    });

  beforeEach(async () => {
    storage = await freshStorage(pool);
    schema = uniqueSchema();
    queues = [];
    await queue().migrate();
  });
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.stop()));
    await storage.close();
    await dropSchema(pool, storage.schema);
    await dropSchema(pool, schema);
  });

  it("migrates idempotently, also from several processes at once", async () => {
    await Promise.all([queue().migrate(), queue().migrate(), queue().migrate()]);
    const tables = await pool.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '_private_jobs'",
      [schema],
    );
    expect(tables.rowCount).toBe(1);
  });

  it("rejects a schema name that is not a plain lower-case identifier", () => {
    expect(() => queue({ schema: "Bad-Name" })).toThrow(/schema/);
  });

  it("keeps one pending job per integration: enqueue replaces it, remove drops it", async () => {
    const q = queue();
    expect(await q.pending("A")).toBeNull();
    const first = job("A", { runAt: inMs(3_600_000) });
    await q.enqueue(first);
    expect(await q.pending("A")).toEqual(first);
    const second = job("A", { type: "full", reason: "forced", runAt: inMs(60_000) });
    await q.enqueue(second);
    expect(await q.pending("A")).toEqual(second);
    expect(await jobRows("sync:A")).toHaveLength(1);
    const other = job("B", { runAt: inMs(60_000) });
    await q.enqueue(other);
    await q.remove("A");
    expect(await q.pending("A")).toBeNull();
    await q.remove("A");
    expect(await q.pending("B")).toEqual(other);
  });

  it("enqueue with ifEmpty leaves a pending job alone and fills an empty slot", async () => {
    const q = queue();
    const planned = job("A", { runAt: inMs(60_000) });
    await q.enqueue(planned, { ifEmpty: true });
    expect(await q.pending("A")).toEqual(planned);
    await q.enqueue(job("A", { runAt: inMs(3_600_000) }), { ifEmpty: true });
    expect(await q.pending("A")).toEqual(planned);
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        q.enqueue(job("C", { runAt: inMs(1_000 * (i + 1)) }), { ifEmpty: true }),
      ),
    );
    expect(concurrent).toHaveLength(5);
    expect(await jobRows("sync:C")).toHaveLength(1);
  });

  it("keeps running when a queue schema elsewhere in the database is migrated (graphile-worker's channel is database-wide)", async () => {
    const q = queue();
    const ran: SyncJob[] = [];
    await q.start(
      async (j) => {
        ran.push(j);
      },
      { concurrency: 2 },
    );
    // A fresh queue schema in the same database: its migrations include breaking ones.
    const otherSchema = uniqueSchema();
    onTestFinished(() => dropSchema(pool, otherSchema));
    await new GraphileWorkerQueue({ pool, syncState: storage.syncState, schema: otherSchema }).migrate();
    await sleep(500);
    const after = job("A");
    await q.enqueue(after);
    await waitFor("the job enqueued after the other schema's migration", () => ran.length === 1);
    expect(ran[0]).toEqual(after);
  });

  it("runs a delayed job once its runAt has come, not before", async () => {
    const q = queue();
    const ran: Ran[] = [];
    await q.start(
      async (j) => {
        ran.push({ job: j, start: Date.now(), end: Date.now() });
      },
      { concurrency: 2 },
    );
    const delayed = job("A", { runAt: inMs(1_000) });
    await q.enqueue(delayed);
    await sleep(300);
    expect(ran).toEqual([]);
    expect(await q.pending("A")).toEqual(delayed);
    await waitFor("the delayed job", () => ran.length === 1);
    expect(ran[0]?.job).toEqual(delayed);
    expect(ran[0]?.start).toBeGreaterThanOrEqual(Date.parse(delayed.runAt));
    expect(await q.pending("A")).toBeNull();
  });

  it("never runs two jobs of one integration at once, across queues, while others run in parallel", async () => {
    const ran: Ran[] = [];
    const runsOfA = 4;
    const [q1, q2] = [queue(), queue()];
    let pendingWhileRunning: SyncJob | null = null;
    const handler: SyncJobHandler = async (j) => {
      const start = Date.now();
      if (j.integrationId === "A" && ran.filter((r) => r.job.integrationId === "A").length < runsOfA - 1) {
        // As the scheduler does: the next job is queued while this one still runs.
        const next = job("A");
        await (q1 as GraphileWorkerQueue).enqueue(next);
        pendingWhileRunning = await (q2 as GraphileWorkerQueue).pending("A");
        expect(pendingWhileRunning).toEqual(next);
      }
      await sleep(150);
      ran.push({ job: j, start, end: Date.now() });
    };
    await Promise.all([q1, q2].map((q) => q?.start(handler, { concurrency: 3 })));
    await q1?.enqueue(job("A"));
    for (const id of ["B", "C", "D", "E"]) await q2?.enqueue(job(id));
    await waitFor("every job", () => ran.length === runsOfA + 4, { timeoutMs: 60_000 });

    const a = ran.filter((r) => r.job.integrationId === "A").sort((x, y) => x.start - y.start);
    expect(a).toHaveLength(runsOfA);
    for (let i = 1; i < a.length; i++) expect(a[i]?.start).toBeGreaterThanOrEqual(a[i - 1]?.end ?? 0);
    const overlapping = ran.some((x) =>
      ran.some((y) => x.job.integrationId !== y.job.integrationId && x.start < y.end && y.start < x.end),
    );
    expect(overlapping, "different integrations ran in parallel").toBe(true);
    expect(await q1?.pending("A")).toBeNull();
  });

  it("stops gracefully: running handlers see their signal abort, stop waits for them, pending jobs stay", async () => {
    const q = queue();
    let started = false;
    let ended = false;
    let reason: unknown;
    await q.start(
      async (_j, signal) => {
        started = true;
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        reason = signal.reason;
        await sleep(200);
        ended = true;
      },
      { concurrency: 2 },
    );
    await q.enqueue(job("A"));
    const later = job("B", { runAt: inMs(3_600_000) });
    await q.enqueue(later);
    await waitFor("the job to start", () => started);
    await q.stop();
    expect(ended).toBe(true);
    expect(String(reason)).toMatch(/shutting down/);
    expect(await q.pending("B")).toEqual(later);
    expect(await jobRows("sync:A")).toEqual([]);

    const due = job("A");
    await q.enqueue(due);
    await sleep(300);
    expect(await q.pending("A"), "nothing runs while stopped").toEqual(due);
    const ran: SyncJob[] = [];
    await q.start(async (j) => void ran.push(j), { concurrency: 1 });
    await waitFor("the job after the restart", () => ran.length === 1);
    expect(ran[0]).toEqual(due);
  });

  it("retries a handler that threw, with backoff, under a new run id, closing the run it left open", async () => {
    const q = queue();
    const id = await integration();
    const first = job(id);
    const attempts: { job: SyncJob; at: number }[] = [];
    await q.start(
      async (j) => {
        attempts.push({ job: j, at: Date.now() });
        if (attempts.length === 1) {
          await startRun(j);
          throw new Error("storage went away");
        }
      },
      { concurrency: 1 },
    );
    await q.enqueue(first);
    await waitFor("the first attempt", () => attempts.length === 1);
    const retry = await waitFor("the retry to be pending", () => q.pending(id).then((p) => p ?? undefined));
    expect(retry).toMatchObject({ id: `${first.id}.2`, reason: "resume", type: first.type });
    expect(Date.parse(retry.runAt)).toBeGreaterThan(Date.now());
    await waitFor("the second attempt", () => attempts.length === 2, { timeoutMs: 45_000 });
    const [one, two] = attempts;
    expect(two?.job).toEqual({ ...first, id: `${first.id}.2`, reason: "resume", runAt: retry.runAt });
    expect((two?.at ?? 0) - (one?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(await storage.syncState.getRun(id, first.id)).toMatchObject({
      status: "failed",
      current_model: null,
      error: { code: "PLATFORM.UNKNOWN_ERROR", message: INTERRUPTED_RUN_MESSAGE },
    });
    await waitFor("the job to complete", async () => (await jobRows(`sync:${id}`)).length === 0);
  });

  it("aborts its running jobs when its liveness session is lost, then takes the lock again", async () => {
    const q = queue();
    const ran: SyncJob[] = [];
    const reasons: unknown[] = [];
    await q.start(
      async (j, signal) => {
        ran.push(j);
        if (j.integrationId !== "A") return;
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        reasons.push(signal.reason);
      },
      { concurrency: 2 },
    );
    await q.enqueue(job("A"));
    await waitFor("the job", () => ran.length === 1);
    const [row] = await jobRows("sync:A");
    const holder = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [`atsync:worker:${schema}:${row?.locked_by}`],
    );
    expect(holder.rows).toHaveLength(1);
    await pool.query("SELECT pg_terminate_backend($1)", [holder.rows[0]?.pid]);
    await waitFor("the running job to be aborted", () => reasons.length === 1);
    expect(String(reasons[0])).toMatch(/lost its database session/);
    await q.enqueue(job("B"));
    await waitFor("a job after the lock was taken again", () => ran.some((j) => j.integrationId === "B"));
  });

  it("releases the jobs of a dead worker after closing their runs, and leaves live workers' jobs alone", async () => {
    const q = queue();
    const live = await integration();
    const orphan = await integration();
    const ran: SyncJob[] = [];
    await q.start(
      async (j, signal) => {
        ran.push(j);
        if (j.integrationId === live)
          await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
      { concurrency: 2 },
    );
    await q.enqueue(job(live));
    await waitFor("the live job", () => ran.length === 1);
    const [held] = await jobRows(`sync:${live}`);

    // A job locked by a pool whose process is gone: nobody holds that pool's liveness lock.
    const dead = job(orphan, { type: "full", runAt: inMs(3_600_000) });
    await q.enqueue(dead);
    await startRun(dead);
    await pool.query(
      `UPDATE "${schema}"._private_jobs SET locked_by = 'pool-dead', locked_at = now(), attempts = 1, run_at = now()
       WHERE key = $1`,
      [`sync:${orphan}`],
    );
    await pool.query(
      `UPDATE "${schema}"._private_job_queues SET locked_by = 'pool-dead', locked_at = now() WHERE queue_name = $1`,
      [orphan],
    );
    await waitFor("the orphaned job to run again", () => ran.length === 2, { timeoutMs: 45_000 });
    expect(ran[1]).toMatchObject({
      integrationId: orphan,
      type: "full",
      id: `${dead.id}.2`,
      reason: "resume",
    });
    expect((await storage.syncState.getRun(orphan, dead.id))?.status).toBe("failed");

    // The live worker's job kept its lock, refreshed by the recovery passes, and ran once.
    await sleep(500);
    const [still] = await jobRows(`sync:${live}`);
    expect(still?.locked_by).toBe(held?.locked_by);
    expect(still?.locked_at?.getTime()).toBeGreaterThan(
      held?.locked_at?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    expect(ran.filter((j) => j.integrationId === live)).toHaveLength(1);
  });
});
