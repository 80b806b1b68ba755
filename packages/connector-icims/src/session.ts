import {
  type ConnectorActions,
  type ConnectorContext,
  type ConnectorSession,
  type DiscoveredField,
  type ModelDispatch,
  type ModelKey,
  modelDispatch,
  type PassthroughCall,
  type PassthroughResult,
  type ReadOptions,
  type RecordPage,
} from "@atsync/core/connector";
import { applyActions } from "./actions/apply-to-job.js";
import { attachmentActions } from "./actions/attachments.js";
import type { ActionDeps } from "./actions/types.js";
import { workflowActions } from "./actions/workflow-actions.js";
import { formatSearchDateTime } from "./api/dates.js";
import { type IcimsCredentials, type IcimsSettings, resolveEndpoints } from "./credentials.js";
import { ProfileSchemas } from "./decisions/custom-fields.js";
import { IcimsClient } from "./http/client.js";
import { APPLICATION_FIELDS, mapApplication } from "./mappers/applications.js";
import { integrationFieldId } from "./mappers/integration-fields.js";
import { forwardPassthrough } from "./passthrough.js";
import { candidatesModel } from "./readers/candidates-reader.js";
import { confirmGone } from "./readers/confirm-gone.js";
import { fedReader } from "./readers/fed-reader.js";
import { jobsModel } from "./readers/jobs-reader.js";
import { postingsReader } from "./readers/postings-reader.js";
import { ProfileCache } from "./readers/profile-cache.js";
import { eachProfile, profileReader } from "./readers/profile-reader.js";
import { screeningQuestionsReader } from "./readers/screening-questions-reader.js";
import { stagesReader } from "./readers/stages-reader.js";
import { StatusBins } from "./readers/status-bins.js";
import type { ModelReader, ReaderDeps } from "./readers/types.js";

const MINUTE_MS = 60_000;

/**
 * One iCIMS integration's session: a `got` client with the tenant's authentication, a reader per
 * covered model, the write actions and passthrough. Opening it makes no call.
 */
export class IcimsSession implements ConnectorSession {
  /** The write actions: the seven iCIMS covers (no reject, notes or tags: see coverage). */
  readonly actions: Partial<ConnectorActions>;
  private readonly client: IcimsClient;
  private readonly reader: ModelDispatch<ModelReader>;
  private readonly deps: ReaderDeps;

  constructor(
    private readonly ctx: ConnectorContext,
    credentials: IcimsCredentials,
    settings: IcimsSettings,
  ) {
    this.client = new IcimsClient(ctx, resolveEndpoints(credentials));
    const deps: ReaderDeps = {
      client: this.client,
      settings: {
        concurrency: settings.maxConcurrency,
        statusListId: settings.statusListId,
        screeningQuestionListId: settings.screeningQuestionListId,
        portals: settings.portals,
        loginGroupIds: settings.loginGroupIds,
      },
      prefetched: new ProfileCache(ctx.clock),
      schemas: new ProfileSchemas(this.client, ctx.logger, ctx.clock),
    };
    const bins = new StatusBins(this.client, ctx.clock, settings.statusListId);
    const jobs = profileReader(deps, jobsModel(deps));
    this.reader = modelDispatch<ModelReader>("iCIMS", {
      users: fedReader(jobs, "users"),
      application_stages: stagesReader(deps, bins),
      jobs,
      job_postings: postingsReader(deps),
      screening_questions: screeningQuestionsReader(deps),
      job_screening_questions: fedReader(jobs, "job_screening_questions"),
      job_hiring_team_members: fedReader(jobs, "job_hiring_team_members"),
      candidates: profileReader(deps, candidatesModel(deps)),
      applications: profileReader(deps, {
        type: "applicantworkflows",
        fields: async () => APPLICATION_FIELDS,
        pager: async (request) => {
          const binOf = await bins.lookup(request.signal);
          return eachProfile((id, json) => mapApplication(id, json, binOf, request.windowEnd));
        },
      }),
    });
    this.deps = deps;
    const actionDeps: ActionDeps = { client: this.client, bins, signal: ctx.signal, schemas: deps.schemas };
    this.actions = {
      ...applyActions(actionDeps),
      ...attachmentActions(actionDeps),
      ...workflowActions(actionDeps, () => ctx.clock.now()),
    };
  }

  /** `GET /customers/{customerId}` (the tenant root): proves credentials, region and customer id. */
  async check(): Promise<void> {
    await this.client.getJson("");
  }

  /**
   * Streams a model's records (see the readers). `since` is formatted as an iCIMS search date
   * (an invalid Date throws `PLATFORM.INPUT_INVALID` rather than reaching iCIMS, which would ignore
   * it and return everything).
   */
  async *read(model: ModelKey, options: ReadOptions = {}): AsyncGenerator<RecordPage> {
    const reader = this.reader(model);
    const since = options.since ?? null;
    const until = options.until ?? null;
    if (since !== null) formatSearchDateTime(since);
    if (until !== null) formatSearchDateTime(until, "until");
    const now = this.ctx.clock.now().getTime();
    // Only a delta stamps what it finds with its window's end: a window of a full read newest
    // first is part of a full read, whose records carry no such stamp.
    const delta = since !== null && until === null;
    yield* reader.read({
      since,
      until,
      alreadyRead: until !== null ? (options.alreadyRead ?? new Set()) : new Set(),
      windowEnd: delta ? new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS) : null,
      scope: options.scope ? new Set(options.scope) : null,
      resume: options.resume ?? null,
      signal: options.signal,
      stored: options.stored ?? null,
    });
  }

  /**
   * The tenant's custom fields of jobs and candidates (people) as the Schema API names them (the
   * same discovery the reads use, once per session), with the ids and titles the records'
   * `integration_fields` carry.
   */
  async describeFields(options: { signal?: AbortSignal } = {}): Promise<DiscoveredField[]> {
    const described: DiscoveredField[] = [];
    for (const [type, model] of [
      ["jobs", "jobs"],
      ["people", "candidates"],
    ] as const) {
      const { custom, labels } = await this.deps.schemas.fields(type, options.signal);
      for (const key of custom) {
        described.push({
          id: integrationFieldId(type, key),
          model,
          key,
          type: "CUSTOM",
          label: labels.get(key) ?? null,
        });
      }
    }
    return described;
  }

  /** Which of `remoteIds` are no longer records of `model`, one by one (see `confirmGone`). */
  async confirmGone(
    model: ModelKey,
    remoteIds: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<string[]> {
    this.reader(model);
    return confirmGone(this.deps, model, remoteIds, options.signal);
  }

  /** Every vendor key of a model, in pages (id-only searches where iCIMS allows). */
  async *listRemoteIds(
    model: ModelKey,
    options: { scope?: readonly string[]; signal?: AbortSignal } = {},
  ): AsyncGenerator<string[]> {
    yield* this.reader(model).listIds({
      scope: options.scope ? new Set(options.scope) : null,
      signal: options.signal,
    });
  }

  /**
   * Forwards a path-only request to `https://<host>/customers/{customerId}` with auth injected
   * (a bound function: callers may detach it).
   */
  readonly passthrough = (call: PassthroughCall): Promise<PassthroughResult> =>
    forwardPassthrough(this.client, call, this.ctx.signal);
}
