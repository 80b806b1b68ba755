import { randomUUID } from "node:crypto";
import { inject, injectable } from "tsyringe";
import { type Clock, systemClock } from "../clock.js";
import { type QuotaSnapshot, windowWait, withCallFloor } from "../connector/budget.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import { toRecordInput } from "../connector/remote-record.js";
import type { ConnectorSession, GoneRecord, RecordPage, RemoteRecord } from "../connector/session.js";
import { AtsyncError, isAtsyncError } from "../errors.js";
import { type AtsyncEvents, integrationStateChanged, syncFinished } from "../events/events.js";
import { unifiedId } from "../ids.js";
import type { Logger } from "../logging.js";
import { MODEL_KEYS, type ModelKey } from "../model/common.js";
import { IntegrationRuntime } from "../runtime/integration-runtime.js";
import { TOKENS } from "../runtime/tokens.js";
import type { IntegrationRecord } from "../storage/integrations.js";
import { MAX_COMMIT_SIZE, MAX_LIST_PAGE_SIZE, type RecordInput } from "../storage/records.js";
import { requireIntegration } from "../storage/require-integration.js";
import type { AtsyncStorage } from "../storage/storage.js";
import {
  EMPTY_PROGRESS,
  type SyncRun,
  type SyncRunPatch,
  type SyncRunStatus,
  type SyncType,
} from "../storage/sync-state.js";
import { flushChanges } from "../webhooks/delivery.js";
import { FieldProjection } from "./field-projection.js";
import { type ModelSyncState, modelStream, parseModelState } from "./model-state.js";
import { RunProgress } from "./progress.js";
import { firstWindow, nextWindow, type ReadWindow } from "./read-windows.js";

/** Models whose records are restricted to the tracked set in created-applications-only mode. */
export const TRACKED_MODELS: readonly ModelKey[] = ["candidates", "applications"];
/** Default overlap of delta reads (the vendor's search-cache staleness plus clock skew; iCIMS: 30 min). */
export const DEFAULT_DELTA_OVERLAP_MS = 30 * 60_000;
/** Default share of a model's records one deletion pass may delete. */
export const DEFAULT_DELETION_THRESHOLD = 0.2;
/** Default least number of deletions that can quarantine a run (`deletionMinimumCount`). */
export const DEFAULT_DELETION_MINIMUM_COUNT = 10;
/** Default vendor calls one deletion pass spends confirming candidates (`deletionConfirmBudget`). */
export const DEFAULT_DELETION_CONFIRM_BUDGET = 500;
/**
 * How often a running sync stores its call count and progress while it makes vendor calls
 * between page commits (a page of iCIMS candidates takes one GET per person).
 */
export const PROGRESS_INTERVAL_MS = 2_000;
/**
 * Records of each model read newest first that a first full sync commits before it marks setup
 * completed (with every other model read): from then on reads answer with the newest data while
 * older change-date windows are still being read (docs/architecture.md, "Priority first sync").
 */
export const PRIORITY_RECORDS = 5_000;

/** Thrown inside a run when the quota reserve is reached; the run ends `paused`. */
class QuotaReserveReached extends AtsyncError {
  constructor(resetAt: Date | null, now: Date) {
    super(
      "REMOTE.RATE_LIMIT_EXCEEDED",
      "Vendor call quota down to the reserve kept for writes; sync paused",
      {
        kind: "transient",
        retryAfterMs: resetAt ? Math.max(0, resetAt.getTime() - now.getTime()) : 60 * 60_000,
      },
    );
  }
}

/** What `SyncEngine.execute` returns. */
export interface SyncOutcome {
  /** The final run record. */
  run: SyncRun;
  /** Why a `failed` or `paused` run stopped (kind and retry delay included); null otherwise. */
  failure: AtsyncError | null;
}

/** Per-run bookkeeping. */
interface RunContext {
  run: SyncRun;
  integration: IntegrationRecord;
  connector: ConnectorDefinition<unknown>;
  session: ConnectorSession;
  signal: AbortSignal;
  callsAtStart: number;
  /** Why deletions were held back (one line per model over the threshold); empty when none were. */
  quarantined: string[];
  /** Complete listings made by this run's full reads, per model (own and fed records). */
  listings: Map<ModelKey, Set<string>>;
  /**
   * Start of the series of interrupted runs of this mode that this run continues (ISO), or null.
   * Models whose read completed within the series are not read again.
   */
  seriesStart: string | null;
  /**
   * True for the integration's first full sync (no full run has completed before this run's
   * series): nothing was stored before it, so it has nothing to verify deletions of.
   */
  firstFull: boolean;
  /** The integration's field configuration, applied to every record before it is committed. */
  fields: FieldProjection;
  /** Per-model done / total of this run (carried over from the interrupted run it continues). */
  progress: RunProgress;
  /** The last progress write; writes are chained so a stored progress never goes back. */
  reports: Promise<void>;
  /** True once the integration's setup is completed (before the run, or by it). */
  setupCompleted: boolean;
  /**
   * True once every model read in one pass is read and the newest-first reads have begun: a first
   * sync that pauses for quota from here on has its newest data readable, so it completes setup.
   */
  newestFirstBegun: boolean;
}

/** What ending a run and completing setup need of its context (known from the run's start). */
type SetupContext = Pick<RunContext, "run" | "integration" | "setupCompleted" | "newestFirstBegun">;

