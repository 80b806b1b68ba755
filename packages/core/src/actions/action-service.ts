import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Clock } from "../clock.js";
import {
  type ActionProgress,
  type ActionResult,
  type AttachmentFile,
  type CandidateAttachments,
  type ConnectorActions,
  type CreateActionInput,
  type CreatedRemote,
  isActionIncomplete,
} from "../connector/actions.js";
import { toRecordInput } from "../connector/remote-record.js";
import { AtsyncError, inputInvalid, isAtsyncError, parseInput } from "../errors.js";
import type { AtsyncEvents } from "../events/events.js";
import { unifiedId } from "../ids.js";
import type { AttachmentInput } from "../model/actions.js";
import { MODEL_KEYS, type ModelKey } from "../model/common.js";
import type { GuardedFetcher } from "../net/guarded-fetch.js";
import type { IntegrationRuntime } from "../runtime/integration-runtime.js";
import { canonicalJson } from "../storage/encoding.js";
import type { ActionOutcome } from "../storage/ledger.js";
import { requireIntegration } from "../storage/require-integration.js";
import type { AtsyncStorage } from "../storage/storage.js";
import type { TrackedEntry } from "../storage/sync-state.js";
import { TRACKED_MODELS } from "../sync/engine.js";
import { FieldProjection } from "../sync/field-projection.js";
import { flushChanges } from "../webhooks/delivery.js";
import {
  ACTION_DEFINITIONS,
  type ActionCall,
  type ActionDefinition,
  type ActionKey,
  type ActionResolver,
  type ActionTarget,
  type CreateAtJobAction,
  type CreateBodySchema,
} from "./action-definitions.js";
import { attachmentFile } from "./attachment-files.js";

/** Longest vendor key accepted in Kombo's `remote:<key>` form. */
const MAX_REMOTE_KEY_LENGTH = 200;

/** Ledger keys holding the progress of interrupted creates (`<prefix><fingerprint>`), apart from callers' keys. */
const PROGRESS_KEY_PREFIX = "atsync:progress:";

/** What the ledger keeps for an interrupted create. */
interface StoredProgress {
  progress: ActionProgress;
  created: CreatedRemote[];
}

/** Kombo's success envelope of a write action. */
export interface ActionResponse {
  /** Always `success`. */
  status: "success";
  /** The created record in Kombo's read shape, `{}` for actions that return nothing, or attachment results. */
  data: unknown;
  /** Notes for the caller's logs. */
  warnings: { message: string }[];
}

/** Reads a record in Kombo's nested read shape (the read service), or null. */
export type KomboRecordReader = (
  integrationId: string,
  resource: "applications" | "candidates",
  id: string,
) => Promise<unknown>;

/** Options of one action call. */
export interface ActionCallOptions {
  /**
   * Kombo's `Idempotency-Key`: a repeat with the same key and the same request returns the first
   * outcome without calling the vendor again; the same key with a different request is refused.
   * Only successes are kept: a failed call frees the key for a retry.
   */
  idempotencyKey?: string;
}

/**
 * Performs write actions (docs/embedding.md, "Write"): validates input with the action's schema (every issue
 * listed), checks coverage, resolves unified ids to vendor keys (a `remote:<key>` must be a plain
 * key), fetches every attachment (`data_url` through the guarded fetcher) before the connector
 * writes anything, replays idempotent repeats, calls the connector, writes the created/changed
 * records through to storage at once (and adds created candidates/applications to the tracked
 * set), and answers in Kombo's envelope. A create interrupted after some vendor writes
 * (`ActionIncompleteError`) is tracked and remembered, so the same request completes it.
 */
export class ActionService {
  constructor(
    private readonly storage: AtsyncStorage,
    private readonly clock: Clock,
    private readonly runtimeOf: (integrationId: string) => IntegrationRuntime,
    private readonly readKombo: KomboRecordReader,
    private readonly fetcher: GuardedFetcher,
    private readonly events: AtsyncEvents,
  ) {}

