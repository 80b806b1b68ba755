import { EventEmitter } from "node:events";
import { createRootLogger } from "@atsync/core";
import {
  inputInvalid,
  type JobQueue,
  type Logger,
  type RefreshJobHandler,
  type SyncJob,
  type SyncJobHandler,
  type SyncStateStore,
  type WebhookDeliveryRunner,
  type WebhookDrain,
} from "@atsync/core/storage";
import {
  Logger as GraphileLogger,
  type JobHelpers,
  type Runner,
  run,
  runMigrations,
  type WorkerEvents,
} from "graphile-worker";
import type { Pool } from "pg";
import { Db, IDENTIFIER, iso, type Query, quoteIdent } from "./sql.js";
import { livenessKeySql, WorkerLiveness } from "./worker-liveness.js";

/** graphile-worker's task identifier for sync jobs. */
const TASK = "atsync_sync";
/** graphile-worker's task identifier for targeted refreshes of vendor events. */
const REFRESH_TASK = "atsync_refresh";
/** graphile-worker's task identifier for webhook drains. */
const WEBHOOK_TASK = "atsync_webhooks";
/** The job key of the pending webhook drain. */
const WEBHOOK_KEY = "webhooks:drain";

/** Error message of a run closed because the worker running it stopped before the run ended. */
export const INTERRUPTED_RUN_MESSAGE =
  "The worker running this sync stopped before the sync ended; the job's next attempt resumes from the last committed page";

const SYNC_TYPES: readonly string[] = ["full", "delta", "deletion_scan"];
const REASONS: readonly string[] = ["scheduled", "forced", "retry", "resume"];

/** Options of `GraphileWorkerQueue`. */
export interface GraphileWorkerQueueOptions {
  /**
   * The host's `pg` pool, never ended by the queue. A started queue holds two of its connections
   * (graphile-worker's LISTEN connection and the liveness lock) and borrows one per job fetch or
   * completion: size it at least `concurrency + 3`. Give it `error` and `connect` listeners, or
   * graphile-worker warns and installs its own.
   */
  pool: Pool;
  /**
   * Where the runs of the synced integrations live (the storage's `syncState`). Before a job runs
   * again after its worker died or its handler threw, the queue closes that job's runs that are
   * still `running` as `failed` (`INTERRUPTED_RUN_MESSAGE`), so the next run continues the series.
   */
  syncState: SyncStateStore;
  /**
   * Schema of graphile-worker's tables, created by `migrate()`: lower-case letters, digits and `_`,
   * at most 63 characters. Default `atsync_worker`. It belongs to this queue alone: any other
   * graphile-worker pool on it would have its jobs released as if its process were dead.
   * Throws `PLATFORM.INPUT_INVALID` otherwise.
   */
  schema?: string;
  /** Logger for the queue and graphile-worker's own messages; default silent. */
  logger?: Logger;
  /**
   * Attempts of one job: a worker that dies while running it or a handler that throws uses one,
   * and graphile-worker retries after `exp(min(attempts, 10))` seconds (2.7 s, 7.4 s, 20 s, …,
   * at most 6.1 h). Default 10 (nine retries over about 3.6 h).
   */
  maxAttempts?: number;
  /**
   * How often idle workers look for due jobs (ms). Enqueued jobs wake workers at once through
   * LISTEN/NOTIFY; delayed jobs (`runAt`) and retries start within this much of their time.
   * Default 2,000.
   */
  pollIntervalMs?: number;
  /**
   * How often a started queue releases the jobs of dead workers and refreshes the locks of its own
   * running jobs (ms): a job whose worker died runs again within about this long. Default 10,000.
   */
  recoveryIntervalMs?: number;
  /**
   * When a webhook drain starts, a fallback drain is queued this far ahead (ms), so deliveries
   * continue when the process dies mid-drain. Default 60,000.
   */
  webhookFallbackMs?: number;
}

