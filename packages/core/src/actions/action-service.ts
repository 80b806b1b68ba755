import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Clock } from "../clock.js";
import {
  type ActionProgress,
  type ActionResult,
  type AttachmentFile,
  type ConnectorActions,
  type CreateActionInput,
  type CreatedRemote,
  isActionIncomplete,
} from "../connector/actions.js";
import type { ActionKey } from "../connector/definition.js";
import { toRecordInput } from "../connector/remote-record.js";
import type { IntegrationRuntime } from "../di/integration-runtime.js";
import { AtsyncError, inputInvalid, isAtsyncError, parseInput } from "../errors.js";
import type { AtsyncEvents } from "../events/events.js";
import { unifiedId } from "../ids.js";
import {
  AddAttachmentInputSchema,
  AddResultLinkInputSchema,
  type AttachmentInput,
  CreateApplicationInputSchema,
  CreateCandidateInputSchema,
  MoveApplicationToStageInputSchema,
} from "../model/actions.js";
import { MODEL_KEYS, type ModelKey } from "../model/common.js";
import type { GuardedFetcher } from "../net/guarded-fetch.js";
import { canonicalJson } from "../storage/encoding.js";
import type { ActionOutcome } from "../storage/ledger.js";
import { requireIntegration } from "../storage/require-integration.js";
import type { AtsyncStorage } from "../storage/storage.js";
import type { TrackedEntry } from "../storage/sync-state.js";
import { TRACKED_MODELS } from "../sync/engine.js";
import { FieldProjection } from "../sync/field-projection.js";
import { flushChanges } from "../webhooks/delivery.js";
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

  /** `POST /ats/jobs/{job_id}/applications`: applies a new or email-matched candidate to a job. */
  createApplication(integrationId: string, jobId: string, body: unknown, options: ActionCallOptions = {}) {
    return this.perform(
      integrationId,
      "create_application",
      { job_id: jobId },
      body,
      options,
      async (ctx) => {
        const { attachments, ...input } = parseInput(
          CreateApplicationInputSchema,
          body,
          "create application request",
        );
        const result = await this.createAtJob(integrationId, ctx, ctx.handler("create_application"), {
          body: input,
          attachments,
          job: { id: jobId, field: "job_id" },
          stage: { id: input.stage_id, field: "stage_id" },
          source: input.source?.name,
        });
        const applicationId = await this.writeThrough(integrationId, result, "applications");
        return {
          data: applicationId ? await this.createdApplication(integrationId, applicationId) : {},
          result,
        };
      },
    );
  }

  /** `POST /ats/candidates` (deprecated by Kombo, still served): a candidate with one application. */
  createCandidate(integrationId: string, body: unknown, options: ActionCallOptions = {}) {
    return this.perform(integrationId, "create_candidate", {}, body, options, async (ctx) => {
      const { attachments, ...input } = parseInput(
        CreateCandidateInputSchema,
        body,
        "create candidate request",
      );
      const result = await this.createAtJob(integrationId, ctx, ctx.handler("create_candidate"), {
        body: input,
        attachments,
        job: { id: input.application.job_id, field: "application.job_id" },
        stage: { id: input.application.stage_id, field: "application.stage_id" },
        source: input.source?.name,
      });
      const candidateId = await this.writeThrough(integrationId, result, "candidates");
      return {
        data: candidateId ? await this.readKombo(integrationId, "candidates", candidateId) : {},
        result,
      };
    });
  }

  /** `POST /ats/applications/{id}/attachments`. */
  addApplicationAttachment(
    integrationId: string,
    applicationId: string,
    body: unknown,
    options: ActionCallOptions = {},
  ) {
    const params = { application_id: applicationId };
    return this.change(
      integrationId,
      "add_application_attachment",
      params,
      body,
      options,
      AddAttachmentInputSchema,
      async ({ attachment, ...rest }, signal) => {
        const application = await this.recordOf(
          integrationId,
          "applications",
          applicationId,
          "application_id",
        );
        const candidateId = String(application.candidate_id);
        return {
          body: rest,
          application_remote_id: application.remote_id,
          candidate_remote_id: await this.remoteIdOf(integrationId, "candidates", candidateId, "candidate"),
          attachment: await attachmentFile(this.fetcher, attachment, "attachment", signal),
        };
      },
    );
  }

  /** `POST /ats/candidates/{id}/attachments`. */
  addCandidateAttachment(
    integrationId: string,
    candidateId: string,
    body: unknown,
    options: ActionCallOptions = {},
  ) {
    const params = { candidate_id: candidateId };
    return this.change(
      integrationId,
      "add_candidate_attachment",
      params,
      body,
      options,
      AddAttachmentInputSchema,
      async ({ attachment, ...rest }, signal) => ({
        body: rest,
        candidate_remote_id: await this.remoteIdOf(integrationId, "candidates", candidateId, "candidate_id"),
        attachment: await attachmentFile(this.fetcher, attachment, "attachment", signal),
      }),
    );
  }

  /** `GET /ats/candidates/{id}/attachments` (read live from the vendor, never stored). */
  getCandidateAttachments(integrationId: string, candidateId: string) {
    return this.perform(
      integrationId,
      "get_candidate_attachments",
      { candidate_id: candidateId },
      null,
      {},
      async (ctx) => {
        const candidate_remote_id = await this.remoteIdOf(
          integrationId,
          "candidates",
          candidateId,
          "candidate_id",
        );
        const { attachments, warnings } = await ctx.handler("get_candidate_attachments")({
          candidate_remote_id,
        });
        const results = attachments.map((a) => ({
          id: unifiedId(integrationId, "attachments", a.remote_id),
          application_id: null,
          candidate_id: candidateId,
          ...a,
        }));
        return { data: { results }, result: { records: [], warnings } };
      },
    );
  }

  /** `PUT /ats/applications/{id}/stage`. */
  moveApplicationToStage(
    integrationId: string,
    applicationId: string,
    body: unknown,
    options: ActionCallOptions = {},
  ) {
    const params = { application_id: applicationId };
    return this.change(
      integrationId,
      "move_application_to_stage",
      params,
      body,
      options,
      MoveApplicationToStageInputSchema,
      async (input) => ({
        body: input,
        application_remote_id: await this.remoteIdOf(
          integrationId,
          "applications",
          applicationId,
          "application_id",
        ),
        stage_remote_id: await this.remoteIdOf(
          integrationId,
          "application_stages",
          input.stage_id,
          "stage_id",
        ),
      }),
    );
  }

  /** `POST /ats/applications/{id}/result-links`. */
  addApplicationResultLink(
    integrationId: string,
    applicationId: string,
    body: unknown,
    options: ActionCallOptions = {},
  ) {
    const params = { application_id: applicationId };
    return this.change(
      integrationId,
      "add_application_result_link",
      params,
      body,
      options,
      AddResultLinkInputSchema,
      async (input) => ({
        body: input,
        application_remote_id: await this.remoteIdOf(
          integrationId,
          "applications",
          applicationId,
          "application_id",
        ),
      }),
    );
  }

  /**
   * An action that changes existing records and answers Kombo's `{}`: parses the body with
   * `schema`, builds the handler's arguments (vendor keys resolved, files fetched; `signal` aborts
   * downloads), calls the connector and writes the changed records through.
   */
  private change<K extends ChangeAction, S extends z.ZodType>(
    integrationId: string,
    action: K,
    params: Record<string, string>,
    body: unknown,
    options: ActionCallOptions,
    schema: S,
    args: (input: z.output<S>, signal: AbortSignal) => Promise<Parameters<ConnectorActions[K]>[0]>,
  ): Promise<ActionResponse> {
    return this.perform(integrationId, action, params, body, options, async (ctx) => {
      const input = parseInput(schema, body, `${action.replaceAll("_", " ")} request`);
      const handler = ctx.handler(action) as (a: Parameters<ConnectorActions[K]>[0]) => Promise<ActionResult>;
      const result = await handler(await args(input, ctx.signal));
      await this.writeThrough(integrationId, result, null);
      return { data: {}, result };
    });
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
  private async perform(
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
   * The two creates' shared path: resolves the job and stage (refusals name their `field`),
   * fetches the attachments, then runs the create handler with any earlier attempt's progress —
   * everything that can fail before the first vendor write comes first.
   */
  private async createAtJob<B>(
    integrationId: string,
    ctx: ActionContext,
    handler: (input: CreateActionInput<B>) => Promise<ActionResult>,
    create: {
      body: CreateActionInput<B>["body"];
      attachments: AttachmentInput[] | undefined;
      job: { id: string; field: string };
      stage: { id: string | null | undefined; field: string };
      source: string | undefined;
    },
  ): Promise<ActionResult> {
    const job_remote_id = await this.remoteIdOf(integrationId, "jobs", create.job.id, create.job.field);
    const stage_remote_id = create.stage.id
      ? await this.remoteIdOf(integrationId, "application_stages", create.stage.id, create.stage.field)
      : null;
    const attachments = await this.attachmentFiles(create.attachments, ctx.signal);
    const source_name = ctx.sourceName(create.source);
    return ctx.resumable((progress) =>
      handler({ body: create.body, attachments, job_remote_id, stage_remote_id, source_name, progress }),
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
    const key = id.slice("remote:".length);
    const decoded = key.replace(/%(2e|2f|5c)/gi, (m) => decodeURIComponent(m));
    const unsafe =
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

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** Actions that change existing records and answer `{}`. */
type ChangeAction =
  | "add_application_attachment"
  | "add_candidate_attachment"
  | "move_application_to_stage"
  | "add_application_result_link";

interface ActionContext {
  handler<K extends ActionKey>(name: K): ConnectorActions[K];
  sourceName(requested: string | undefined): string | null;
  /** The integration's abort signal (downloads). */
  signal: AbortSignal;
  /** Runs a multi-step create with the progress of an earlier interrupted attempt (see `resumable`). */
  resumable(call: (progress: ActionProgress | null) => Promise<ActionResult>): Promise<ActionResult>;
}
