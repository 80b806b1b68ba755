import type { Clock } from "../clock.js";
import type { Logger } from "../logging.js";
import type { JobQueue } from "../scheduler/job-queue.js";

/** Default time a refresh waits for more events of a burst before it starts (ms). */
export const DEFAULT_REFRESH_COALESCE_MS = 500;

/**
 * Turns accepted vendor events into targeted refreshes: through the queue when it queues them
 * (`JobQueue.enqueueRefresh`, e.g. graphile-worker: any worker, never beside the integration's
 * sync), otherwise in this process, chained with the integration's runs here. Either way a burst
 * within `coalesceMs` (and everything arriving while a refresh waits for its turn) makes one refresh.
 */
export class RefreshRequests {
  /** Refreshes not yet started, per integration (a request meanwhile joins them). */
  private readonly waiting = new Map<string, Promise<void>>();
  /** Every refresh requested here that has not ended. */
  private readonly inflight = new Set<Promise<void>>();
  private abort = new AbortController();

  constructor(
    private readonly queue: JobQueue,
    private readonly runHere: (
      integrationId: string,
      signal: AbortSignal,
      started: () => void,
    ) => Promise<unknown>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly coalesceMs = DEFAULT_REFRESH_COALESCE_MS,
  ) {}

  /** Asks for a refresh of the integration's pending events (resolves once it is queued, not run). */
  async request(integrationId: string): Promise<void> {
    const runAt = new Date(this.clock.now().getTime() + this.coalesceMs);
    if (this.queue.enqueueRefresh) {
      await this.queue.enqueueRefresh(integrationId, runAt.toISOString());
      return;
    }
    if (this.waiting.has(integrationId)) return;
    const signal = this.abort.signal;
    const done = this.clock
      .sleep(this.coalesceMs, signal)
      .then(() => this.runHere(integrationId, signal, () => this.waiting.delete(integrationId)))
      .then(
        () => undefined,
        (error: unknown) => {
          if (!signal.aborted) this.logger.error({ err: error, integrationId }, "targeted refresh failed");
        },
      )
      .finally(() => {
        if (this.waiting.get(integrationId) === done) this.waiting.delete(integrationId);
      });
    this.waiting.set(integrationId, done);
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
  }

  /** Resolves once every refresh requested in this process so far has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Aborts refreshes waiting or running in this process (their events stay pending) and waits for them. */
  async stop(): Promise<void> {
    this.abort.abort(new Error("atsync is shutting down"));
    await Promise.allSettled([...this.inflight]);
    this.waiting.clear();
    this.abort = new AbortController();
  }
}