  /**
   * Performs `action` as its `ACTION_DEFINITIONS` entry describes: the coverage and idempotency
   * checks, then the body parsed with the entry's schema (refusals name the field), then its kind's
   * path — a create at a job, a change of records, or a live read of attachments.
   */
  perform(integrationId: string, action: ActionKey, call: ActionCall): Promise<ActionResponse> {
    const definition: ActionDefinition = ACTION_DEFINITIONS[action];
    const targetId = call.targetId ?? "";
    const path: Record<string, string> = definition.target ? { [definition.target.param]: targetId } : {};
    const reads = definition.kind === "read";
    const body = reads ? null : call.body;
    return this.guarded(integrationId, action, path, body, reads ? {} : (call.options ?? {}), async (ctx) => {
      const resolve = this.resolver(integrationId, definition.target, targetId, ctx.signal);
      const handler = ctx.handler(action) as unknown as (input: unknown) => Promise<unknown>;
      if (definition.kind === "read") {
        const answer = (await handler(await definition.handlerInput(resolve))) as CandidateAttachments;
        return this.attachmentsAnswer(integrationId, targetId, answer);
      }
      const input = parseInput(definition.input, body, `${action.replaceAll("_", " ")} request`);
      if (definition.kind === "change") {
        const result = (await handler(await definition.handlerInput(input, resolve))) as ActionResult;
        await this.writeThrough(integrationId, result, null);
        return { data: {}, result };
      }
      const created = input as z.output<CreateBodySchema>; // parsed with this create entry's schema
      const result = await this.createAtJob(integrationId, ctx, handler, definition, created, path);
      const createdId = await this.writeThrough(integrationId, result, definition.creates);
      const data = createdId ? await this.created(integrationId, definition.creates, createdId) : {};
      return { data, result };
    });
  }

  /** Kombo's answer of a candidate's attachments: each with its unified id and the candidate's id as asked. */
  private attachmentsAnswer(integrationId: string, candidateId: string, answer: CandidateAttachments) {
    const results = answer.attachments.map((a) => ({
      id: unifiedId(integrationId, "attachments", a.remote_id),
      application_id: null,
      candidate_id: candidateId,
      ...a,
    }));
    return { data: { results }, result: { warnings: answer.warnings } };
  }

  /** The resolver an action's entry uses for one call (see `ActionResolver`); `target` names the path's record. */
  private resolver(
    integrationId: string,
    target: ActionTarget | null,
    targetId: string,
    signal: AbortSignal,
  ): ActionResolver {
    const targetOf = () => {
      if (!target) throw new Error("This action's path names no record");
      return target;
    };
    return {
      targetRemoteId: () => this.remoteIdOf(integrationId, targetOf().model, targetId, targetOf().param),
      targetRecord: () => this.recordOf(integrationId, targetOf().model, targetId, targetOf().param),
      remoteId: (model, id, field) => this.remoteIdOf(integrationId, model, id, field),
      unmodelledRemoteId: (id, field) =>
        safeRemoteKey(id.startsWith("remote:") ? id.slice("remote:".length) : id, field),
      storedRecord: (model, remoteId) =>
        this.storage.records.get(integrationId, model, unifiedId(integrationId, model, remoteId)),
      stageRemoteId: (stageId, field, jobId) => this.stageRemoteId(integrationId, stageId, field, jobId),
      attachment: (attachment, field) => attachmentFile(this.fetcher, attachment, field, signal),
    };
  }

  /** A created record's answer: Kombo's read shape of it, an application with its candidate in full. */
  private created(integrationId: string, model: "applications" | "candidates", id: string): Promise<unknown> {
    return model === "applications"
      ? this.createdApplication(integrationId, id)
      : this.readKombo(integrationId, model, id);
  }

  /**
   * Kombo's create-application answer: the application's read shape with its candidate in full
   * (the candidate read shape without its own applications list).
   */
  private async createdApplication(integrationId: string, applicationId: string): Promise<unknown> {
    const application = (await this.readKombo(integrationId, "applications", applicationId)) as {
      candidate_id?: string | null;
    } | null;
    if (!application?.candidate_id) return application ?? {};
    const candidate = (await this.readKombo(integrationId, "candidates", application.candidate_id)) as Record<
      string,
      unknown
    > | null;
    if (!candidate) return application;
    const { applications: _applications, ...fullCandidate } = candidate;
    return { ...application, candidate: fullCandidate };
  }

