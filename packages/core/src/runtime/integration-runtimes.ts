import { type DependencyContainer, Lifecycle } from "tsyringe";
import type { Clock } from "../clock.js";
import { CallBudget, type QuotaBudget, type QuotaSnapshot } from "../connector/budget.js";
import type { Logger } from "../logging.js";
import type { SyncJob } from "../scheduler/job-queue.js";
import { SyncEngine, type SyncOutcome } from "../sync/engine.js";
import { type RefreshOutcome, TargetedRefresh } from "../sync/targeted-refresh.js";
import { IntegrationRuntime } from "./integration-runtime.js";
import { TOKENS } from "./tokens.js";

/**
 * The per-integration part of one atsync instance (credo-ts style: the root container, one child
 * container per integration): each child resolves `TOKENS.IntegrationId`, a `TOKENS.Logger` bound
 * to the integration, its `TOKENS.QuotaBudget`, its `IntegrationRuntime` and `SyncEngine`. It
 * also coordinates runs: in this process the runs of one integration are chained, never
 * concurrent. Children are created on first use and disposed by `release` (closing the session).
 */
export class IntegrationRuntimes {
  private readonly children = new Map<string, DependencyContainer>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    /** The instance's root container; children inherit its registrations. */
    readonly root: DependencyContainer,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** The child container of an integration (created on first use, then reused); does not check the integration exists. */
  container(integrationId: string): DependencyContainer {
    let child = this.children.get(integrationId);
    if (!child) {
      child = this.root.createChildContainer();
      child.register(TOKENS.IntegrationId, { useValue: integrationId });
      child.register(TOKENS.Logger, { useValue: this.logger.child({ integrationId }) });
      child.register(TOKENS.QuotaBudget, { useValue: new CallBudget(this.clock) });
      child.register(
        IntegrationRuntime,
        { useClass: IntegrationRuntime },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      child.register(SyncEngine, { useClass: SyncEngine }, { lifecycle: Lifecycle.ContainerScoped });
      child.register(
        TargetedRefresh,
        { useClass: TargetedRefresh },
        { lifecycle: Lifecycle.ContainerScoped },
      );
      this.children.set(integrationId, child);
    }
    return child;
  }

  /** The integration's runtime (connector, open session, abort signal). */
  runtime(integrationId: string): IntegrationRuntime {
    return this.container(integrationId).resolve(IntegrationRuntime);
  }

  /** The integration's vendor call budget as this process has seen it. */
  quota(integrationId: string): QuotaSnapshot {
    return this.container(integrationId).resolve<QuotaBudget>(TOKENS.QuotaBudget).snapshot();
  }

  /**
   * Runs a sync job with the integration's engine, after any run of the same integration this
   * process is running; aborted by `signal` or by the runtime's release.
   */
  run(job: SyncJob, signal: AbortSignal): Promise<SyncOutcome> {
    return this.exclusive(job.integrationId, () => {
      const engine = this.container(job.integrationId).resolve(SyncEngine);
      const combined = AbortSignal.any([signal, this.runtime(job.integrationId).signal]);
      return engine.execute({ runId: job.id, type: job.type }, combined);
    });
  }

  /**
   * Runs the targeted refresh of the integration's pending vendor events (`TargetedRefresh`) in
   * the same chain as its syncs: after any run of the integration this process is running, never
   * beside one. `started` is called when it begins (a burst arriving meanwhile is still read by it).
   */
  refresh(integrationId: string, signal: AbortSignal, started?: () => void): Promise<RefreshOutcome> {
    return this.exclusive(integrationId, () => {
      started?.();
      const refresh = this.container(integrationId).resolve(TargetedRefresh);
      return refresh.execute(AbortSignal.any([signal, this.runtime(integrationId).signal]));
    });
  }

  /** Runs `work` after every run of the integration chained before it in this process. */
  private exclusive<T>(integrationId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.running.get(integrationId) ?? Promise.resolve();
    const next = previous.then(work);
    const settled = next.catch(() => undefined);
    this.running.set(integrationId, settled);
    void settled.then(() => {
      if (this.running.get(integrationId) === settled) this.running.delete(integrationId);
    });
    return next;
  }

  /** Disposes an integration's container (aborting its work, closing its session); the next use creates a fresh one. */
  async release(integrationId: string): Promise<void> {
    const child = this.children.get(integrationId);
    this.children.delete(integrationId);
    await child?.dispose();
  }

  /** Releases every integration. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((id) => this.release(id)));
  }
}
