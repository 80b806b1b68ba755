import { randomUUID } from "node:crypto";
import { type Clock, systemClock } from "../clock.js";
import { inputInvalid } from "../errors.js";
import type { Logger } from "../logging.js";
import type { ModelKey } from "../model/common.js";
import type { EndUser, IntegrationRecord, IntegrationStatus, SetupStatus } from "../storage/integrations.js";
import type { SyncRun, SyncRunStatus } from "../storage/sync-state.js";
import type { DeliveryOutcome, OutboxEvent, OutboxEvents, WebhookDelivery } from "../storage/webhooks.js";

/** Kombo's webhook model names of the stored models (`data-changed` payloads). */
export const WEBHOOK_MODEL_NAMES: { readonly [K in ModelKey]: string } = {
  users: "ats_users",
  application_stages: "ats_application_stages",
  jobs: "ats_jobs",
  job_postings: "ats_job_postings",
  screening_questions: "ats_screening_questions",
  job_screening_questions: "ats_join_jobs_screening_questions",
  job_hiring_team_members: "ats_join_jobs_users",
  candidates: "ats_candidates",
  applications: "ats_applications",
};

/** Kombo's `data-changed` webhook payload. */
export interface DataChangedEvent {
  /** Unique, stable event id (a redelivery sends the same). */
  id: string;
  /** Always `data-changed`. */
  type: "data-changed";
  /** Payload. */
  data: {
    integration_id: string;
    integration_tool: string;
    integration_category: "ATS";
    /** Models with inserted, updated or deleted records, by Kombo name (`ats_jobs`, ...). */
    changed_models: { name: string }[];
  };
}

/** Kombo's final run states (`sync_state`), by atsync's run status. */
export const SYNC_STATES: { readonly [S in SyncRunStatus]: string } = {
  queued: "QUEUED",
  running: "RUNNING",
  succeeded: "SUCCEEDED",
  failed: "FAILED",
  cancelled: "CANCELLED",
  paused: "PAUSED",
  deletion_quarantined: "DELETION_QUARANTINED",
};

/** Kombo's `sync-finished` webhook payload (timestamps as ISO strings). */
export interface SyncFinishedEvent {
  /** Unique, stable event id. */
  id: string;
  /** Always `sync-finished`. */
  type: "sync-finished";
  /** Payload. */
  data: {
    sync_id: string;
    /** The run's final status in Kombo's spelling (`SUCCEEDED`, `FAILED`, … — see `SYNC_STATES`). */
    sync_state: string;
    sync_started_at: string;
    sync_ended_at: string;
    /** Whole seconds from start to end (rounded). */
    sync_duration_seconds: number;
    integration_id: string;
    integration_tool: string;
    integration_category: "ATS";
    end_user: EndUser;
    /**
     * The run's API URL, `{publicBaseUrl}/integrations/{id}/sync-runs/{run}`; without a configured
     * `publicBaseUrl` the path alone.
     */
    log_url: string;
  };
}

/** Kombo's `integration-state-changed` webhook payload. */
export interface IntegrationStateChangedEvent {
  /** Unique, stable event id. */
  id: string;
  /** Always `integration-state-changed`. */
  type: "integration-state-changed";
  /** Payload. */
  data: {
    integration_tool: string;
    integration_id: string;
    integration_category: "ATS";
    end_user: EndUser;
    qa_status: "PASSED";
    setup_status: SetupStatus;
    state: IntegrationStatus;
    updated_at: string;
  };
}

/** Kombo's `integration-created` webhook payload: an integration was connected. */
export interface IntegrationCreatedEvent {
  /** Unique, stable event id. */
  id: string;
  /** Always `integration-created`. */
  type: "integration-created";
  /** Payload. */
  data: { id: string; tool: string; category: "ATS"; end_user: EndUser };
}

/** Kombo's `integration-deleted` webhook payload. */
export interface IntegrationDeletedEvent {
  /** Unique, stable event id. */
  id: string;
  /** Always `integration-deleted`. */
  type: "integration-deleted";
  /** Payload. */
  data: { id: string; tool: string; category: "ATS"; end_user: EndUser; deleted_at: string };
}

/** Kombo's `connection-flow-failed` webhook payload: connecting an account failed (nothing was stored). */
export interface ConnectionFlowFailedEvent {
  /** Unique, stable event id. */
  id: string;
  /** Always `connection-flow-failed`. */
  type: "connection-flow-failed";
  /** Payload. */
  data: {
    integration_tool: string;
    integration_category: "ATS";
    end_user: EndUser;
    /** The tool's page of the API (`{publicBaseUrl}/tools/ats`: connection guide and prerequisites). */
    log_url: string;
  };
}

