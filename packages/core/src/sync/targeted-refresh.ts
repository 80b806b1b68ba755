import { inject, injectable } from "tsyringe";
import type { Clock } from "../clock.js";
import { windowWait } from "../connector/budget.js";
import type { ConnectorDefinition } from "../connector/definition.js";
import { toRecordInput } from "../connector/remote-record.js";
import type { ConnectorSession, RecordPage } from "../connector/session.js";
import { isAtsyncError } from "../errors.js";
import type { AtsyncEvents } from "../events/events.js";
import { unifiedId } from "../ids.js";
import type { Logger } from "../logging.js";
import { MODEL_KEYS, type ModelKey } from "../model/common.js";
import { IntegrationRuntime } from "../runtime/integration-runtime.js";
import { TOKENS } from "../runtime/tokens.js";
import type { IntegrationRecord } from "../storage/integrations.js";
import type { AtsyncStorage } from "../storage/storage.js";
import { flushChanges } from "../webhooks/delivery.js";
import { TRACKED_MODELS } from "./engine.js";
import { FieldProjection } from "./field-projection.js";

/** Pending targets one pass of a refresh takes from the inbox. */
export const REFRESH_BATCH = 100;
/** How long a vendor event's identity is remembered: a redelivery within it changes nothing. */
export const VENDOR_EVENT_DEDUPE_MS = 24 * 3_600_000;

/** What one `TargetedRefresh.execute` did. */
export interface RefreshOutcome {
  /** Records read again (per model, those the vendor answered). */
  refreshed: Partial<Record<ModelKey, number>>;
  /** Records the vendor confirmed gone, now marked deleted. */
  deleted: number;
  /** Vendor calls made. */
  apiCalls: number;
  /**
   * Why pending targets were left for later (the quota reserve of a long window, an inactive
   * integration, a vendor failure), or null when the inbox was emptied. Deltas catch up anyway.
   */
  deferred: string | null;
}

/**
 * The targeted refresh of vendor events (docs/architecture.md, decision 23): reads again, one
 * scoped read per model, the records the integration's pending events name, and commits them
 * exactly as a sync does — field projection, `storage.commitPage` (content-hash compare, change
 * feed, `data-changed` input), vendor gone-markers and confirmed deletions tombstoned, one
 * `data-changed` webhook at the end — within the integration's call budget and quota reserve.
 * A refresh reads the current record, so events that arrive late or out of order can never make
 * stored data older. Runs only where the integration's syncs are serialised
 * (`IntegrationRuntimes.refresh`). Lives in the integration's container.
 */