  /** Coverage check, idempotency ledger and envelope around one action. */
  private async guarded(
    integrationId: string,
    action: ActionKey,
    params: Record<string, string>,
    body: unknown,
    options: ActionCallOptions,
    run: (ctx: ActionContext) => Promise<{ data: unknown; result: Pick<ActionResult, "warnings"> }>,
  ): Promise<ActionResponse> {
    const runtime = this.runtimeOf(integrationId);
    const integration = await requireIntegration(this.storage.integrations, integrationId, { enabled: true });
    const connector = await runtime.connector();
    if (connector.coverage.actions[action]?.supported !== true) {
      const note = connector.coverage.actions[action]?.notes;
      throw new AtsyncError(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
        `${connector.name} does not support ${action.replaceAll("_", " ")}${note ? `: ${note}` : ""}`,
        { integrationId },
      );
    }
    const key = options.idempotencyKey;
    const fingerprint = createHash("sha256").update(canonicalJson({ action, params, body })).digest("hex");
    if (key !== undefined) {
      const reserved = await this.storage.actionLedger.reserve(integrationId, key, fingerprint, this.now());
      if (reserved.state === "completed") return reserved.outcome.body as ActionResponse;
      if (reserved.state === "mismatch") {
        throw inputInvalid("request", [
          { path: "Idempotency-Key", message: "was already used with a different request" },
        ]);
      }
      if (reserved.state === "in_progress") {
        throw new AtsyncError(
          "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED",
          "A request with this Idempotency-Key is still running",
        );
      }
    }
    try {
      const session = await runtime.session();
      const ctx: ActionContext = {
        signal: runtime.signal,
        resumable: (call) => this.resumable(integrationId, fingerprint, call),
        handler: (name) => {
          const handler = session.actions[name];
          if (!handler)
            throw new AtsyncError(
              "INTEGRATION.ACTION_NOT_AVAILABLE",
              `${connector.name} has no ${name} handler`,
            );
          return handler;
        },
        sourceName: (requested) =>
          connector.capabilities.sourceWriting
            ? (requested ?? integration.settings.sourceName ?? null)
            : null,
      };
      const { data, result } = await run(ctx);
      const response: ActionResponse = {
        status: "success",
        data,
        warnings: result.warnings.map((message) => ({ message })),
      };
      if (key !== undefined) {
        const outcome: ActionOutcome = { status: 200, body: response };
        await this.storage.actionLedger.complete(integrationId, key, outcome);
      }
      return response;
    } catch (error) {
      if (key !== undefined) await this.storage.actionLedger.release(integrationId, key);
      throw error;
    }
  }

  /**
   * Writes an action's records through to storage (models in dependency order) with the
   * integration's field configuration applied as a sync applies it (`FieldProjection`: only
   * passthrough-enabled `integration_fields`, the mapped `custom_fields`), tracks the
   * created candidates/applications and sends `data-changed` for what changed (the inputs are
   * committed with the records, so a crash here only delays it). Returns the unified id of the
   * first record of `primary`.
   */
  private async writeThrough(
    integrationId: string,
    result: ActionResult,
    primary: ModelKey | null,
  ): Promise<string | null> {
    const at = this.now();
    let primaryId: string | null = null;
    const created: CreatedRemote[] = [];
    let fields: FieldProjection | null = null;
    for (const model of MODEL_KEYS) {
      const remote = result.records
        .filter((r) => r.model === model)
        .map((r) => toRecordInput(integrationId, model, r.record));
      if (remote.length === 0) continue;
      fields ??= await FieldProjection.load(this.storage.fields, integrationId);
      const records = await fields.project(model, remote);
      await this.storage.commitPage({ integrationId, model, records, at });
      if (model === primary) primaryId ??= records[0]?.id ?? null;
      if (primary !== null) for (const r of records) created.push({ model, remote_id: r.remote_id });
    }
    await this.track(integrationId, created);
    await flushChanges(this.storage.webhooks, this.events, integrationId);
    return primaryId;
  }

