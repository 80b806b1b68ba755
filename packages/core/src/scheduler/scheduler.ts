import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import { type AtsyncEvents, integrationStateChanged } from "../events/events.js";
import type { Logger } from "../logging.js";
import type { IntegrationRecord } from "../storage/integrations.js";
import type { AtsyncStorage } from "../storage/storage.js";
import type { SyncRun, SyncType } from "../storage/sync-state.js";
import type { SyncOutcome } from "../sync/engine.js";
import type { JobQueue, RefreshJobHandler, SyncJob } from "./job-queue.js";
import { planAfterRun, planRegularSync, type ScheduleDefaults } from "./plan.js";

/** Options of the scheduler. */
export interface SchedulerOptions extends Partial<ScheduleDefaults> {
  /** Runs at once in this process; default 4. */
  concurrency?: number;
}

/** Kombo's answer to a force-sync. */
export interface ForceSyncResult {
  /** True when a sync was already queued (due now); no new one was added. */
  already_queued: boolean;
  /** The queued sync's id (its run gets the same id). */
  sync_id: string;
  /** Its mode. */
  type: SyncType;
}

/** Run outcomes after which the schedule counts a mode as done. */
const SUCCESSFUL = ["succeeded", "deletion_quarantined"] as const;

/** How many recent runs the planner looks at (consecutive failures); plus the last success of each mode. */
const PLANNING_HISTORY = 50;

/**
 * Decides when each integration syncs and hands runs to a `JobQueue` (docs/operations.md, "Syncs and the schedule"): a full
 * sync first, then deltas and deletion scans on their intervals; retries with exponential
 * backoff; quota pauses resumed after the reset; no scheduling for INVALID or INACTIVE
 * integrations.
 */
export class SyncScheduler {
  private readonly defaults: ScheduleDefaults;

  constructor(
    private readonly storage: AtsyncStorage,
    private readonly queue: JobQueue,
    private readonly runSync: (job: SyncJob, signal: AbortSignal) => Promise<SyncOutcome>,
    private readonly clock: Clock,
    private readonly events: AtsyncEvents,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions = {},
    /** Runs an integration's targeted refresh when the queue hands one out (`JobQueue.enqueueRefresh`). */
    private readonly refresh?: RefreshJobHandler,
  ) {
    this.defaults = {
      deltaIntervalMinutes: options.deltaIntervalMinutes ?? 15,
      deletionScanIntervalMinutes: options.deletionScanIntervalMinutes ?? 1440,
      fullSyncIntervalMinutes: options.fullSyncIntervalMinutes ?? 10_080,
      backoffBaseMs: options.backoffBaseMs ?? 60_000,
      backoffMaxMs: options.backoffMaxMs ?? 6 * 3_600_000,
    };
  }

  /** Plans every ACTIVE integration that has nothing pending, then starts the queue's workers. */
  async start(): Promise<void> {
    for (const integration of await this.storage.integrations.list()) {
      if (integration.status === "ACTIVE") await this.plan(integration.id, { ifEmpty: true });
    }
    await this.queue.start((job, signal) => this.handle(job, signal), {
      concurrency: this.options.concurrency ?? 4,
      ...(this.refresh ? { refresh: this.refresh } : {}),
    });
  }

  /** Stops the workers; running syncs are aborted at their next page and end `cancelled`. */
  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /**
   * Queues the integration's next regular sync, replacing a pending one (with `ifEmpty`: only
   * when none is pending). No-op unless ACTIVE.
   */
  async plan(integrationId: string, options: { ifEmpty?: boolean } = {}): Promise<void> {
    const integration = await this.storage.integrations.get(integrationId);
    if (integration?.status !== "ACTIVE") return;
    const runs = await this.planningHistory(integrationId);
    const next = planRegularSync(runs, integration.settings, this.defaults, this.clock.now().getTime());
    await this.enqueue(integrationId, next.type, next.runAt, next.reason, options);
  }

  /**
   * The runs planning needs, newest first: the recent ones, then the last successful run of each
   * mode however long ago (a week of 15-minute deltas must not hide the last full sync).
   */
  private async planningHistory(integrationId: string): Promise<SyncRun[]> {
    const recent = await this.storage.syncState.listRuns(integrationId, { limit: PLANNING_HISTORY });
    const seen = new Set(recent.map((r) => r.id));
    const lastOk = await Promise.all(
      (["full", "delta", "deletion_scan"] as const).map((type) =>
        this.storage.syncState.listRuns(integrationId, { types: [type], statuses: SUCCESSFUL, limit: 1 }),
      ),
    );
    return [...recent, ...lastOk.flat().filter((r) => !seen.has(r.id))];
  }

  /**
   * Kombo's force-sync: when a sync is already pending and due, answers `already_queued` with its
   * id; otherwise queues `type` to run now (replacing a later scheduled one).
   */
  async forceSync(integrationId: string, type: SyncType): Promise<ForceSyncResult> {
    const now = this.clock.now().getTime();
    const pending = await this.queue.pending(integrationId);
    if (pending && Date.parse(pending.runAt) <= now) {
      return { already_queued: true, sync_id: pending.id, type: pending.type };
    }
    const job = await this.enqueue(integrationId, type, now, "forced");
    return { already_queued: false, sync_id: job.id, type };
  }

  /** Drops the integration's pending sync. */
  async unschedule(integrationId: string): Promise<void> {
    await this.queue.remove(integrationId);
  }

  private async enqueue(
    integrationId: string,
    type: SyncType,
    runAt: number,
    reason: SyncJob["reason"],
    options: { ifEmpty?: boolean } = {},
  ): Promise<SyncJob> {
    const job: SyncJob = {
      id: randomUUID(),
      integrationId,
      type,
      runAt: new Date(runAt).toISOString(),
      reason,
    };
    await this.queue.enqueue(job, options);
    return job;
  }

  private async handle(job: SyncJob, signal: AbortSignal): Promise<void> {
    const integration = await this.storage.integrations.get(job.integrationId);
    if (integration?.status !== "ACTIVE") return;
    const { run, failure } = await this.runSync(job, signal);
    if (failure?.code === "INTEGRATION.AUTHENTICATION_INVALID") {
      await this.markInvalid(job.integrationId);
      return;
    }
    const runs = await this.planningHistory(job.integrationId);
    const next = planAfterRun(
      run,
      failure,
      runs,
      integration.settings,
      this.defaults,
      this.clock.now().getTime(),
    );
    // ifEmpty: a sync queued while this one ran (a force-sync) stays as it is.
    if (next) await this.enqueue(job.integrationId, next.type, next.runAt, next.reason, { ifEmpty: true });
  }

  private async markInvalid(integrationId: string): Promise<void> {
    await this.events.commit(
      (updated: IntegrationRecord) => [integrationStateChanged(updated)],
      (events) =>
        this.storage.integrations.update(
          integrationId,
          { status: "INVALID" },
          this.clock.now().toISOString(),
          events,
        ),
    );
    this.logger.warn({ integrationId }, "credentials rejected: integration INVALID until they change");
  }
}