@injectable()
export class TargetedRefresh {
  constructor(
    @inject(IntegrationRuntime) private readonly runtime: IntegrationRuntime,
    @inject(TOKENS.Storage) private readonly storage: AtsyncStorage,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Events) private readonly events: AtsyncEvents,
  ) {}

  /**
   * Refreshes pending targets, a batch at a time, until none is left, then announces what changed.
   * Never throws for vendor problems: the targets stay pending (`deferred`) and the next refresh or
   * delta picks them up.
   */
  async execute(signal: AbortSignal): Promise<RefreshOutcome> {
    const integrationId = this.runtime.integrationId;
    const callsAtStart = this.runtime.budget.snapshot().calls;
    const outcome: RefreshOutcome = { refreshed: {}, deleted: 0, apiCalls: 0, deferred: null };
    const integration = await this.storage.integrations.get(integrationId);
    try {
      if (integration?.status !== "ACTIVE") {
        outcome.deferred = `integration is ${integration?.status ?? "gone"}`;
        return outcome;
      }
      const connector = await this.runtime.connector();
      const session = await this.runtime.session();
      const fields = await FieldProjection.load(this.storage.fields, integrationId);
      for (;;) {
        signal.throwIfAborted();
        const batch = await this.storage.vendorEvents.pending(integrationId, REFRESH_BATCH);
        if (batch.length === 0) break;
        const held = await this.holdAtReserve(integration, signal);
        if (held) {
          outcome.deferred = held;
          break;
        }
        const ctx = { integration, connector, session, fields, signal, outcome };
        for (const model of MODEL_KEYS) {
          const ids = batch.filter((t) => t.model === model).map((t) => t.remote_id);
          if (ids.length > 0) await this.refreshModel(ctx, model, ids);
        }
        await this.storage.vendorEvents.settle(integrationId, batch);
      }
    } catch (error) {
      if (signal.aborted) outcome.deferred = "aborted";
      else {
        outcome.deferred = isAtsyncError(error) ? `${error.code}: ${error.message}` : String(error);
        this.logger.warn({ err: error }, "targeted refresh stopped; pending events wait for the next one");
      }
    } finally {
      await flushChanges(this.storage.webhooks, this.events, integrationId);
      await this.storage.vendorEvents.prune(
        new Date(this.clock.now().getTime() - VENDOR_EVENT_DEDUPE_MS).toISOString(),
      );
      outcome.apiCalls = this.runtime.budget.snapshot().calls - callsAtStart;
    }
    this.logger.debug({ ...outcome }, "targeted refresh done");
    return outcome;
  }

  /**
   * Null when a call may be spent; otherwise why not: in a long quota window at its reserve the
   * refresh leaves its targets to the next delta after the reset; a short window is waited out.
   */
  private async holdAtReserve(integration: IntegrationRecord, signal: AbortSignal): Promise<string | null> {
    for (;;) {
      const quota = this.runtime.budget.snapshot();
      if (quota.limit === null) return null;
      const reserve = integration.settings.quotaReserve ?? Math.ceil(quota.limit * 0.05);
      const wait = windowWait(quota, this.clock.now(), reserve);
      if (wait === 0) return null;
      if (wait === "long") return "vendor call quota down to the reserve kept for writes";
      await this.clock.sleep(wait, signal);
    }
  }

  /**
   * One model's targets: a scoped read of exactly those vendor keys (with the records it feeds),
   * committed page by page; stored records the vendor no longer answers for are deleted only when
   * `confirmGone` confirms it (otherwise the next deletion scan decides). In created-only mode
   * only tracked candidates and applications are refreshed.
   */
  private async refreshModel(
    ctx: {
      integration: IntegrationRecord;
      connector: ConnectorDefinition<unknown>;
      session: ConnectorSession;
      fields: FieldProjection;
      signal: AbortSignal;
      outcome: RefreshOutcome;
    },
    model: ModelKey,
    requested: readonly string[],
  ): Promise<void> {
    const integrationId = ctx.integration.id;
    const coverage = ctx.connector.coverage.models;
    if (coverage[model] === undefined || coverage[model].fedBy !== undefined) return;
    const ids = await this.inScope(ctx, model, requested);
    if (ids.length === 0) return;
    const seen = new Set<string>();
    for await (const page of ctx.session.read(model, { scope: ids, signal: ctx.signal })) {
      for (const r of page.records) seen.add(r.remote_id);
      await this.commitPage(ctx.fields, integrationId, model, page);
      ctx.outcome.refreshed[model] = (ctx.outcome.refreshed[model] ?? 0) + page.records.length;
    }
    const unseen = ids.filter((id) => !seen.has(id));
    const stored = unseen.length === 0 ? [] : await this.storedIds(integrationId, model, unseen);
    if (stored.length === 0 || !ctx.session.confirmGone) return;
    let gone: string[];
    try {
      gone = await ctx.session.confirmGone(model, stored, { signal: ctx.signal });
    } catch (error) {
      if (isAtsyncError(error) && error.kind === "unsupported") return;
      throw error;
    }
    const deletions = gone
      .filter((id) => stored.includes(id))
      .map((id) => unifiedId(integrationId, model, id));
    if (deletions.length === 0) return;
    const result = await this.storage.commitPage({
      integrationId,
      model,
      records: [],
      deletions,
      at: this.clock.now().toISOString(),
    });
    ctx.outcome.deleted += result.deleted;
  }

  /** The requested keys a refresh may read: in created-only mode, of tracked models only the tracked ones. */
  private async inScope(
    ctx: { integration: IntegrationRecord; connector: ConnectorDefinition<unknown> },
    model: ModelKey,
    requested: readonly string[],
  ): Promise<string[]> {
    const createdOnly =
      ctx.connector.capabilities.createdApplicationsOnly &&
      ctx.integration.settings.createdApplicationsOnly !== false;
    if (!createdOnly || !TRACKED_MODELS.includes(model)) return [...requested];
    const tracked = new Set(
      (await this.storage.syncState.listTracked(ctx.integration.id, model)).map((e) => e.remote_id),
    );
    return requested.filter((id) => tracked.has(id));
  }

  /** Commits one page of a scoped read: the models it feeds first, then its own records and gone-markers. */
  private async commitPage(
    fields: FieldProjection,
    integrationId: string,
    model: ModelKey,
    page: RecordPage,
  ): Promise<void> {
    const models = [...Object.keys(page.related ?? {}), ...Object.keys(page.gone ?? {})] as ModelKey[];
    for (const m of [...new Set(models.filter((m) => m !== model)), model]) {
      const remote = m === model ? page.records : (page.related?.[m] ?? []);
      const deletions = (page.gone?.[m] ?? []).map((g) => unifiedId(integrationId, m, g.remote_id));
      if (remote.length === 0 && deletions.length === 0) continue;
      const records = await fields.project(
        m,
        remote.map((r) => toRecordInput(integrationId, m, r)),
      );
      await this.storage.commitPage({
        integrationId,
        model: m,
        records,
        deletions,
        at: this.clock.now().toISOString(),
      });
    }
  }

  /** Of `remoteIds`, those stored and not deleted for `model`. */
  private async storedIds(
    integrationId: string,
    model: ModelKey,
    remoteIds: readonly string[],
  ): Promise<string[]> {
    const ids = remoteIds.map((r) => unifiedId(integrationId, model, r));
    const records = await this.storage.records.getMany(integrationId, model, ids);
    return records.filter((r) => r.remote_deleted_at === null).map((r) => r.remote_id);
  }
}
