import type { SyncType } from "../storage/sync-state.js";

/** A sync waiting to run. Its `id` becomes the run's id (Kombo's `sync_id`). */
export interface SyncJob {
  /** Unique id; the run created for it uses the same id. */
  id: string;
  /** Integration to sync. */
  integrationId: string;
  /** Mode. */
  type: SyncType;
  /** Earliest start (ISO). */
  runAt: string;
  /** Why it was queued. */
  reason: "scheduled" | "forced" | "retry" | "resume";
}

/** Runs one job; resolves when the run has ended (whatever its outcome). */
export type SyncJobHandler = (job: SyncJob, signal: AbortSignal) => Promise<void>;

/** Runs the targeted refresh of one integration's pending vendor events; resolves when it has ended. */
export type RefreshJobHandler = (integrationId: string, signal: AbortSignal) => Promise<void>;

/**
 * Where the scheduler puts sync jobs and how they get run. Each integration has at most one
 * pending job and at most one running job at any time, across every process sharing the queue;
 * other integrations proceed in parallel up to the worker's concurrency.
 */
export interface JobQueue {
  /**
   * Makes `job` the integration's pending job, replacing any pending one (a running one is not
   * touched: the new job waits until it ends). With `ifEmpty`, does nothing when a job is already
   * pending — atomically, so a job queued concurrently (e.g. a force-sync) is never replaced by
   * the scheduler's regular planning.
   */
  enqueue(job: SyncJob, options?: { ifEmpty?: boolean }): Promise<void>;
  /** The integration's pending job, or null. */
  pending(integrationId: string): Promise<SyncJob | null>;
  /** Drops the integration's pending job, if any (a running one is not touched). */
  remove(integrationId: string): Promise<void>;
  /**
   * Optional: queues a targeted refresh of the integration's pending vendor events, to start at
   * `runAt` (ISO) at the latest. Requests while one is pending join it (a burst makes one
   * refresh); it runs through `start`'s `refresh` handler in any started process, never while a
   * sync job of the same integration runs. A queue without it leaves refreshes to the process
   * that received the events (serialised with that process's runs only).
   */
  enqueueRefresh?(integrationId: string, runAt: string): Promise<void>;
  /**
   * Starts running due jobs with `handler`, at most `concurrency` at once in this process, and
   * refresh jobs (`enqueueRefresh`) with `refresh`.
   */
  start(
    handler: SyncJobHandler,
    options: { concurrency: number; refresh?: RefreshJobHandler },
  ): Promise<void>;
  /**
   * Stops taking jobs, aborts the signal of running jobs and resolves once they ended. Pending
   * jobs stay pending for the next start.
   */
  stop(): Promise<void>;
}
