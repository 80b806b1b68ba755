import type { ActionCallOptions, ActionResponse, ActionService } from "../actions/action-service.js";
import type { ConnectorCoverage } from "../connector/definition.js";
import type { ConnectorRegistry } from "../connector/registry.js";
import type { IntegrationStore } from "../storage/integrations.js";
import { requireIntegration } from "../storage/require-integration.js";

/** Kombo read resources atsync serves from storage. */
export type KomboResource = "jobs" | "candidates" | "applications" | "application-stages" | "users";

/** A page of Kombo-shaped results. */
export interface KomboPage {
  /** Results in Kombo's nested shape. */
  results: unknown[];
  /** Cursor of the next page, or null on the last. */
  next: string | null;
}

/** Serves Kombo-shaped reads from storage (implemented by `ReadService`). */
export interface KomboReader {
  /**
   * A page of a resource for Kombo's query parameters (strings as over HTTP, or typed values).
   * With `coverage`, filters on fields the connector does not cover follow Kombo's
   * `ignore_unsupported_filters` semantics.
   */
  list(
    integrationId: string,
    resource: KomboResource,
    query: Record<string, unknown>,
    options?: { coverage?: ConnectorCoverage },
  ): Promise<KomboPage>;
  /** One record in Kombo's shape, or null. */
  get(integrationId: string, resource: KomboResource, id: string): Promise<unknown | null>;
}

/** List/get of one resource. */
export interface ResourceReader {
  /** A page; see Kombo's filters for the resource. Throws `PLATFORM.INPUT_INVALID` naming bad parameters. */
  list(query?: Record<string, unknown>): Promise<KomboPage>;
  /** One record by unified id, or null. */
  get(id: string): Promise<unknown | null>;
}

/** The unified API of one integration (`atsync.ats(integrationId)`). */
export interface AtsApi {
  /** Jobs with stages, screening questions, postings and hiring team. */
  jobs: ResourceReader;
  /** Candidates with applications. */
  candidates: ResourceReader;
  /** Applications with candidate, current stage and job. */
  applications: ResourceReader;
  /** Application stages. */
  applicationStages: ResourceReader;
  /** ATS users. */
  users: ResourceReader;
  /** Write actions (Kombo's write endpoints). */
  actions: {
    createApplication(jobId: string, body: unknown, options?: ActionCallOptions): Promise<ActionResponse>;
    createCandidate(body: unknown, options?: ActionCallOptions): Promise<ActionResponse>;
    addApplicationAttachment(
      applicationId: string,
      body: unknown,
      options?: ActionCallOptions,
    ): Promise<ActionResponse>;
    addCandidateAttachment(
      candidateId: string,
      body: unknown,
      options?: ActionCallOptions,
    ): Promise<ActionResponse>;
    getCandidateAttachments(candidateId: string): Promise<ActionResponse>;
    moveApplicationToStage(
      applicationId: string,
      body: unknown,
      options?: ActionCallOptions,
    ): Promise<ActionResponse>;
    addApplicationResultLink(
      applicationId: string,
      body: unknown,
      options?: ActionCallOptions,
    ): Promise<ActionResponse>;
  };
}

/**
 * Builds `atsync.ats(integrationId)`. Reads answer `PLATFORM.INTEGRATION_NOT_FOUND` for an
 * unknown integration, `INTEGRATION.INACTIVE` for a disabled one and
 * `INTEGRATION.SETUP_SYNC_PENDING` until its first full sync has finished.
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

  const resource = (name: KomboResource): ResourceReader => ({
    list: async (query = {}) => {
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
    actions: {
      createApplication: (jobId, body, options) =>
        actions.createApplication(integrationId, jobId, body, options),
      createCandidate: (body, options) => actions.createCandidate(integrationId, body, options),
      addApplicationAttachment: (id, body, options) =>
        actions.addApplicationAttachment(integrationId, id, body, options),
      addCandidateAttachment: (id, body, options) =>
        actions.addCandidateAttachment(integrationId, id, body, options),
      getCandidateAttachments: (id) => actions.getCandidateAttachments(integrationId, id),
      moveApplicationToStage: (id, body, options) =>
        actions.moveApplicationToStage(integrationId, id, body, options),
      addApplicationResultLink: (id, body, options) =>
        actions.addApplicationResultLink(integrationId, id, body, options),
    },
  };
}
