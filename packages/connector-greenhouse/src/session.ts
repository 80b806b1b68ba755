import {
  type ConnectorActions,
  type ConnectorContext,
  type ConnectorSession,
  type ModelDispatch,
  type ModelKey,
  modelDispatch,
  type PassthroughCall,
  type PassthroughResult,
  type ReadOptions,
  type RecordPage,
} from "@atsync/core/connector";
import { attachmentActions } from "./actions/attachments.js";
import type { ActionDeps } from "./actions/context.js";
import { createActions } from "./actions/create.js";
import { moveActions } from "./actions/move.js";
import { noteActions } from "./actions/notes.js";
import { rejectActions } from "./actions/reject.js";
import { tagActions } from "./actions/tags.js";
import { text } from "./api/harvest-json.js";
import { labelsById, nameOf } from "./api/lookups.js";
import {
  DEFAULT_API_URL,
  DEFAULT_TOKEN_URL,
  type GreenhouseCredentials,
  type GreenhouseSettings,
} from "./credentials.js";
import { HarvestClient } from "./http/client.js";
import { VENDOR } from "./http/errors.js";
import { mapApplication } from "./mappers/applications.js";
import { mapCandidate } from "./mappers/candidates.js";
import { mapJobPosting } from "./mappers/job-postings.js";
import { mapJob } from "./mappers/jobs.js";
import { mapStage } from "./mappers/stages.js";
import { mapUser } from "./mappers/users.js";
import { forwardPassthrough } from "./passthrough.js";
import { harvestReader, type ModelReader } from "./readers/resource-reader.js";

/**
 * One Greenhouse integration's session: a Harvest v3 client with the credential's bearer token, a
 * reader per covered model (each one Harvest list endpoint), the write actions and passthrough.
 * Opening it makes no call.
 */
export class GreenhouseSession implements ConnectorSession {
  /** The supported write actions (all of the unified set but result links). */
  readonly actions: Partial<ConnectorActions>;
  private readonly client: HarvestClient;
  private readonly reader: ModelDispatch<ModelReader>;

  constructor(
    private readonly ctx: ConnectorContext,
    credentials: GreenhouseCredentials,
    settings: GreenhouseSettings,
  ) {
    this.client = new HarvestClient(ctx, {
      apiBase: credentials.apiUrl ?? DEFAULT_API_URL,
      tokenUrl: credentials.tokenUrl ?? DEFAULT_TOKEN_URL,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      actingUserId: settings.actingUserId,
    });
    const client = this.client;
    const { appUrl, perPage } = settings;
    const reader = (model: Parameters<typeof harvestReader>[1]) => harvestReader(client, model, perPage);
    this.reader = modelDispatch<ModelReader>(VENDOR, {
      users: reader({ resource: "users", prepare: async () => mapUser }),
      application_stages: reader({ resource: "job_interview_stages", prepare: async () => mapStage }),
      jobs: reader({
        resource: "jobs",
        prepare: async (signal) => {
          const [departments, offices] = await Promise.all([
            labelsById(client, "departments", nameOf, {}, signal),
            labelsById(client, "offices", (row) => text(row.location) ?? text(row.name), {}, signal),
          ]);
          return (row) => mapJob(row, { departments, offices, appUrl });
        },
      }),
      job_postings: reader({ resource: "job_posts", prepare: async () => mapJobPosting }),
      candidates: reader({ resource: "candidates", prepare: async () => (row) => mapCandidate(row, appUrl) }),
      applications: reader({
        resource: "applications",
        prepare: async (signal) => {
          const rejectionReasons = await labelsById(
            client,
            "rejection_reasons",
            nameOf,
            { include_defaults: "true" },
            signal,
          );
          return (row) => mapApplication(row, { rejectionReasons, appUrl });
        },
      }),
    });
    const deps: ActionDeps = { client, appUrl, actingUserId: settings.actingUserId, signal: ctx.signal };
    this.actions = {
      ...createActions(deps),
      ...attachmentActions(deps),
      ...moveActions(deps),
      ...rejectActions(deps),
      ...noteActions(deps),
      ...tagActions(deps),
    };
  }

  /** `GET /v3/users?per_page=1`: proves the credential (token request included) and the API base. */
  async check(): Promise<void> {
    await this.client.page(this.client.url("users", { per_page: "1" }));
  }

  /** Streams a model's records (see `harvestReader`). */
  async *read(model: ModelKey, options: ReadOptions = {}): AsyncGenerator<RecordPage> {
    yield* this.reader(model).read({
      since: options.since ?? null,
      scope: options.scope ?? null,
      resume: options.resume ?? null,
      signal: options.signal,
    });
  }

  /** Every vendor key of a model, in pages (`fields=id`, 500 per page). */
  async *listRemoteIds(
    model: ModelKey,
    options: { scope?: readonly string[]; signal?: AbortSignal } = {},
  ): AsyncGenerator<string[]> {
    yield* this.reader(model).listIds(options.scope ?? null, options.signal);
  }

  /** Which of `remoteIds` Harvest no longer lists (`ids=` look-ups, 50 per call). */
  async confirmGone(
    model: ModelKey,
    remoteIds: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<string[]> {
    return this.reader(model).confirmGone(remoteIds, options.signal);
  }

  /** Forwards a path-only request under the Harvest v3 base (a bound function: callers may detach it). */
  readonly passthrough = (call: PassthroughCall): Promise<PassthroughResult> =>
    forwardPassthrough(this.client, call, this.ctx.signal);
}