/** A full read of a model newest first, in change-date windows: the stored watermark and where the read stands. */
interface WindowedRead {
  /** The model's watermark when the run loaded its state (kept until the read completes). */
  watermark: string | null;
  /** The read in progress, on the window it reads. */
  read: NonNullable<ModelSyncState["inProgress"]> & { window: ReadWindow };
  /**
   * Remote ids this run committed in the previous window: windows share a minute, so a record
   * changed in it comes in both; the second copy is dropped before it is committed or counted.
   */
  previous: Set<string>;
  /** Remote ids committed in the current window so far. */
  current: Set<string>;
}

/** Run outcomes after which the next run of the same mode continues where it stopped. */
const INTERRUPTED = new Set<SyncRunStatus>(["failed", "cancelled", "paused"]);

/**
 * Runs one sync of one integration (docs/architecture.md): models in dependency order, references turned
 * into unified ids, each page committed with its checkpoint, resumable after any interruption,
 * verified deletion with a quarantine threshold. Lives in the integration's container.
 */
@injectable()
export class SyncEngine {
  constructor(
    @inject(IntegrationRuntime) private readonly runtime: IntegrationRuntime,
    @inject(TOKENS.Storage) private readonly storage: AtsyncStorage,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Events) private readonly events: AtsyncEvents,
  ) {}

  /**
   * Runs a sync to its end and returns the final run record. Never throws for vendor or data
   * problems: they end the run `failed` (with Kombo code and message), `paused` (quota reserve
   * reached), `cancelled` (signal aborted) or `deletion_quarantined`. Committed pages stay
   * committed; the next run of the same mode continues after them. Throws only when the
   * integration does not exist.
   */
  async execute(request: { runId?: string; type: SyncType }, signal: AbortSignal): Promise<SyncOutcome> {
    const integrationId = this.runtime.integrationId;
    const integration = await requireIntegration(this.storage.integrations, integrationId);
    const now = this.now();
    const series = await this.series(integrationId, request.type);
    const run: SyncRun = {
      id: request.runId ?? randomUUID(),
      integration_id: integrationId,
      type: request.type,
      status: "running",
      counts: {},
      api_calls: 0,
      current_model: null,
      progress: { ...EMPTY_PROGRESS, models: series.last?.progress.models ?? {} },
      started_at: now,
      finished_at: null,
      error: null,
      created_at: now,
    };
    await this.storage.syncState.createRun(run);
    const log = this.logger.child({ runId: run.id, syncType: run.type });
    log.info("sync started");

    let status: SyncRunStatus = "succeeded";
    let error: SyncRun["error"] = null;
    let failure: AtsyncError | null = null;
    const ctx: Partial<RunContext> = {
      run,
      integration,
      signal,
      quarantined: [],
      listings: new Map(),
      seriesStart: series.start,
      firstFull: series.firstFull,
      progress: new RunProgress(new Date(now), run.progress.models),
      reports: Promise.resolve(),
      setupCompleted: integration.setup_status === "COMPLETED",
      newestFirstBegun: false,
    };
    const heartbeat = new AbortController();
    try {
      ctx.connector = await this.runtime.connector();
      ctx.session = await this.runtime.session();
      ctx.callsAtStart = this.runtime.budget.snapshot().calls;
      ctx.fields = await FieldProjection.load(this.storage.fields, integration.id);
      const full = ctx as RunContext;
      void this.reportWhileRunning(full, heartbeat.signal);
      await withCallFloor(
        (quota) => this.reserveOf(full, quota),
        () => this.readAndVerify(full),
      );
      if (full.quarantined.length > 0) {
        status = "deletion_quarantined";
        error = { code: "DELETION_QUARANTINED", message: `Nothing deleted: ${full.quarantined.join("; ")}` };
      }
    } catch (caught) {
      // A call refused at the reserve (or the vendor's own quota answer) deep in a connector
      // pauses the run as the engine's own check between pages does.
      const e = caught instanceof QuotaReserveReached ? caught : (this.reserveReached(integration) ?? caught);
      if (signal.aborted) status = "cancelled";
      else status = e instanceof QuotaReserveReached ? "paused" : "failed";
      const err = isAtsyncError(e)
        ? e
        : new AtsyncError("PLATFORM.UNKNOWN_ERROR", e instanceof Error ? e.message : String(e), {
            kind: "system",
          });
      error = { code: err.code, message: err.message };
      (status === "failed" ? log.warn : log.info).call(
        log,
        { code: err.code, kind: err.kind },
        `sync ${status}`,
      );
      if (status === "failed" || status === "paused") failure = err;
    }
    heartbeat.abort();
    await ctx.reports;
    const finished = await this.afterRun(ctx as SetupContext, {
      status,
      error,
      current_model: null,
      finished_at: this.now(),
      api_calls: this.callsSince(ctx.callsAtStart),
      progress: (ctx.progress as RunProgress).final(this.runtime.budget.snapshot()),
    });
    log.info({ status, counts: finished.counts, apiCalls: finished.api_calls }, "sync finished");
    return { run: finished, failure };
  }

  /** The run's reads (per its type) and deletion verification. */
  private async readAndVerify(ctx: RunContext): Promise<void> {
    const type = ctx.run.type;
    if (type === "full") await this.countTotals(ctx);
    if (type !== "deletion_scan") {
      const models = this.readModels(ctx);
      const newestFirst = type === "full" ? models.filter((m) => this.readsNewestFirst(ctx, m)) : [];
      for (const model of models) {
        if (!newestFirst.includes(model)) await this.readModel(ctx, model, type);
      }
      await this.readNewestFirst(ctx, newestFirst);
    }
    if (type !== "delta") await this.verifyDeletions(ctx);
  }

  /**
   * The series of interrupted runs of `type` right before now (newest first, same mode only): its
   * start (ISO) and its newest run, whose progress this run carries on; nulls when there is none.
   * `firstFull`: `type` is full and no full run has completed (succeeded or quarantined) before.
   */
  private async series(
    integrationId: string,
    type: SyncType,
  ): Promise<{ start: string | null; last: SyncRun | null; firstFull: boolean }> {
    let start: string | null = null;
    let last: SyncRun | null = null;
    let inSeries = true;
    const limit = 200;
    const runs = await this.storage.syncState.listRuns(integrationId, { limit });
    for (const r of runs) {
      if (r.type !== type || !inSeries) continue;
      if (!INTERRUPTED.has(r.status)) {
        inSeries = false;
        continue;
      }
      start = r.started_at ?? r.created_at;
      last ??= r;
    }
    const completedFull = runs.some(
      (r) => r.type === "full" && (r.status === "succeeded" || r.status === "deletion_quarantined"),
    );
    return { start, last, firstFull: type === "full" && !completedFull && runs.length < limit };
  }

  /**
   * Counts, before any record is read, the vendor's records of each model this full run reads
   * whose coverage declares a cheap id listing (`cheapIdListing`; iCIMS: ⌈N/1000⌉ id-only
   * searches), skipping models its series already read. The listing is only counted: deletion
   * verification needs one taken after the read (records created meanwhile would look missing).
   */
  private async countTotals(ctx: RunContext): Promise<void> {
    for (const model of this.readModels(ctx)) {
      if (ctx.connector.coverage.models[model]?.cheapIdListing !== true) continue;
      const state = parseModelState(
        await this.storage.syncState.getCheckpoint(ctx.run.integration_id, modelStream(model)),
      );
      if (this.completedInSeries(ctx, state)) continue;
      // A read the series began already has its total (counted by the run that began it).
      if (state.inProgress?.type === "full" && ctx.progress.total(model) !== null) continue;
      ctx.progress.setTotal(model, (await this.listRemoteIds(ctx, model)).size);
      await this.report(ctx, false);
    }
  }

  /** True when the read of a model (its `state`) completed within the series this run continues. */
  private completedInSeries(ctx: RunContext, state: ModelSyncState): boolean {
    return (
      ctx.seriesStart !== null &&
      state.inProgress === null &&
      state.watermark !== null &&
      state.watermark >= ctx.seriesStart
    );
  }

  /**
   * Stores the run's call count and progress and, unless `emit` is false, emits `sync-progress`
   * (which marks committed pages).
   * Writes are chained, so one never overtakes another; a failed write rejects the returned
   * promise only.
   */
  private report(ctx: RunContext, emit = true): Promise<void> {
    const write = async () => {
      const quota = this.runtime.budget.snapshot();
      const calls = this.callsSince(ctx.callsAtStart);
      const reserve = this.reserveOf(ctx, quota);
      const run = await this.storage.syncState.updateRun(ctx.run.integration_id, ctx.run.id, {
        api_calls: calls,
        progress: ctx.progress.snapshot(this.clock.now(), calls, quota, reserve ?? 0),
      });
      if (emit) this.events.emit("sync-progress", { type: "sync-progress", run });
    };
    const written = ctx.reports.then(write);
    ctx.reports = written.catch(() => undefined);
    return written;
  }

  /**
   * Every `PROGRESS_INTERVAL_MS` of wall-clock time until `stop` aborts, stores the run's call
   * count and progress when it made vendor calls since the last report (no event: `sync-progress`
   * marks committed pages), so the call count of the stored run moves during long pages and
   * listings. A display cadence, not sync timing: it sleeps on the system clock, so tests that
   * drive the injected clock see no extra sleeper.
   */
  private async reportWhileRunning(ctx: RunContext, stop: AbortSignal): Promise<void> {
    let reported = this.callsSince(ctx.callsAtStart);
    for (;;) {
      try {
        await systemClock.sleep(PROGRESS_INTERVAL_MS, stop);
      } catch {
        return;
      }
      if (stop.aborted) return;
      const calls = this.callsSince(ctx.callsAtStart);
      if (calls === reported) continue;
      reported = calls;
      await this.report(ctx, false).catch((e: unknown) =>
        this.logger.warn({ runId: ctx.run.id, err: e }, "sync progress not stored"),
      );
    }
  }

  /**
   * Covered models read on their own (not fed by another's read), in dependency order. In created-only mode applications are read before
   * candidates, so the candidates of imported applications are tracked before candidates are read
   * (unified ids are derived, so no reference needs its target stored first).
   */
  private readModels(ctx: RunContext): ModelKey[] {
    const coverage = ctx.connector.coverage.models;
    const models = MODEL_KEYS.filter((m) => coverage[m] !== undefined && coverage[m].fedBy === undefined);
    if (!this.createdOnly(ctx)) return models;
    return [...models.filter((m) => m !== "candidates"), ...models.filter((m) => m === "candidates")];
  }

  private createdOnly(ctx: RunContext): boolean {
    return (
      ctx.connector.capabilities.createdApplicationsOnly &&
      ctx.integration.settings.createdApplicationsOnly !== false
    );
  }

  /** The tracked remote ids of a model when created-only mode scopes it, else undefined. */
  private async scopeOf(ctx: RunContext, model: ModelKey): Promise<string[] | undefined> {
    if (!TRACKED_MODELS.includes(model) || !this.createdOnly(ctx)) return undefined;
    return (await this.storage.syncState.listTracked(ctx.run.integration_id, model)).map((e) => e.remote_id);
  }

  /** In created-only mode, tracks the candidates of tracked applications (e.g. imported ones). */
  private async trackCandidatesOf(
    ctx: RunContext,
    model: ModelKey,
    records: readonly RemoteRecord[],
  ): Promise<void> {
    if (model !== "applications" || !this.createdOnly(ctx)) return;
    const at = this.now();
    const entries = records
      .map((r) => r.candidate_remote_id)
      .filter((id): id is string => typeof id === "string")
      .map((remote_id) => ({
        model: "candidates" as const,
        remote_id,
        tracked_at: at,
        origin: "imported" as const,
      }));
    if (entries.length > 0) await this.storage.syncState.track(ctx.run.integration_id, entries);
  }

  /** Models the connector feeds from `model`'s read (`ModelCoverage.fedBy`). */
  private fedModels(ctx: RunContext, model: ModelKey): ModelKey[] {
    return MODEL_KEYS.filter((m) => ctx.connector.coverage.models[m]?.fedBy === model);
  }

  /**
   * True when a delta run may skip a list-backed model: its coverage sets `refreshMinutes` and
   * its last completed read is younger than that.
   */
  private freshEnough(
    ctx: RunContext,
    model: ModelKey,
    type: "full" | "delta",
    state: ModelSyncState,
  ): boolean {
    const refresh = ctx.connector.coverage.models[model]?.refreshMinutes;
    if (type !== "delta" || refresh === undefined) return false;
    if (state.watermark === null || state.inProgress !== null) return false;
    return this.clock.now().getTime() - Date.parse(state.watermark) < refresh * 60_000;
  }

  private async readModel(ctx: RunContext, model: ModelKey, type: "full" | "delta"): Promise<void> {
    const integrationId = ctx.run.integration_id;
    const stream = modelStream(model);
    const state = parseModelState(await this.storage.syncState.getCheckpoint(integrationId, stream));
    const completedInSeries = this.completedInSeries(ctx, state);
    // A full run continuing its series never reads again a model the series completed. A delta
    // reads it for what changed since that read started (without the overlap, which that read
    // covered), so a delta never reports success with changes before its start unread.
    if ((completedInSeries && type === "full") || this.freshEnough(ctx, model, type, state)) return;
    const overlap = completedInSeries ? 0 : (ctx.connector.deltaOverlapMs ?? DEFAULT_DELTA_OVERLAP_MS);
    let read:
      | NonNullable<ModelSyncState["inProgress"]>
      | { type: typeof type; since: string | null; startedAt: string; resume: null };
    if (state.inProgress?.type === type) read = state.inProgress;
    else {
      const delta = type === "delta" && state.watermark !== null && ctx.connector.capabilities.deltaSync;
      read = {
        type,
        since: delta ? new Date(Date.parse(state.watermark as string) - overlap).toISOString() : null,
        startedAt: this.now(),
        resume: null,
      };
    }
    await this.storage.syncState.updateRun(integrationId, ctx.run.id, { current_model: model });
    ctx.progress.startRead(model, read.resume !== null);
    for (const m of this.fedModels(ctx, model)) ctx.progress.startRead(m, read.resume !== null);
    const scope = await this.scopeOf(ctx, model);
    const done: ModelSyncState = { watermark: read.startedAt, inProgress: null };
    const fed = this.fedModels(ctx, model);
    if (scope?.length === 0) {
      await this.storage.syncState.setCheckpoint(integrationId, stream, JSON.stringify(done));
      await this.finishRead(ctx, type, [model, ...fed]);
      return;
    }
    // A full read started in this run lists every record of the model and of the models it feeds:
    // deletion verification reuses it instead of listing again.
    const listing =
      type === "full" && read.resume === null
        ? new Map<ModelKey, Set<string>>([model, ...fed].map((m) => [m, new Set<string>()]))
        : null;
    const pages = ctx.session.read(model, {
      ...(read.since ? { since: new Date(read.since) } : {}),
      ...(scope ? { scope } : {}),
      ...(read.resume ? { resume: read.resume } : {}),
      signal: ctx.signal,
      stored: (m, remoteIds) => this.storedRemoteIds(integrationId, m, remoteIds),
    });
    let completed = false;
    for await (const page of pages) {
      ctx.signal.throwIfAborted();
      const next: ModelSyncState =
        page.checkpoint === null
          ? done
          : { watermark: state.watermark, inProgress: { ...read, resume: page.checkpoint } };
      await this.commitReadPage(ctx, model, fed, page, JSON.stringify(next), listing);
      await this.countPage(ctx, model, fed, page);
      completed = page.checkpoint === null;
      await this.checkQuota(ctx);
      ctx.signal.throwIfAborted();
    }
    if (!completed) await this.storage.syncState.setCheckpoint(integrationId, stream, JSON.stringify(done));
    if (listing) for (const [m, ids] of listing) ctx.listings.set(m, ids);
    await this.finishRead(ctx, type, [model, ...fed]);
    // A delta sees tracked records only when they change: those tracked but never stored (imported
    // applications and their candidates) are read now, whatever their change date.
    if (scope && read.since !== null)
      await this.readScoped(ctx, model, scope, (deleted) => deleted === undefined);
  }

  /** True when a full run reads `model` newest first (`ModelCoverage.windowedRead`, not scoped). */
  private readsNewestFirst(ctx: RunContext, model: ModelKey): boolean {
    return (
      ctx.connector.coverage.models[model]?.windowedRead === true &&
      ctx.connector.capabilities.deltaSync &&
      this.fedModels(ctx, model).length === 0 &&
      !(TRACKED_MODELS.includes(model) && this.createdOnly(ctx))
    );
  }

  /**
   * Reads the `windowedRead` models of a full run newest first (docs/architecture.md, "Priority
   * first sync"): each in change-date windows walking backwards from its read's start, always the
   * model whose next window is the most recent, every page committed with a checkpoint naming its
   * window, so an interrupted series continues in the window it stopped in. Once each of them has
   * committed `PRIORITY_RECORDS` records or finished (every other model is read by then), a first
   * sync marks setup completed: the newest data is readable while older windows are still read.
   */
  private async readNewestFirst(ctx: RunContext, models: readonly ModelKey[]): Promise<void> {
    if (models.length === 0) return;
    ctx.newestFirstBegun = true;
    const reads = new Map<ModelKey, WindowedRead>();
    for (const model of models) {
      const stream = modelStream(model);
      const state = parseModelState(
        await this.storage.syncState.getCheckpoint(ctx.run.integration_id, stream),
      );
      if (this.completedInSeries(ctx, state)) continue;
      const begun = state.inProgress?.type === "full" ? state.inProgress : null;
      if (begun !== null && begun.window === undefined) {
        // A one-pass read the series began before reads went newest first: finish it as it began.
        await this.readModel(ctx, model, "full");
        continue;
      }
      const read = begun?.window
        ? { ...begun, window: begun.window }
        : {
            type: "full" as const,
            since: null,
            startedAt: this.now(),
            resume: null,
            window: firstWindow(this.clock.now()),
          };
      reads.set(model, { watermark: state.watermark, read, previous: new Set(), current: new Set() });
      ctx.progress.startRead(model, begun !== null);
    }
    for (;;) {
      await this.completeSetupOnceReadable(ctx, reads);
      let next: ModelKey | null = null;
      for (const [model, { read }] of reads) {
        const best = next === null ? null : reads.get(next)?.read.window.until;
        if (best === undefined || best === null || read.window.until > best) next = model;
      }
      if (next === null) return;
      await this.readWindow(ctx, next, reads);
    }
  }

  /**
   * Reads the current window of `model`'s newest-first read to its end, committing each page with
   * the read's state; then moves the read to the next window, or completes it (removed from
   * `reads`) after the last one.
   */
  private async readWindow(
    ctx: RunContext,
    model: ModelKey,
    reads: Map<ModelKey, WindowedRead>,
  ): Promise<void> {
    const entry = reads.get(model) as WindowedRead;
    const { read, watermark } = entry;
    const integrationId = ctx.run.integration_id;
    await this.storage.syncState.updateRun(integrationId, ctx.run.id, { current_model: model });
    const pages = ctx.session.read(model, {
      ...(read.window.since !== null ? { since: new Date(read.window.since) } : {}),
      until: new Date(read.window.until),
      alreadyRead: entry.previous,
      ...(read.resume !== null ? { resume: read.resume } : {}),
      signal: ctx.signal,
      stored: (m, remoteIds) => this.storedRemoteIds(integrationId, m, remoteIds),
    });
    let window = read.window;
    /** The state after the window's last page: the next window, or the read completed. */
    const afterWindow = (done: ReadWindow): ModelSyncState => {
      const following = nextWindow(done);
      return following === null
        ? { watermark: read.startedAt, inProgress: null }
        : { watermark, inProgress: { ...read, window: following, resume: null } };
    };
    let ended: ModelSyncState | null = null;
    for await (const answered of pages) {
      ctx.signal.throwIfAborted();
      const page = {
        ...answered,
        records: answered.records.filter((r) => !entry.previous.has(r.remote_id)),
      };
      for (const r of page.records) entry.current.add(r.remote_id);
      window = { ...window, records: window.records + page.records.length };
      const state: ModelSyncState =
        page.checkpoint === null
          ? afterWindow(window)
          : { watermark, inProgress: { ...read, window, resume: page.checkpoint } };
      if (page.checkpoint === null) ended = state;
      await this.commitReadPage(ctx, model, [], page, JSON.stringify(state), null);
      if (page.checkpoint === null) ctx.progress.cover(model, window.since);
      await this.countPage(ctx, model, [], page);
      await this.checkQuota(ctx);
      ctx.signal.throwIfAborted();
    }
    if (ended === null) {
      ended = afterWindow(window);
      await this.storage.syncState.setCheckpoint(integrationId, modelStream(model), JSON.stringify(ended));
      ctx.progress.cover(model, window.since);
    }
    entry.previous = entry.current;
    entry.current = new Set();
    if (ended.inProgress?.window) entry.read = { ...ended.inProgress, window: ended.inProgress.window };
    else {
      reads.delete(model);
      await this.finishRead(ctx, "full", [model]);
    }
  }

  /**
   * Marks a first sync's setup completed once every newest-first read in `reads` has committed
   * `PRIORITY_RECORDS` records (reads that finished are no longer in it).
   */
  private async completeSetupOnceReadable(
    ctx: RunContext,
    reads: ReadonlyMap<ModelKey, WindowedRead>,
  ): Promise<void> {
    if (ctx.setupCompleted) return;
    for (const model of reads.keys()) if (ctx.progress.done(model) < PRIORITY_RECORDS) return;
    await this.completeSetup(ctx);
  }

  /**
   * Commits one page of `model`'s read: the records of the models it feeds first, then its own
   * with the checkpoint, if any (a crash in between re-reads the page; upserts are idempotent). Vendor
   * gone-markers are tombstoned with the page; emitted ids are added to `listing`.
   */
  private async commitReadPage(
    ctx: RunContext,
    model: ModelKey,
    fed: readonly ModelKey[],
    page: RecordPage,
    checkpoint: string | null,
    listing: Map<ModelKey, Set<string>> | null,
  ): Promise<void> {
    const integrationId = ctx.run.integration_id;
    for (const m of [...Object.keys(page.related ?? {}), ...Object.keys(page.gone ?? {})]) {
      if (m !== model && !fed.includes(m as ModelKey)) {
        throw new AtsyncError(
          "PLATFORM.UNKNOWN_ERROR",
          `Connector ${ctx.connector.slug} emitted ${m} records in a ${model} read without declaring fedBy`,
          { kind: "system" },
        );
      }
    }
    for (const m of [...fed, model]) {
      const remote = m === model ? page.records : (page.related?.[m] ?? []);
      const gone = page.gone?.[m] ?? [];
      const records = await ctx.fields.project(
        m,
        remote.map((r) => toRecordInput(integrationId, m, r)),
      );
      await this.trackCandidatesOf(ctx, m, remote);
      await this.trackSurvivors(ctx, m, gone);
      const deletions = gone.map((g) => unifiedId(integrationId, m, g.remote_id));
      const ids = listing?.get(m);
      if (ids) for (const r of remote) ids.add(r.remote_id);
      if (m === model && checkpoint !== null) await this.commit(ctx, m, records, deletions, checkpoint);
      else if (records.length > 0 || deletions.length > 0)
        await this.commit(ctx, m, records, deletions, null);
    }
  }

  /** After a full read completed, the totals of the models it read become what it read (`RunProgress.finishRead`). */
  private async finishRead(
    ctx: RunContext,
    type: "full" | "delta",
    models: readonly ModelKey[],
  ): Promise<void> {
    if (type !== "full") return;
    for (const m of models) ctx.progress.finishRead(m);
    await this.report(ctx, false);
  }

  /** Counts a committed page of `model`'s read (and of the models it feeds) as done, and reports the run. */
  private async countPage(
    ctx: RunContext,
    model: ModelKey,
    fed: readonly ModelKey[],
    page: RecordPage,
  ): Promise<void> {
    ctx.progress.add(model, page.records.length);
    for (const m of fed) ctx.progress.add(m, page.related?.[m]?.length ?? 0);
    await this.report(ctx);
  }

  /** In created-only mode, the survivors of merged tracked candidates are tracked too. */
  private async trackSurvivors(ctx: RunContext, model: ModelKey, gone: readonly GoneRecord[]): Promise<void> {
    if (!TRACKED_MODELS.includes(model) || !this.createdOnly(ctx)) return;
    const at = this.now();
    const entries = gone
      .filter((g): g is GoneRecord & { merged_into: string } => typeof g.merged_into === "string")
      .map((g) => ({ model, remote_id: g.merged_into, tracked_at: at, origin: "imported" as const }));
    if (entries.length > 0) await this.storage.syncState.track(ctx.run.integration_id, entries);
  }

  /** Of `remoteIds`, those stored and not deleted for `model` (`ReadOptions.stored`). */
  private async storedRemoteIds(
    integrationId: string,
    model: ModelKey,
    remoteIds: readonly string[],
  ): Promise<string[]> {
    const stored = await this.storedDeletion(integrationId, model, remoteIds);
    return remoteIds.filter((id) => stored.get(id) === false);
  }

  /** For each of `remoteIds` stored for `model`: whether it is marked deleted (absent: not stored). */
  private async storedDeletion(
    integrationId: string,
    model: ModelKey,
    remoteIds: readonly string[],
  ): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    for (let i = 0; i < remoteIds.length; i += MAX_LIST_PAGE_SIZE) {
      const ids = remoteIds.slice(i, i + MAX_LIST_PAGE_SIZE).map((r) => unifiedId(integrationId, model, r));
      for (const record of await this.storage.records.getMany(integrationId, model, ids)) {
        out.set(record.remote_id, record.remote_deleted_at !== null);
      }
    }
    return out;
  }

  /**
   * Reads (scoped, committing without a checkpoint) the records of `model` among `remoteIds`
   * that `keep` selects by their stored deletion state (`undefined`: not stored).
   */
  private async readScoped(
    ctx: RunContext,
    model: ModelKey,
    remoteIds: readonly string[],
    keep: (deleted: boolean | undefined) => boolean,
  ): Promise<void> {
    const stored = await this.storedDeletion(ctx.run.integration_id, model, remoteIds);
    const ids = remoteIds.filter((id) => keep(stored.get(id)));
    if (ids.length === 0) return;
    for await (const page of ctx.session.read(model, { scope: ids, signal: ctx.signal })) {
      ctx.signal.throwIfAborted();
      await this.commitReadPage(ctx, model, [], page, null, null);
      await this.countPage(ctx, model, [], page);
      await this.checkQuota(ctx);
    }
  }

  /** Commits records and deletions, splitting oversized pages; only the last chunk carries the checkpoint. */
  private async commit(
    ctx: RunContext,
    model: ModelKey,
    records: RecordInput[],
    deletions: string[],
    checkpoint: string | null,
  ): Promise<void> {
    const integrationId = ctx.run.integration_id;
    const chunks: { records: RecordInput[]; deletions: string[] }[] = [];
    for (let i = 0; i < records.length; i += MAX_COMMIT_SIZE)
      chunks.push({ records: records.slice(i, i + MAX_COMMIT_SIZE), deletions: [] });
    for (let i = 0; i < deletions.length; i += MAX_COMMIT_SIZE)
      chunks.push({ records: [], deletions: deletions.slice(i, i + MAX_COMMIT_SIZE) });
    if (chunks.length === 0) chunks.push({ records: [], deletions: [] });
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      await this.storage.commitPage({
        integrationId,
        model,
        records: chunk.records,
        deletions: chunk.deletions,
        ...(last && checkpoint !== null
          ? { checkpoint: { stream: modelStream(model), value: checkpoint } }
          : {}),
        runId: ctx.run.id,
        at: this.now(),
      });
    }
  }

  /**
   * Holds the run at the quota reserve (`quotaReserve`, default 5% of the window's limit): waits
   * out a short window (`SHORT_WINDOW_MS`) and continues; in a long or unknown window the run
   * ends `paused` (`QuotaReserveReached`) and resumes after the reset.
   */
  private async checkQuota(ctx: RunContext): Promise<void> {
    for (;;) {
      const snap = this.runtime.budget.snapshot();
      const reserve = this.reserveOf(ctx, snap);
      if (reserve === null) return;
      const wait = windowWait(snap, this.clock.now(), reserve);
      if (wait === 0) return;
      if (wait === "long") throw new QuotaReserveReached(snap.resetAt, this.clock.now());
      await this.clock.sleep(wait, ctx.signal);
    }
  }

  /**
   * Verified deletion (docs/architecture.md, "Verified deletion"). Per covered model: the ids a
   * full read of this run listed (or a fresh listing), diffed against the stored ones; each
   * missing record is only a candidate until the vendor confirms it gone one by one
   * (`confirmGone`, within the run's call budget) or, where that is not possible, a second
   * complete listing agrees. Evidence that a listing was incomplete (a candidate that still
   * exists) or a share over the threshold (and at least the minimum count) quarantines the run:
   * nothing is deleted. A first full sync has nothing to verify (`RunContext.firstFull`).
   */
  private async verifyDeletions(ctx: RunContext): Promise<void> {
    if (ctx.firstFull) return;
    const integrationId = ctx.run.integration_id;
    const settings = ctx.integration.settings;
    const threshold = settings.deletionThreshold ?? DEFAULT_DELETION_THRESHOLD;
    const minimum = settings.deletionMinimumCount ?? DEFAULT_DELETION_MINIMUM_COUNT;
    let budget = settings.deletionConfirmBudget ?? DEFAULT_DELETION_CONFIRM_BUDGET;
    const goneByModel = new Map<ModelKey, string[]>();
    for (const feeder of this.readModels(ctx)) {
      const fed = this.fedModels(ctx, feeder);
      if (fed.some((m) => !ctx.listings.has(m))) await this.listByReading(ctx, feeder, fed);
    }
    const covered = MODEL_KEYS.filter((m) => ctx.connector.coverage.models[m] !== undefined);
    for (const model of covered) {
      const stored = await this.storage.records.count(integrationId, model);
      if (stored === 0) continue;
      await this.storage.syncState.updateRun(integrationId, ctx.run.id, { current_model: model });
      const listed = ctx.listings.get(model) ?? (await this.listRemoteIds(ctx, model));
      if (ctx.run.type === "deletion_scan") await this.reviveListed(ctx, model, listed);
      const missing = await this.storedMissingFrom(integrationId, model, listed);
      if (missing.length === 0) continue;
      let gone: string[] | null = null;
      if (ctx.session.confirmGone && missing.length <= budget) {
        budget -= missing.length;
        gone = await this.confirmGone(ctx, model, missing);
      }
      if (gone === null) {
        const again = await this.listRemoteIds(ctx, model);
        gone = missing.filter((id) => !again.has(id));
      }
      await this.checkQuota(ctx);
      const present = missing.length - gone.length;
      if (present > 0) {
        this.logger.warn(
          { runId: ctx.run.id, model, missing: missing.length, present },
          "deletion quarantined: listing incomplete",
        );
        ctx.quarantined.push(
          `${model} listing incomplete: ${present} of ${missing.length} records missing from it still exist at the vendor`,
        );
        continue;
      }
      if (gone.length / stored > threshold && gone.length >= minimum) {
        this.logger.warn(
          { runId: ctx.run.id, model, missing: gone.length, stored, threshold, minimum },
          "deletion quarantined: share to delete above threshold",
        );
        ctx.quarantined.push(
          `${model} would lose ${gone.length} of ${stored} records (${Math.round((gone.length / stored) * 100)}% > ${Math.round(threshold * 100)}%)`,
        );
      }
      goneByModel.set(model, gone);
    }
    if (ctx.quarantined.length > 0) return;
    for (const [model, gone] of goneByModel) {
      const ids = gone.map((remoteId) => unifiedId(integrationId, model, remoteId));
      await this.commit(ctx, model, [], ids, null);
    }
  }

  /**
   * Lists a feeder and the models it feeds with one fresh read of the feeder (fed rows can only be
   * listed from their parents' records), committing what it reads without moving the feeder's
   * checkpoint (so records hidden and visible again come back); used when no full read of this run
   * listed them.
   */
  private async listByReading(ctx: RunContext, feeder: ModelKey, fed: readonly ModelKey[]): Promise<void> {
    const listing = new Map<ModelKey, Set<string>>([feeder, ...fed].map((m) => [m, new Set<string>()]));
    const scope = await this.scopeOf(ctx, feeder);
    const pages =
      scope?.length === 0
        ? []
        : ctx.session.read(feeder, { ...(scope ? { scope } : {}), signal: ctx.signal });
    for await (const page of pages) {
      ctx.signal.throwIfAborted();
      await this.commitReadPage(ctx, feeder, fed, page, null, listing);
      await this.report(ctx);
      await this.checkQuota(ctx);
    }
    for (const [m, ids] of listing) ctx.listings.set(m, ids);
  }

  /**
   * Reads again the records of `model` that a listing names but storage holds as deleted (hidden
   * from the API user and visible again, restored at the vendor): a deletion scan lists them, but
   * no delta would see them. Needs scoped reads (the `createdApplicationsOnly` capability); fed
   * models come back with their feeder's read.
   */
  private async reviveListed(ctx: RunContext, model: ModelKey, listed: ReadonlySet<string>): Promise<void> {
    const integrationId = ctx.run.integration_id;
    if (ctx.connector.coverage.models[model]?.fedBy !== undefined) return;
    if (!ctx.connector.capabilities.createdApplicationsOnly) return;
    const all = await this.storage.records.count(integrationId, model, { includeDeleted: true });
    if (all === (await this.storage.records.count(integrationId, model))) return;
    await this.readScoped(ctx, model, [...listed], (deleted) => deleted === true);
  }

  /** The vendor's complete listing of `model` (scoped in created-only mode). */
  private async listRemoteIds(ctx: RunContext, model: ModelKey): Promise<Set<string>> {
    const scope = await this.scopeOf(ctx, model);
    const listed = new Set<string>();
    if (scope?.length === 0) return listed;
    for await (const page of ctx.session.listRemoteIds(model, {
      ...(scope ? { scope } : {}),
      signal: ctx.signal,
    })) {
      for (const id of page) listed.add(id);
      ctx.signal.throwIfAborted();
    }
    await this.checkQuota(ctx);
    return listed;
  }

  /** Stored, not deleted remote ids of `model` that `listed` lacks. */
  private async storedMissingFrom(
    integrationId: string,
    model: ModelKey,
    listed: ReadonlySet<string>,
  ): Promise<string[]> {
    const missing: string[] = [];
    for await (const page of this.storage.records.listRemoteIds(integrationId, model)) {
      for (const id of page) if (!listed.has(id)) missing.push(id);
    }
    return missing;
  }

  /**
   * The connector's one-by-one confirmation of `missing`, limited to ids it was asked about; null
   * when it cannot confirm this model (`unsupported`), so two listings are compared instead.
   */
  private async confirmGone(ctx: RunContext, model: ModelKey, missing: string[]): Promise<string[] | null> {
    const confirm = ctx.session.confirmGone?.bind(ctx.session);
    if (!confirm) return null;
    try {
      const asked = new Set(missing);
      return [...new Set(await confirm(model, missing, { signal: ctx.signal }))].filter((id) =>
        asked.has(id),
      );
    } catch (e) {
      if (isAtsyncError(e) && e.kind === "unsupported") return null;
      throw e;
    }
  }

  /**
   * Ends a run: marks setup COMPLETED after the first successful full sync, or when a first full
   * sync reading newest first pauses for quota (`completeSetup`), sends
   * `data-changed` for the models its pages changed (their inputs were committed with the pages),
   * then stores the final `patch` with the run's `sync-finished`. Returns the final run.
   */
  private async afterRun(ctx: SetupContext, patch: SyncRunPatch): Promise<SyncRun> {
    const { integration, run } = ctx;
    const firstSyncDone =
      (patch.status === "succeeded" || patch.status === "deletion_quarantined") && run.type === "full";
    // A first sync paused for quota while reading newest first has its newest data stored.
    const newestReadable = patch.status === "paused" && ctx.newestFirstBegun;
    if (firstSyncDone || newestReadable) await this.completeSetup(ctx);
    await flushChanges(this.storage.webhooks, this.events, integration.id);
    const logUrl = this.events.url(`/integrations/${integration.id}/sync-runs/${run.id}`);
    return this.events.commit(
      (finished: SyncRun) => [syncFinished(integration, finished, logUrl)],
      (events) => this.storage.syncState.updateRun(integration.id, run.id, patch, events),
    );
  }

  /**
   * Marks the integration's setup completed, once, committed with its `integration-state-changed`
   * (so reads work by the time anyone hears of it).
   */
  private async completeSetup(ctx: SetupContext): Promise<void> {
    if (ctx.setupCompleted) return;
    await this.events.commit(
      (updated: IntegrationRecord) => [integrationStateChanged(updated)],
      (events) =>
        this.storage.integrations.update(
          ctx.integration.id,
          { setup_status: "COMPLETED" },
          this.now(),
          events,
        ),
    );
    ctx.setupCompleted = true;
  }

  /**
   * When the quota is at the reserve of `integration` in a window that does not reset soon: the
   * pause that says so (whatever error a connector made of a refused call); null otherwise.
   */
  private reserveReached(integration: IntegrationRecord): QuotaReserveReached | null {
    const quota = this.runtime.budget.snapshot();
    const reserve = this.reserveOf({ integration }, quota);
    if (reserve === null || windowWait(quota, this.clock.now(), reserve) !== "long") return null;
    return new QuotaReserveReached(quota.resetAt, this.clock.now());
  }

  /** Calls kept for writes in each quota window (`quotaReserve`, default 5% of the limit); null without a known limit. */
  private reserveOf(ctx: Pick<RunContext, "integration">, quota: QuotaSnapshot): number | null {
    if (quota.limit === null) return null;
    return ctx.integration.settings.quotaReserve ?? Math.ceil(quota.limit * 0.05);
  }

  private callsSince(start: number | undefined): number {
    return start === undefined ? 0 : this.runtime.budget.snapshot().calls - start;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