/** Every Kombo webhook payload atsync sends. */
export type WebhookPayload =
  | DataChangedEvent
  | SyncFinishedEvent
  | IntegrationStateChangedEvent
  | IntegrationCreatedEvent
  | IntegrationDeletedEvent
  | ConnectionFlowFailedEvent;

/** Kombo's webhook event types, in the order the docs list them. */
export const WEBHOOK_EVENT_TYPES = [
  "data-changed",
  "sync-finished",
  "integration-state-changed",
  "integration-created",
  "integration-deleted",
  "connection-flow-failed",
] as const satisfies readonly WebhookPayload["type"][];

/** Progress of a running sync (atsync's own event; not a Kombo webhook). */
export interface SyncProgressEvent {
  /** Always `sync-progress`. */
  type: "sync-progress";
  /** The run as it stands after the last committed page. */
  run: SyncRun;
}

/**
 * One webhook delivery attempt (atsync's own event; not a Kombo webhook), emitted in the process
 * that made it — for metrics (`outcome` counts, `duration_ms` histograms).
 */
export interface WebhookAttemptEvent {
  /** Always `webhook-attempt`. */
  type: "webhook-attempt";
  /** The delivery as it stands after the attempt. */
  delivery: WebhookDelivery;
  /** `delivered`, `retry` (a retry is scheduled) or `dead` (given up; endpoint disabled on 410). */
  outcome: DeliveryOutcome["result"];
  /** HTTP status answered, or null when there was no answer. */
  status: number | null;
  /** Time from sending to the answer (or failure), ms. */
  duration_ms: number;
}

/** Events an atsync instance emits, by name. */
export interface AtsyncEventMap {
  "data-changed": DataChangedEvent;
  "sync-finished": SyncFinishedEvent;
  "integration-state-changed": IntegrationStateChangedEvent;
  "integration-created": IntegrationCreatedEvent;
  "integration-deleted": IntegrationDeletedEvent;
  "connection-flow-failed": ConnectionFlowFailedEvent;
  "sync-progress": SyncProgressEvent;
  "webhook-attempt": WebhookAttemptEvent;
}

/** Name of an atsync event. */
export type AtsyncEventName = keyof AtsyncEventMap;

type Listener<E extends AtsyncEventName> = (event: AtsyncEventMap[E]) => void | Promise<void>;

/** Options of `AtsyncEvents`. */
export interface AtsyncEventsOptions {
  /** Time of the events built here; default the system clock. */
  clock?: Clock;
  /**
   * Absolute URL of the host's atsync API base (e.g. `https://ats.example.com/v1`): payload URLs
   * (`log_url`) become absolute. Without it they are paths relative to that base.
   */
  publicBaseUrl?: string;
}

/**
 * In-process event bus of one atsync instance, and the announcer of webhook events. Listeners
 * run after the change they report is committed; a listener that throws (or rejects) is logged
 * and never disturbs a sync. Kombo's events are also committed to the webhook outbox with their
 * change (`commit`), then announced here (`published`), which wakes webhook delivery.
 */
export class AtsyncEvents {
  private readonly listeners = new Map<AtsyncEventName, Set<Listener<AtsyncEventName>>>();
  private readonly clock: Clock;
  private readonly baseUrl: string;
  private wake: () => void = () => undefined;

  /** Throws `PLATFORM.INPUT_INVALID` when `publicBaseUrl` is not an absolute http(s) URL. */
  constructor(
    private readonly logger: Logger,
    options: AtsyncEventsOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.baseUrl = options.publicBaseUrl === undefined ? "" : parseBaseUrl(options.publicBaseUrl);
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<E extends AtsyncEventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<AtsyncEventName>);
    return () => this.off(name, listener);
  }

  /** Unsubscribes a listener added with `on`. */
  off<E extends AtsyncEventName>(name: E, listener: Listener<E>): void {
    this.listeners.get(name)?.delete(listener as Listener<AtsyncEventName>);
  }

  /** Delivers an event to every listener of its name. */
  emit<E extends AtsyncEventName>(name: E, event: AtsyncEventMap[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        Promise.resolve(listener(event)).catch((error: unknown) =>
          this.logger.error({ err: error, event: name }, "event listener failed"),
        );
      } catch (error) {
        this.logger.error({ err: error, event: name }, "event listener failed");
      }
    }
  }

  /** `path` (starting with `/`) under the public base URL: absolute when one is configured. */
  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** An outbox event for `payload`, created now, in the lane of the integration it is about. */
  toOutbox(payload: WebhookPayload): OutboxEvent {
    const data = payload.data as { integration_id?: string; id?: string };
    const lane = payload.type === "connection-flow-failed" ? null : (data.integration_id ?? data.id ?? null);
    return { payload, integration_id: lane, created_at: this.clock.now().toISOString() };
  }

  /**
   * Runs a storage write that takes an `OutboxEvents` callback, handing it one that turns the
   * write's result into the payloads of `build`; once the write resolved (committed), announces
   * them (`published`). Returns the write's result.
   */
  async commit<R, T>(
    build: (result: R) => readonly WebhookPayload[],
    write: (events: OutboxEvents<R>) => Promise<T>,
  ): Promise<T> {
    let events: OutboxEvent[] = [];
    const result = await write((r) => {
      events = build(r).map((p) => this.toOutbox(p));
      return events;
    });
    this.published(events);
    return result;
  }

  /** Announces committed outbox events: emits each to in-process listeners, then wakes delivery. */
  published(events: readonly OutboxEvent[]): void {
    for (const { payload } of events) this.emit(payload.type, payload as never);
    if (events.length > 0) this.wake();
  }

  /** Sets what `published` wakes (webhook delivery; `createAtsync` wires it). */
  onPublished(wake: () => void): void {
    this.wake = wake;
  }
}

