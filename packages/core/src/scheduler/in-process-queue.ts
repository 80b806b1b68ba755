import type { Clock } from "../clock.js";
import type { Logger } from "../logging.js";
import type { JobQueue, SyncJob, SyncJobHandler } from "./job-queue.js";

/**
 * The default `JobQueue`: pending jobs in memory, timers on the injected clock, a bounded pool of
 * concurrent runs in this process. Nothing survives a restart (the scheduler re-plans on start).
 */
export class InProcessQueue implements JobQueue {
  private readonly waiting = new Map<string, SyncJob>();
  private readonly running = new Map<string, { job: SyncJob; abort: AbortController; done: Promise<void> }>();
  private handler: SyncJobHandler | null = null;
  private concurrency = 1;
  private wake: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async enqueue(job: SyncJob, options: { ifEmpty?: boolean } = {}): Promise<void> {
    if (options.ifEmpty && this.waiting.has(job.integrationId)) return;
    this.waiting.set(job.integrationId, { ...job });
    this.poke();
  }

  async pending(integrationId: string): Promise<SyncJob | null> {
    const job = this.waiting.get(integrationId);
    return job ? { ...job } : null;
  }

  async remove(integrationId: string): Promise<void> {
    this.waiting.delete(integrationId);
  }

  async start(handler: SyncJobHandler, options: { concurrency: number }): Promise<void> {
    if (this.loop) return;
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency);
    this.loop = this.runLoop();
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    this.handler = null;
    this.loop = null;
    this.poke();
    for (const r of this.running.values()) r.abort.abort(new Error("atsync is shutting down"));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    await loop;
  }

  private poke(): void {
    this.wake?.abort();
  }

  private async runLoop(): Promise<void> {
    while (this.handler) {
      const nextAt = this.dispatchDue();
      this.wake = new AbortController();
      const wait = nextAt === null ? 3_600_000 : Math.max(0, nextAt - this.clock.now().getTime());
      await this.clock.sleep(wait, this.wake.signal).catch(() => undefined);
    }
  }

  /** Starts every due job it may; returns when the next waiting job becomes due (ms epoch) or null. */
  private dispatchDue(): number | null {
    const now = this.clock.now().getTime();
    let nextAt: number | null = null;
    const due = [...this.waiting.values()].sort((a, b) => a.runAt.localeCompare(b.runAt));
    for (const job of due) {
      const at = Date.parse(job.runAt);
      if (this.running.has(job.integrationId)) continue;
      if (at > now) {
        nextAt = nextAt === null ? at : Math.min(nextAt, at);
        continue;
      }
      if (this.running.size >= this.concurrency || !this.handler) break;
      this.waiting.delete(job.integrationId);
      this.launch(job, this.handler);
    }
    return nextAt;
  }

  private launch(job: SyncJob, handler: SyncJobHandler): void {
    const abort = new AbortController();
    const done = Promise.resolve()
      .then(() => handler(job, abort.signal))
      .catch((error: unknown) => this.logger.error({ err: error, jobId: job.id }, "sync job handler failed"))
      .finally(() => {
        this.running.delete(job.integrationId);
        this.poke();
      });
    this.running.set(job.integrationId, { job, abort, done });
  }
}
