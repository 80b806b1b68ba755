import type { Clock } from "../clock.js";
import type { JobQueue, SyncJob } from "../scheduler/job-queue.js";
import type { ForceSyncResult, SyncScheduler } from "../scheduler/scheduler.js";
import { requireIntegration } from "../storage/require-integration.js";
import type { AtsyncStorage } from "../storage/storage.js";
import type { SyncRun, SyncType } from "../storage/sync-state.js";
import type { SyncOutcome } from "../sync/engine.js";

/** Where an integration's syncing stands. */
export interface SyncStatus {
  /** The queued sync, or null. */
  pending: SyncJob | null;
  /** The newest run (running or finished), or null before the first. */
  latest: SyncRun | null;
}

/** Host-facing control of syncs (`atsync.sync`). */
export class SyncApi {
  constructor(
    private readonly storage: AtsyncStorage,
    private readonly scheduler: SyncScheduler,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly runSync: (job: SyncJob, signal: AbortSignal) => Promise<SyncOutcome>,
  ) {}

  /**
   * Kombo's force-sync: queues a sync of `type` now, or answers `already_queued` with the id of
   * the sync already due. Throws `PLATFORM.INTEGRATION_NOT_FOUND` / `INTEGRATION.INACTIVE` /
   * `INTEGRATION.AUTHENTICATION_INVALID` (INVALID integrations need new credentials first).
   */
  async trigger(integrationId: string, type: SyncType): Promise<ForceSyncResult> {
    await this.requireActive(integrationId);
    return this.scheduler.forceSync(integrationId, type);
  }

  /**
   * Runs a sync in this process right away and resolves with the finished run (for scripts,
   * tests and the demo's first sync). A sync of the same type waiting in the queue (the first
   * full sync `integrations.connect` queues, a `trigger`ed one, the next scheduled delta) is taken
   * off it, since this run does its work, and the regular schedule is planned again afterwards
   * (unless something was queued meanwhile): connect, `runNow(id, "full")` and `start()` sync
   * in full once. Waits for a sync of the same integration already running in this process; does
   * not coordinate with other processes — use `trigger` there.
   */
  async runNow(
    integrationId: string,
    type: SyncType,
    options: { signal?: AbortSignal } = {},
  ): Promise<SyncRun> {
    await this.requireActive(integrationId);
    const pending = await this.queue.pending(integrationId);
    const replaces = pending?.type === type;
    if (replaces) await this.queue.remove(integrationId);
    const job: SyncJob = {
      id: crypto.randomUUID(),
      integrationId,
      type,
      runAt: this.clock.now().toISOString(),
      reason: "forced",
    };
    const { run } = await this.runSync(job, options.signal ?? new AbortController().signal);
    if (replaces) await this.scheduler.plan(integrationId, { ifEmpty: true });
    return run;
  }

  /** The pending sync and the newest run. */
  async status(integrationId: string): Promise<SyncStatus> {
    const [pending, runs] = await Promise.all([
      this.queue.pending(integrationId),
      this.storage.syncState.listRuns(integrationId, { limit: 1 }),
    ]);
    return { pending, latest: runs[0] ?? null };
  }

  /** Runs, newest first (default 50). */
  runs(integrationId: string, options: { limit?: number } = {}): Promise<SyncRun[]> {
    return this.storage.syncState.listRuns(integrationId, options);
  }

  /** One run, or null. */
  run(integrationId: string, runId: string): Promise<SyncRun | null> {
    return this.storage.syncState.getRun(integrationId, runId);
  }

  /**
   * Adds existing vendor applications (by vendor key) to the tracked set of created-only mode
   * (Kombo's import-tracked-application); the next sync (a delta too) reads them and their candidates.
   * Returns how many were new.
   */
  async importTrackedApplications(
    integrationId: string,
    applicationRemoteIds: readonly string[],
  ): Promise<number> {
    const at = this.clock.now().toISOString();
    return this.storage.syncState.track(
      integrationId,
      applicationRemoteIds.map((remote_id) => ({
        model: "applications",
        remote_id,
        tracked_at: at,
        origin: "imported",
      })),
    );
  }

  private async requireActive(integrationId: string): Promise<void> {
    await requireIntegration(this.storage.integrations, integrationId, { enabled: true, valid: true });
  }
}
