import { randomUUID } from "node:crypto";
import type { Logger } from "../logging.js";
import type { ModelKey } from "../model/common.js";
import type { EndUser, IntegrationRecord, IntegrationStatus, SetupStatus } from "../storage/integrations.js";
import type { SyncRun } from "../storage/sync-state.js";

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
  /** Unique event id. */
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

/** Kombo's `sync-finished` webhook payload (timestamps as ISO strings). */
export interface SyncFinishedEvent {
  /** Unique event id. */
  id: string;
  /** Always `sync-finished`. */
  type: "sync-finished";
  /** Payload. */
  data: {
    sync_id: string;
    /** The run's final status (`succeeded`, `failed`, `cancelled`, `paused`, `deletion_quarantined`). */
    sync_state: string;
    sync_started_at: string;
    sync_ended_at: string;
    sync_duration_seconds: number;
    integration_id: string;
    integration_tool: string;
    integration_category: "ATS";
    end_user: EndUser;
    /** Where to read the run (`/sync-runs/{id}` relative to the API base). */
    log_url: string;
  };
}

/** Kombo's `integration-state-changed` webhook payload. */
export interface IntegrationStateChangedEvent {
  /** Unique event id. */
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

/** Progress of a running sync (atsync's own event; not a Kombo webhook). */
export interface SyncProgressEvent {
  /** Always `sync-progress`. */
  type: "sync-progress";
  /** The run as it stands after the last committed page. */
  run: SyncRun;
}

/** Events an atsync instance emits, by name. */
export interface AtsyncEventMap {
  "data-changed": DataChangedEvent;
  "sync-finished": SyncFinishedEvent;
  "integration-state-changed": IntegrationStateChangedEvent;
  "sync-progress": SyncProgressEvent;
}

/** Name of an atsync event. */
export type AtsyncEventName = keyof AtsyncEventMap;

type Listener<E extends AtsyncEventName> = (event: AtsyncEventMap[E]) => void | Promise<void>;

/**
 * In-process event bus of one atsync instance. Listeners run after the change they report is
 * committed; a listener that throws (or rejects) is logged and never disturbs a sync.
 */
export class AtsyncEvents {
  private readonly listeners = new Map<AtsyncEventName, Set<Listener<AtsyncEventName>>>();

  constructor(private readonly logger: Logger) {}

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
}

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
