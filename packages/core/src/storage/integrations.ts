/** Kombo's integration states: usable, credentials rejected, or switched off by the host. */
export type IntegrationStatus = "ACTIVE" | "INVALID" | "INACTIVE";

/** Kombo's setup states: not connected yet, connected but first sync not done, ready. */
export type SetupStatus = "INCOMPLETE" | "FINAL_SYNC_PENDING" | "COMPLETED";

/** Who the integration belongs to on the host's side (Kombo's `end_user`). */
export interface EndUser {
  /** The customer organisation's name. */
  organization_name: string;
  /** Email of the person who connected it, if known. */
  creator_email: string | null;
  /** The host's own id for this customer, if given. */
  origin_id: string | null;
}

/** Per-integration settings; unset members take the defaults documented on each. */
export interface IntegrationSettings {
  /** Sync only candidates/applications created through atsync (or imported). Default: on when the connector has the capability. */
  createdApplicationsOnly?: boolean;
  /** Largest share of a model's records one deletion pass may delete, 0..1. Default 0.2. */
  deletionThreshold?: number;
  /**
   * A deletion pass is quarantined only when the share is over `deletionThreshold` **and** at
   * least this many records would go (so closing 2 of 9 postings does not block a run). Default 10.
   */
  deletionMinimumCount?: number;
  /**
   * Vendor calls one deletion pass may spend confirming missing records one by one (a GET that
   * answers not-found); above it, two consecutive complete listings must agree instead. Default 500.
   */
  deletionConfirmBudget?: number;
  /** Keep raw vendor payloads in `remote_data`. Default true. */
  storeRemoteData?: boolean;
  /** Minutes between delta syncs. Default 15. */
  deltaIntervalMinutes?: number;
  /** Minutes between deletion scans. Default 1440 (daily). */
  deletionScanIntervalMinutes?: number;
  /**
   * Source label written on candidates created through atsync when the connector writes sources
   * and the request names none. Default: no source unless the request gives `source.name`.
   */
  sourceName?: string;
  /** Calls per day the vendor allows, when not learned from response headers. */
  dailyCallBudget?: number;
  /**
   * Vendor calls of the window kept for user-facing writes and passthrough: a sync pauses when
   * no more than this many remain, and resumes after the reset. Default 5% of the window's limit.
   */
  quotaReserve?: number;
}

/** One connected vendor account of one host customer. */
export interface IntegrationRecord {
  /** `<tool>:<24 chars>`. */
  id: string;
  /** Connector slug, e.g. `icims`. */
  tool: string;
  /** Kombo's state. */
  status: IntegrationStatus;
  /** Kombo's setup state. */
  setup_status: SetupStatus;
  /** Owner on the host's side. */
  end_user: EndUser;
  /** Settings; see `IntegrationSettings`. */
  settings: IntegrationSettings;
  /** ISO timestamp of creation. */
  created_at: string;
  /** ISO timestamp of the last change to any member above or to the credentials. */
  updated_at: string;
}

/** The fields a host may change after creation. */
export type IntegrationPatch = Partial<
  Pick<IntegrationRecord, "status" | "setup_status" | "end_user" | "settings">
>;

/**
 * Integrations and their credentials. Credentials are encrypted at rest (AES-256-GCM with the
 * key the host gave the storage backend); the plaintext leaves the store only through
 * `getCredentials`.
 */
export interface IntegrationStore {
  /**
   * Stores a new integration with its credentials. Throws `PLATFORM.INPUT_INVALID` when the id
   * already exists or is not `<tool>:<id>` with `tool` matching `integration.tool`.
   */
  create(integration: IntegrationRecord, credentials: Record<string, unknown>): Promise<void>;
  /** The integration, or null when it does not exist (or was deleted). */
  get(id: string): Promise<IntegrationRecord | null>;
  /** All integrations, oldest first. */
  list(): Promise<IntegrationRecord[]>;
  /**
   * Applies the patch (settings are merged member by member), sets `updated_at` to `at`, and
   * returns the new record. Throws `PLATFORM.INTEGRATION_NOT_FOUND` when absent.
   */
  update(id: string, patch: IntegrationPatch, at: string): Promise<IntegrationRecord>;
  /**
   * Replaces the credentials (encrypted), sets `updated_at` to `at`. Throws
   * `PLATFORM.INTEGRATION_NOT_FOUND` when absent.
   */
  setCredentials(id: string, credentials: Record<string, unknown>, at: string): Promise<void>;
  /** The decrypted credentials. Throws `PLATFORM.INTEGRATION_NOT_FOUND` when absent. */
  getCredentials(id: string): Promise<Record<string, unknown>>;
  /**
   * Removes the integration and everything stored for it (records, feed, checkpoints, runs,
   * tracked set, idempotency ledger). Returns false when it did not exist.
   */
  delete(id: string): Promise<boolean>;
}