/**
 * The scheduler's `JobQueue` on graphile-worker 0.17 (PostgreSQL, LISTEN/NOTIFY), shared by any
 * number of processes: each integration has its own named queue (`queue_name` = integration id),
 * which graphile-worker runs one job at a time while other queues proceed; its pending job is the
 * unlocked job with key `sync:<integration id>` (`job_key_mode` `replace`); `runAt` becomes
 * `run_at`. Attempts after the first run under the id `<job id>.<attempt>` (a run id is never
 * reused) with reason `resume`.
 *
 * A started queue holds a session-level advisory lock per graphile-worker pool (its "liveness");
 * every `recoveryIntervalMs` it releases the jobs and named queues locked by pools whose lock is
 * free (their process or its database session is gone) after closing those jobs' runs, and
 * refreshes the lock time of its own jobs so graphile-worker's 4-hour stale-lock reset never
 * touches a live run. Jobs run on wall-clock time (the host's clock), whatever clock the host
 * gives atsync.
 *
 * It is also a `WebhookDeliveryRunner` (`createAtsync({ webhookDelivery: { runner: queue } })`):
 * webhook drains are jobs of task `atsync_webhooks` with the one pending key `webhooks:drain`
 * (a wake-up keeps the earlier `run_at` of the pending drain and the requested time), run by any
 * started worker; each drain schedules the next one. Deliveries are leased in the outbox, so a
 * drain of a dead worker is simply run again and what it had leased is sent by the next drain
 * after the lease ends.
 */
export class GraphileWorkerQueue implements JobQueue, WebhookDeliveryRunner {
  /** The schema holding graphile-worker's tables. */
  readonly schema: string;
  private readonly db: Db;
  private readonly options: GraphileWorkerQueueOptions;
  private readonly logger: Logger;
  private readonly graphileLogger: GraphileLogger;
  private readonly jobs: string;
  private readonly queues: string;
  private readonly livenessPrefix: string;
  private readonly context: WorkerContext;
  private started: Promise<StartedWorker> | null = null;
  private drain: WebhookDrain | null = null;

  constructor(options: GraphileWorkerQueueOptions) {
    const schema = options.schema ?? "atsync_worker";
    if (!IDENTIFIER.test(schema)) {
      throw inputInvalid("queue options", [
        { path: "schema", message: "must match /^[a-z_][a-z0-9_]*$/ and be at most 63 characters" },
      ]);
    }
    this.schema = schema;
    this.options = options;
    this.db = new Db(options.pool);
    this.logger = (options.logger ?? createRootLogger()).child({ component: "graphile-worker-queue" });
    this.graphileLogger = toGraphileLogger(this.logger);
    this.jobs = `${quoteIdent(schema)}._private_jobs`;
    this.queues = `${quoteIdent(schema)}._private_job_queues`;
    this.livenessPrefix = `atsync:worker:${schema}:`;
    this.context = {
      schema,
      options,
      logger: this.logger,
      graphileLogger: this.graphileLogger,
      livenessPrefix: this.livenessPrefix,
      closeInterruptedRuns: (job) => this.closeInterruptedRuns(job),
      recover: (poolId) => this.recover(poolId),
      drain: (signal) => {
        if (!this.drain) throw new Error("Webhook delivery is not started in this process");
        return this.drain(signal);
      },
      wakeAt: (at) => this.wakeAt(at),
    };
  }