/** The base URL without a trailing `/`; throws `PLATFORM.INPUT_INVALID` unless absolute http(s). */
function parseBaseUrl(base: string): string {
  let url: URL | null = null;
  try {
    url = new URL(base);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw inputInvalid("options", [
      { path: "publicBaseUrl", message: "must be an absolute http(s) URL without query or fragment" },
    ]);
  }
  return base.replace(/\/+$/, "");
}

/** What identifies an integration in payloads. */
type IntegrationRef = Pick<IntegrationRecord, "id" | "tool" | "end_user">;

/** The `integration-state-changed` event describing an integration as it is now. */
export function integrationStateChanged(integration: IntegrationRecord): IntegrationStateChangedEvent {
  return {
    id: randomUUID(),
    type: "integration-state-changed",
    data: {
      integration_tool: integration.tool,
      integration_id: integration.id,
      integration_category: "ATS",
      end_user: integration.end_user,
      qa_status: "PASSED",
      setup_status: integration.setup_status,
      state: integration.status,
      updated_at: integration.updated_at,
    },
  };
}

/** The `integration-created` event of a newly connected integration. */
export function integrationCreated(integration: IntegrationRef): IntegrationCreatedEvent {
  return {
    id: randomUUID(),
    type: "integration-created",
    data: { id: integration.id, tool: integration.tool, category: "ATS", end_user: integration.end_user },
  };
}

/** The `integration-deleted` event of an integration deleted at `at` (ISO). */
export function integrationDeleted(integration: IntegrationRef, at: string): IntegrationDeletedEvent {
  return {
    id: randomUUID(),
    type: "integration-deleted",
    data: {
      id: integration.id,
      tool: integration.tool,
      category: "ATS",
      end_user: integration.end_user,
      deleted_at: at,
    },
  };
}

/** The `data-changed` event of an integration whose `models` changed (Kombo names, `MODEL_KEYS` order). */
export function dataChanged(
  integrationId: string,
  tool: string,
  models: readonly ModelKey[],
): DataChangedEvent {
  return {
    id: randomUUID(),
    type: "data-changed",
    data: {
      integration_id: integrationId,
      integration_tool: tool,
      integration_category: "ATS",
      changed_models: models.map((m) => ({ name: WEBHOOK_MODEL_NAMES[m] })),
    },
  };
}

/** The `sync-finished` event of a finished run; `logUrl` is where the run can be read. */
export function syncFinished(integration: IntegrationRef, run: SyncRun, logUrl: string): SyncFinishedEvent {
  const started = run.started_at ?? run.created_at;
  const ended = run.finished_at ?? started;
  return {
    id: randomUUID(),
    type: "sync-finished",
    data: {
      sync_id: run.id,
      sync_state: SYNC_STATES[run.status],
      sync_started_at: started,
      sync_ended_at: ended,
      sync_duration_seconds: Math.max(0, Math.round((Date.parse(ended) - Date.parse(started)) / 1000)),
      integration_id: integration.id,
      integration_tool: integration.tool,
      integration_category: "ATS",
      end_user: integration.end_user,
      log_url: logUrl,
    },
  };
}

/** The `connection-flow-failed` event of a failed connect of `tool` for `endUser`. */
export function connectionFlowFailed(
  tool: string,
  endUser: EndUser,
  logUrl: string,
): ConnectionFlowFailedEvent {
  return {
    id: randomUUID(),
    type: "connection-flow-failed",
    data: { integration_tool: tool, integration_category: "ATS", end_user: endUser, log_url: logUrl },
  };
}
