import {
  ACTION_DEFINITIONS,
  type ActionDefinition,
  callOfHostArguments,
  type HostActions,
} from "../actions/action-definitions.js";
import type { ActionService } from "../actions/action-service.js";
import { ACTION_KEYS } from "../connector/definition.js";
import type { ConnectorRegistry } from "../connector/registry.js";
import type { ReadListOptions } from "../read/read-service.js";
import type { ReadQueryInput, ReadResource, ReadResult } from "../read/resources.js";
import type { IntegrationStore } from "../storage/integrations.js";
import type { ListPage } from "../storage/records.js";
import { requireIntegration } from "../storage/require-integration.js";

/** Kombo read resources atsync serves from storage (`READ_RESOURCES`). */
export type KomboResource = ReadResource;

/**
 * A page of Kombo-shaped results (`results` in ascending id order), the cursor of the next
 * page (`next`, null on the last; pass it back as `cursor`) and Kombo's `warnings` (the HTTP
 * answer's top-level `warnings`: e.g. unsupported filters, see `ReadListOptions.coverage`).
 */
export type KomboPage<T> = ListPage<T> & { warnings: { message: string }[] };

/** Serves Kombo-shaped reads from storage (implemented by `ReadService`). */
export interface KomboReader {
  /**
   * A page of `resource` for Kombo's query parameters (strings as over HTTP, or typed values),
   * each result typed as `ReadResult<resource>`. With `coverage`, filters on fields the connector
   * does not cover follow Kombo's `ignore_unsupported_filters` semantics.
   */
  list<R extends ReadResource>(
    integrationId: string,
    resource: R,
    query?: ReadQueryInput<R>,
    options?: ReadListOptions,
  ): Promise<KomboPage<ReadResult<R>>>;
  /** One record of `resource` in Kombo's shape, or null when the integration has none with that id. */
  get<R extends ReadResource>(integrationId: string, resource: R, id: string): Promise<ReadResult<R> | null>;
}

/**
 * List/get of one resource, typed by its result shape (`ReadResults[R]`: the unified model's
 * fields as inferred from its zod schema, plus Kombo's nested members), so hosts need no casts.
 */
export interface ResourceReader<R extends ReadResource> {
  /**
   * A page; `query` takes Kombo's parameters for the resource (common ones plus its filters,
   * typed values or HTTP strings). Throws `PLATFORM.INPUT_INVALID` naming bad parameters.
   */
  list(query?: ReadQueryInput<R>): Promise<KomboPage<ReadResult<R>>>;
  /** One record by unified id (a deleted one with `remote_deleted_at` set), or null. */
  get(id: string): Promise<ReadResult<R> | null>;
}

/** The unified API of one integration (`atsync.ats(integrationId)`). */
export interface AtsApi {
  /** Jobs with stages, screening questions, postings and hiring team (`JobResult`). */
  jobs: ResourceReader<"jobs">;
  /** Candidates with applications (`CandidateResult`). */
  candidates: ResourceReader<"candidates">;
  /** Applications with candidate, current stage and job (`ApplicationResult`). */
  applications: ResourceReader<"applications">;
  /** Application stages (`ApplicationStageResult`). */
  applicationStages: ResourceReader<"application-stages">;
  /** ATS users (`UserResult`). */
  users: ResourceReader<"users">;
  /**
   * Write actions (Kombo's write endpoints): one method per `ACTION_DEFINITIONS` entry, named by
   * its `hostMethod` (`createApplication(jobId, body, options?)`, `getCandidateAttachments(candidateId)`, …).
   */
  actions: HostActions;
}

/**
 * Builds `atsync.ats(integrationId)`. Reads answer `PLATFORM.INTEGRATION_NOT_FOUND` for an
 * unknown integration, `INTEGRATION.INACTIVE` for a disabled one and
 * `INTEGRATION.SETUP_SYNC_PENDING` until its first full sync has completed setup (docs/architecture.md,
 * decision 22: at its end, or earlier once the newest records of a large tenant are stored).
 */
export function createAtsApi(
  integrationId: string,
  integrations: IntegrationStore,
  connectors: ConnectorRegistry,
  reader: KomboReader,
  actions: ActionService,
): AtsApi {
  const ready = async () => {
    const integration = await requireIntegration(integrations, integrationId, {
      enabled: true,
      synced: true,
    });
    return connectors.get(integration.tool).coverage;
  };

  const resource = <R extends ReadResource>(name: R): ResourceReader<R> => ({
    list: async (query) => {
      const coverage = await ready();
      return reader.list(integrationId, name, query, { coverage });
    },
    get: async (id) => {
      await ready();
      return reader.get(integrationId, name, id);
    },
  });
  return {
    jobs: resource("jobs"),
    candidates: resource("candidates"),
    applications: resource("applications"),
    applicationStages: resource("application-stages"),
    users: resource("users"),
    actions: Object.fromEntries(
      ACTION_KEYS.map((key) => {
        const definition: ActionDefinition = ACTION_DEFINITIONS[key];
        const method = (...args: unknown[]) =>
          actions.perform(integrationId, key, callOfHostArguments(definition, args));
        return [definition.hostMethod, method];
      }),
    ) as HostActions,
  };
}