  /** Adds the created candidates/applications among `created` to the tracked set. */
  private async track(integrationId: string, created: readonly CreatedRemote[]): Promise<void> {
    const at = this.now();
    const tracked: TrackedEntry[] = created
      .filter((c) => TRACKED_MODELS.includes(c.model))
      .map((c) => ({ model: c.model, remote_id: c.remote_id, tracked_at: at, origin: "created" }));
    if (tracked.length > 0) await this.storage.syncState.track(integrationId, tracked);
  }

  /**
   * The creates' shared path: resolves the job and stage the entry's `placement` names (refusals
   * name their `field`), fetches the attachments, then runs the create handler with the body
   * without its attachments and any earlier attempt's progress — everything that can fail before
   * the first vendor write comes first.
   */
  private async createAtJob(
    integrationId: string,
    ctx: ActionContext,
    handler: (input: CreateActionInput<object>) => Promise<unknown>,
    definition: CreateAtJobAction,
    input: z.output<CreateBodySchema>,
    path: Record<string, string>,
  ): Promise<ActionResult> {
    const { job, stage, source } = definition.placement(input, path);
    const { attachments: attachmentInputs, ...body } = input;
    const job_remote_id = await this.remoteIdOf(integrationId, "jobs", job.id, job.field);
    const stage_remote_id = stage.id
      ? await this.stageRemoteId(
          integrationId,
          stage.id,
          stage.field,
          unifiedId(integrationId, "jobs", job_remote_id),
        )
      : null;
    const attachments = await this.attachmentFiles(attachmentInputs, ctx.signal);
    const source_name = ctx.sourceName(source);
    return ctx.resumable(
      async (progress) =>
        (await handler({
          body,
          attachments,
          job_remote_id,
          stage_remote_id,
          source_name,
          progress,
        })) as ActionResult,
    );
  }

  /** The body's attachments in hand, in order (`attachments.<i>` named in refusals). */
  private attachmentFiles(
    attachments: AttachmentInput[] | undefined,
    signal: AbortSignal,
  ): Promise<AttachmentFile[]> {
    return Promise.all(
      (attachments ?? []).map((a, i) => attachmentFile(this.fetcher, a, `attachments.${i}`, signal)),
    );
  }

  /**
   * Runs a multi-step create with the progress an earlier interrupted attempt with the same
   * request (`fingerprint`) left, kept in the action ledger under an internal key. Success drops
   * the progress; an `ActionIncompleteError` tracks what was created, stores the new progress and
   * throws the cause's error naming every record that exists at the vendor. While an identical
   * request holds the key (or one crashed holding it), the call runs without progress and leaves
   * the key alone unless it is interrupted itself.
   */
  private async resumable(
    integrationId: string,
    fingerprint: string,
    call: (progress: ActionProgress | null) => Promise<ActionResult>,
  ): Promise<ActionResult> {
    const ledger = this.storage.actionLedger;
    const key = `${PROGRESS_KEY_PREFIX}${fingerprint}`;
    const reserved = await ledger.reserve(integrationId, key, fingerprint, this.now());
    const earlier = reserved.state === "completed" ? (reserved.outcome.body as StoredProgress) : null;
    const holds = reserved.state === "reserved" || earlier !== null;
    try {
      const result = await call(earlier?.progress ?? null);
      if (holds) await ledger.release(integrationId, key);
      return result;
    } catch (error) {
      if (!isActionIncomplete(error)) {
        if (reserved.state === "reserved") await ledger.release(integrationId, key);
        throw error;
      }
      const created = [...(earlier?.created ?? []), ...error.created].filter(
        (c, i, all) => all.findIndex((o) => o.model === c.model && o.remote_id === c.remote_id) === i,
      );
      await this.track(integrationId, created);
      const stored: StoredProgress = { progress: error.progress, created };
      if (reserved.state !== "mismatch")
        await ledger.complete(integrationId, key, { status: 0, body: stored });
      throw this.incomplete(integrationId, error.cause, created);
    }
  }