  /**
   * Creates the schema and applies graphile-worker's migrations. Idempotent; processes calling it
   * at once are serialised by an advisory lock.
   */
  async migrate(): Promise<void> {
    await this.db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `atsync:migrate-queue:${this.schema}`,
      ]);
      await runMigrations({ pgPool: this.options.pool, schema: this.schema, logger: this.graphileLogger });
    });
  }

  /**
   * `JobQueue.enqueue`: the job replaces the integration's pending job (payload, `run_at`,
   * attempts); when the integration's job is running, graphile-worker takes the key off the
   * running job (which then is never retried) and adds this one, which waits for the named queue.
   * With `ifEmpty`, a pending job is left as it is. Enqueues of one integration take a transaction
   * advisory lock, so the check and the add are one step against concurrent enqueues.
   */
  async enqueue(job: SyncJob, options: { ifEmpty?: boolean } = {}): Promise<void> {
    const key = keyOf(job.integrationId);
    await this.db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `atsync:enqueue:${this.schema}:${key}`,
      ]);
      if (options.ifEmpty && (await this.pendingRow(query, key))) return;
      await query(
        `SELECT 1 FROM ${quoteIdent(this.schema)}.add_job($1, $2::json, $3, $4::timestamptz, $5, $6, NULL, NULL, 'replace')`,
        [TASK, JSON.stringify(job), job.integrationId, job.runAt, this.options.maxAttempts ?? 10, key],
      );
    });
  }

  /**
   * `JobQueue.enqueueRefresh`: a job of task `atsync_refresh` in the integration's named queue
   * (so it never runs beside the integration's sync, in any process) under the key
   * `refresh:<integration id>` with `preserve_run_at`: requests while one is pending join it and
   * keep its earlier start; one asked for while it runs is a new job.
   */
  async enqueueRefresh(integrationId: string, runAt: string): Promise<void> {
    await this.db.query(
      `SELECT 1 FROM ${quoteIdent(this.schema)}.add_job($1, $2::json, $3, $4::timestamptz, 3, $5, NULL, NULL, 'preserve_run_at')`,
      [REFRESH_TASK, JSON.stringify({ integrationId }), integrationId, runAt, `refresh:${integrationId}`],
    );
  }

  /**
   * `JobQueue.pending`: the integration's unlocked job with attempts left, as its next attempt will
   * run it (`runAt` is its current `run_at`, later than queued after a failed attempt), or null.
   */
  async pending(integrationId: string): Promise<SyncJob | null> {
    const row = await this.pendingRow(this.db.query, keyOf(integrationId));
    return row ? forAttempt({ ...toSyncJob(row.payload), runAt: row.run_at }, row.attempts + 1) : null;
  }

  /** The unlocked job with `key` that has attempts left, or undefined. */
  private async pendingRow(query: Query, key: string) {
    const [row] = await query<{ payload: unknown; attempts: number; run_at: string }>(
      `SELECT payload, attempts, ${iso("run_at")} AS run_at FROM ${this.jobs}
       WHERE key = $1 AND locked_at IS NULL AND attempts < max_attempts`,
      [key],
    );
    return row;
  }

  /** `JobQueue.remove`: deletes the integration's unlocked job; a running job keeps running. */
  async remove(integrationId: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.jobs} WHERE key = $1 AND locked_at IS NULL`, [
      keyOf(integrationId),
    ]);
  }

  /**
   * `JobQueue.start`: runs a graphile-worker pool of `concurrency` workers in this process (no
   * signal handlers: the host decides when to `stop`). Resolves once the pool runs; a second call
   * while started does nothing.
   */
  async start(
    handler: SyncJobHandler,
    options: { concurrency: number; refresh?: RefreshJobHandler },
  ): Promise<void> {
    if (this.started) {
      await this.started;
      return;
    }
    const started = StartedWorker.start(
      this.context,
      handler,
      Math.max(1, options.concurrency),
      options.refresh ?? null,
    );
    this.started = started;
    try {
      await started;
    } catch (error) {
      this.started = null;
      throw error;
    }
  }

  /**
   * `JobQueue.stop`: stops fetching jobs, aborts the signals of the running handlers, waits for
   * them to end (graphile-worker then completes or fails their jobs), and gives up the liveness
   * lock. Pending jobs stay queued.
   */
  async stop(): Promise<void> {
    const started = this.started;
    this.started = null;
    await (await started?.catch(() => null))?.stop();
  }

  /**
   * `WebhookDeliveryRunner.startDelivery`: this process's workers run webhook drains with `drain`
   * (call it before `start`, as `atsync.start()` does), and a first drain is queued.
   */
  async startDelivery(drain: WebhookDrain): Promise<void> {
    this.drain = drain;
    await this.wakeDelivery();
  }

  /** `WebhookDeliveryRunner.wakeDelivery`: queues a drain now (see the class comment); failures are logged. */
  async wakeDelivery(): Promise<void> {
    await this.wakeAt(new Date()).catch((error: unknown) =>
      this.logger.error({ err: error }, "queueing a webhook drain failed"),
    );
  }

  /** `WebhookDeliveryRunner.stopDelivery`: this process takes no more drains (`stop` ends a running one). */
  async stopDelivery(): Promise<void> {
    this.drain = null;
  }

  /** Makes the pending drain run at `at` at the latest (a pending one due earlier is kept). */
  private async wakeAt(at: Date): Promise<void> {
    await this.db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `atsync:enqueue:${this.schema}:${WEBHOOK_KEY}`,
      ]);
      const pending = await this.pendingRow(query, WEBHOOK_KEY);
      if (pending && Date.parse(pending.run_at) <= at.getTime()) return;
      await query(
        `SELECT 1 FROM ${quoteIdent(this.schema)}.add_job($1, '{}'::json, NULL, $2::timestamptz, 3, $3, NULL, NULL, 'replace')`,
        [WEBHOOK_TASK, at.toISOString(), WEBHOOK_KEY],
      );
    });
  }

  /** Closes the job's runs (attempt ids included) that are still `running` as `failed`. */
  private async closeInterruptedRuns(job: SyncJob): Promise<void> {
    const { syncState } = this.options;
    for (const r of await syncState.listRuns(job.integrationId)) {
      if (r.status !== "running" || (r.id !== job.id && !r.id.startsWith(`${job.id}.`))) continue;
      await syncState.updateRun(job.integrationId, r.id, {
        status: "failed",
        current_model: null,
        finished_at: new Date().toISOString(),
        error: { code: "PLATFORM.UNKNOWN_ERROR", message: INTERRUPTED_RUN_MESSAGE },
      });
    }
  }

  /**
   * One recovery pass: refreshes the lock time of `poolId`'s jobs and named queues, then finds the
   * pools holding locks whose liveness lock is free, closes the runs of their jobs and releases
   * their jobs and queues (`force_unlock_workers`), waking idle workers with a NOTIFY.
   */
  private async recover(poolId: string | null): Promise<void> {
    if (poolId !== null) {
      await this.db.query(
        `WITH jobs AS (UPDATE ${this.jobs} SET locked_at = now() WHERE locked_by = $1)
         UPDATE ${this.queues} SET locked_at = now() WHERE locked_by = $1`,
        [poolId],
      );
    }
    const [dead] = await this.db.query<{ pools: string[] }>(
      `SELECT coalesce(array_agg(pool), '{}') AS pools FROM (
         SELECT locked_by FROM ${this.jobs} WHERE locked_by IS NOT NULL
         UNION SELECT locked_by FROM ${this.queues} WHERE locked_by IS NOT NULL
       ) AS held (pool)
       WHERE pg_try_advisory_xact_lock(${livenessKeySql("$1::text", "pool")})`,
      [this.livenessPrefix],
    );
    const pools = dead?.pools ?? [];
    if (pools.length === 0) return;
    const jobs = await this.db.query<{ payload: unknown }>(
      `SELECT j.payload FROM ${this.jobs} AS j
       JOIN ${quoteIdent(this.schema)}._private_tasks AS task ON task.id = j.task_id
       WHERE j.locked_by = ANY($1::text[]) AND task.identifier = $2`,
      [pools, TASK],
    );
    for (const { payload } of jobs) await this.closeInterruptedRuns(toSyncJob(payload));
    await this.db.query(
      `SELECT ${quoteIdent(this.schema)}.force_unlock_workers($1::text[]), pg_notify('jobs:insert', $2)`,
      [pools, JSON.stringify({ count: jobs.length })],
    );
    this.logger.warn({ pools, jobs: jobs.length }, "released the sync jobs of dead workers");
  }
}

/** What a started worker needs from its queue. */
interface WorkerContext {
  schema: string;
  options: GraphileWorkerQueueOptions;
  logger: Logger;
  graphileLogger: GraphileLogger;
  livenessPrefix: string;
  closeInterruptedRuns(job: SyncJob): Promise<void>;
  recover(poolId: string | null): Promise<void>;
  /** Runs one webhook drain (throws when delivery is not started in this process). */
  drain: WebhookDrain;
  /** Queues the next drain at `at` at the latest. */
  wakeAt(at: Date): Promise<void>;
}

/** graphile-worker's database-wide channel announcing its migrations. */
const MIGRATE_CHANNEL = "worker:migrate";

/**
 * One `start()` of a queue: the graphile-worker runner, its liveness lock, the abort controllers
 * of the running handlers and the recovery timer.
 */
class StartedWorker {
  private runner: Runner | null = null;
  private poolId: string | null = null;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private recovering: Promise<void> = Promise.resolve();
  private readonly controllers = new Set<AbortController>();
  private readonly liveness: WorkerLiveness;

  private constructor(
    private readonly queue: WorkerContext,
    private readonly handler: SyncJobHandler,
    private readonly refresh: RefreshJobHandler | null,
  ) {
    this.liveness = new WorkerLiveness(queue.options.pool, queue.livenessPrefix, (error) => {
      queue.logger.error({ err: error }, "lost the liveness session; aborting running sync jobs");
      this.abortAll(new Error("The queue lost its database session"));
    });
  }

  /** Starts the runner; the liveness lock is taken before the first job is fetched. */
  static async start(
    queue: WorkerContext,
    handler: SyncJobHandler,
    concurrency: number,
    refresh: RefreshJobHandler | null,
  ): Promise<StartedWorker> {
    const worker = new StartedWorker(queue, handler, refresh);
    const events = new EventEmitter() as WorkerEvents;
    // Emitted synchronously before the pool's workers exist, so it precedes every fetch.
    events.on("pool:create", ({ workerPool }) => {
      worker.poolId = workerPool.id;
      worker.liveness.bind(workerPool.id);
    });
    const { options } = queue;
    // graphile-worker LISTENs for breaking migrations on one database-wide channel and shuts its
    // pool down on any, whatever schema it was in: a queue schema created elsewhere in the same
    // database (another deployment, a test) stopped every worker. The notification is taken out of
    // its hands here; only a breaking migration of this queue's own schema stops this worker.
    const breakingRevision = async (): Promise<number> => {
      const { rows } = await options.pool.query<{ id: number }>(
        `SELECT coalesce(max(id), 0)::int AS id FROM ${quoteIdent(queue.schema)}.migrations WHERE breaking`,
      );
      return rows[0]?.id ?? 0;
    };
    const startedAt = await breakingRevision();
    events.on("pool:listen:notification", ({ message }) => {
      if (message.channel !== MIGRATE_CHANNEL) return;
      Object.assign(message, { channel: `${MIGRATE_CHANNEL}:checked-by-atsync` });
      breakingRevision()
        .then(async (revision) => {
          if (revision <= startedAt) return;
          queue.logger.error(
            { revision, startedAt },
            "a breaking graphile-worker migration was applied to this queue's schema; stopping the worker",
          );
          await worker.stop();
        })
        .catch((error: unknown) =>
          queue.logger.warn({ err: error }, "could not check the queue schema's migrations"),
        );
    });
    worker.runner = await run({
      pgPool: options.pool,
      schema: queue.schema,
      concurrency,
      pollInterval: options.pollIntervalMs ?? 2_000,
      noHandleSignals: true,
      useNodeTime: true,
      logger: queue.graphileLogger,
      events,
      parsedCronItems: [],
      // Batched completions are flushed before the runner's `stop()` resolves; direct ones are not
      // awaited, and a completion still in flight when the liveness lock goes could run a job twice.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      // Called before every fetch: no job is locked by this pool unless its liveness lock is held.
      forbiddenFlags: async () => {
        await worker.liveness.held();
        return null;
      },
      taskList: {
        [TASK]: (payload, helpers) => worker.runJob(payload, helpers),
        [WEBHOOK_TASK]: () => worker.runDrain(),
        [REFRESH_TASK]: (payload) => worker.runRefresh(payload),
      },
    });
    worker.runner.promise.catch((error: unknown) =>
      queue.logger.error({ err: error }, "graphile-worker runner stopped with an error"),
    );
    worker.scheduleRecovery(0);
    return worker;
  }

  /** See `GraphileWorkerQueue.stop`. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const stopped = this.runner?.stop().catch((error: unknown) => {
      this.queue.logger.error({ err: error }, "graphile-worker runner did not stop cleanly");
    });
    this.abortAll(new Error("atsync is shutting down"));
    await stopped;
    await this.draining;
    await this.recovering;
    await this.liveness.release();
  }

  private async runJob(payload: unknown, helpers: JobHelpers): Promise<void> {
    // A fetch already under way when `stop()` began: fail the attempt, the job stays queued.
    if (this.stopping) throw new Error("The queue is stopping; the job stays queued");
    const queued = { ...toSyncJob(payload), runAt: helpers.job.run_at.toISOString() };
    const attempt = helpers.job.attempts;
    if (attempt > 1) await this.queue.closeInterruptedRuns(queued);
    const abort = new AbortController();
    this.controllers.add(abort);
    try {
      await this.handler(forAttempt(queued, attempt), abort.signal);
    } finally {
      this.controllers.delete(abort);
    }
  }

  /** A refresh job: the integration's targeted refresh, abortable like a sync. */
  private async runRefresh(payload: unknown): Promise<void> {
    if (this.stopping) throw new Error("The queue is stopping; the refresh stays queued");
    const integrationId = (payload as { integrationId?: unknown } | null)?.integrationId;
    if (typeof integrationId !== "string")
      throw new Error(`Not a refresh job payload: ${JSON.stringify(payload)}`);
    if (!this.refresh)
      throw new Error("This process runs no targeted refreshes (started without a refresh handler)");
    const abort = new AbortController();
    this.controllers.add(abort);
    try {
      await this.refresh(integrationId, abort.signal);
    } finally {
      this.controllers.delete(abort);
    }
  }

  /**
   * A drain job: first queues a fallback drain (`webhookFallbackMs`, in case this process dies
   * mid-drain), then drains in the background so the job's slot is free at once for syncs (a slow
   * endpoint never delays one). One background drain per process; a job arriving meanwhile makes
   * it drain once more.
   */
  private async runDrain(): Promise<void> {
    if (this.stopping) throw new Error("The queue is stopping; the drain stays queued");
    await this.queue.wakeAt(new Date(Date.now() + (this.queue.options.webhookFallbackMs ?? 60_000)));
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drainInBackground().finally(() => {
      this.draining = null;
    });
  }

  private async drainInBackground(): Promise<void> {
    const abort = new AbortController();
    this.controllers.add(abort);
    try {
      let next: Date;
      do {
        this.drainAgain = false;
        next = await this.queue.drain(abort.signal);
      } while (this.drainAgain && !abort.signal.aborted);
      if (!abort.signal.aborted) await this.queue.wakeAt(next);
    } catch (error) {
      this.queue.logger.error({ err: error }, "webhook drain failed");
    } finally {
      this.controllers.delete(abort);
    }
  }

  private abortAll(reason: Error): void {
    for (const controller of this.controllers) controller.abort(reason);
  }

  private scheduleRecovery(delay: number): void {
    this.timer = setTimeout(() => {
      this.recovering = this.queue
        .recover(this.poolId)
        .catch((error: unknown) => this.queue.logger.error({ err: error }, "recovering dead workers failed"))
        .finally(() => {
          if (!this.stopping) this.scheduleRecovery(this.queue.options.recoveryIntervalMs ?? 10_000);
        });
    }, delay);
    this.timer.unref();
  }
}

/** The job key holding an integration's pending job. */
function keyOf(integrationId: string): string {
  return `sync:${integrationId}`;
}

/** The job as attempt `attempt` runs it: later attempts get their own run id and reason `resume`. */
function forAttempt(job: SyncJob, attempt: number): SyncJob {
  return attempt <= 1 ? job : { ...job, id: `${job.id}.${attempt}`, reason: "resume" };
}

/** A job payload as stored by `enqueue`; throws for anything else. */
function toSyncJob(payload: unknown): SyncJob {
  const job = payload as Partial<Record<keyof SyncJob, unknown>> | null;
  const valid =
    typeof job === "object" &&
    job !== null &&
    typeof job.id === "string" &&
    typeof job.integrationId === "string" &&
    typeof job.runAt === "string" &&
    SYNC_TYPES.includes(job.type as string) &&
    REASONS.includes(job.reason as string);
  if (!valid) throw new Error(`Not a sync job payload: ${JSON.stringify(payload)}`);
  const { id, integrationId, type, runAt, reason } = job as SyncJob;
  return { id, integrationId, type, runAt, reason };
}

/** pino's level for each graphile-worker level (anything else logs at `debug`). */
const LEVELS: Readonly<Record<string, "error" | "warn" | "info">> = {
  error: "error",
  warning: "warn",
  info: "info",
};

/** graphile-worker's logger on top of atsync's: levels mapped, errors under `err`, scope as bindings. */
function toGraphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => {
    const scoped = logger.child({ ...scope });
    return (level, message, meta) => {
      const error = meta?.error ?? meta?.fatalError;
      scoped[LEVELS[level as string] ?? "debug"](error === undefined ? {} : { err: error }, message);
    };
  });
}