  /** The caller's error for an interrupted create: the cause's code, naming what exists at the vendor. */
  private incomplete(integrationId: string, cause: unknown, created: readonly CreatedRemote[]): AtsyncError {
    const records = created.map((c) => ({ ...c, id: unifiedId(integrationId, c.model, c.remote_id) }));
    const list = records
      .map((r) => `${r.model.replace(/s$/, "")} ${r.id} (remote id ${r.remote_id})`)
      .join(", ");
    const message = cause instanceof Error ? cause.message : String(cause);
    const text =
      `${message}. The request is partly done: ${list || "nothing"} exists in the ATS; ` +
      "retry the same request to complete it (nothing is created twice)";
    const base = isAtsyncError(cause) ? cause : null;
    return new AtsyncError(base?.code ?? "REMOTE.UNKNOWN_HTTP_ERROR", text, {
      integrationId,
      cause,
      details: { created: records },
      ...(base?.kind ? { kind: base.kind } : {}),
      ...(base?.retryAfterMs !== undefined ? { retryAfterMs: base.retryAfterMs } : {}),
    });
  }

  /** The stored, non-deleted record with this unified id; `remote:<key>` is not accepted here. */
  private async recordOf(integrationId: string, model: ModelKey, id: string, field: string) {
    const record = await this.storage.records.get(integrationId, model, id);
    if (!record || record.remote_deleted_at !== null) {
      throw inputInvalid("request", [
        { path: field, message: `no ${model.replaceAll("_", " ")} with id ${id}` },
      ]);
    }
    return record;
  }

  /**
   * The vendor key for a unified id, or the key itself for Kombo's `remote:<key>` form; such a key
   * must be safe in a vendor path: no `/`, `\`, `..` (also percent-encoded), no control
   * characters, at most `MAX_REMOTE_KEY_LENGTH` characters (`PLATFORM.INPUT_INVALID` otherwise).
   */
  private async remoteIdOf(
    integrationId: string,
    model: ModelKey,
    id: string,
    field: string,
  ): Promise<string> {
    if (!id.startsWith("remote:") || id.length === "remote:".length) {
      return (await this.recordOf(integrationId, model, id, field)).remote_id;
    }
    return safeRemoteKey(id.slice("remote:".length), field);
  }

  /**
   * The vendor key of a stage (see `remoteIdOf`) an application at job `jobId` may be in: one of
   * the job's own stages or a shared one. A stored stage of another job is refused with
   * `PLATFORM.INPUT_INVALID` naming `field`; an unknown job (null) or an unstored stage is left to
   * the vendor to judge.
   */
  private async stageRemoteId(
    integrationId: string,
    stageId: string,
    field: string,
    jobId: string | null,
  ): Promise<string> {
    const remoteId = await this.remoteIdOf(integrationId, "application_stages", stageId, field);
    if (jobId === null) return remoteId;
    const stage = await this.storage.records.get(
      integrationId,
      "application_stages",
      unifiedId(integrationId, "application_stages", remoteId),
    );
    const owner = stage?.job_id ?? null;
    if (owner !== null && owner !== jobId) {
      throw inputInvalid("request", [
        { path: field, message: `${stageId} is a stage of another job; use one of the job's stages` },
      ]);
    }
    return remoteId;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

interface ActionContext {
  handler<K extends ActionKey>(name: K): ConnectorActions[K];
  sourceName(requested: string | undefined): string | null;
  /** The integration's abort signal (downloads). */
  signal: AbortSignal;
  /** Runs a multi-step create with the progress of an earlier interrupted attempt (see `resumable`). */
  resumable(call: (progress: ActionProgress | null) => Promise<ActionResult>): Promise<ActionResult>;
}

/**
 * A caller's vendor key, checked to be safe in a vendor path: no `/`, `\`, `..` (also
 * percent-encoded), no control characters, at most `MAX_REMOTE_KEY_LENGTH` characters, not
 * empty (`PLATFORM.INPUT_INVALID` naming `field` otherwise).
 */
function safeRemoteKey(key: string, field: string): string {
  const decoded = key.replace(/%(2e|2f|5c)/gi, (m) => decodeURIComponent(m));
  const unsafe =
    key.length === 0 ||
    key.length > MAX_REMOTE_KEY_LENGTH ||
    decoded.includes("..") ||
    [...decoded].some((c) => c === "/" || c === "\\" || c < " " || c === "\u007f");
  if (unsafe) {
    throw inputInvalid("request", [
      {
        path: field,
        message: `a remote:<id> must be at most ${MAX_REMOTE_KEY_LENGTH} characters without /, \\, .. or control characters`,
      },
    ]);
  }
  return key;
}
