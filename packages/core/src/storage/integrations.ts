import { z } from "zod";
import { parseInput } from "../errors.js";
import type { OutboxEvents } from "./webhooks.js";

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
   * A deletion pass is quarantined only when at least this many records of a model would be
   * deleted (and their share exceeds `deletionThreshold`), so small models do not trip the guard.
   * Integer 0..1,000,000. Default 10.
   */
  deletionMinimumCount?: number;
  /**
   * Vendor calls one deletion pass may spend confirming deletion candidates one by one (a GET
   * answering not-found); a model with more candidates than the budget left is verified by a
   * second complete listing instead. Integer 0..100,000. Default 500.
   */
  deletionConfirmBudget?: number;
  /** Keep raw vendor payloads in `remote_data`. Default true. */
  storeRemoteData?: boolean;
  /** Minutes between delta syncs, integer 1..10,080 (a week). Default 15. */
  deltaIntervalMinutes?: number;
  /** Minutes between deletion scans, integer 1..43,200 (30 days). Default 1440 (daily). */
  deletionScanIntervalMinutes?: number;
  /**
   * Minutes between full syncs after the first, integer 60..525,600 (a year). Default 10,080
   * (weekly): a full read catches what deltas and id listings cannot see.
   */
  fullSyncIntervalMinutes?: number;
  /**
   * Source label written on candidates created through atsync when the connector writes sources
   * and the request names none; 1..200 characters, no control characters. Default: no source
   * unless the request gives `source.name`.
   */
  sourceName?: string;
  /** Calls per day the vendor allows, when not learned from response headers; integer 1..100,000,000. */
  dailyCallBudget?: number;
  /**
   * Vendor calls of the window kept for user-facing writes and passthrough: a sync pauses when
   * no more than this many remain, and resumes after the reset. Integer 0..100,000,000. Default 5%
   * of the window's limit.
   */
  quotaReserve?: number;
  /**
   * The connector's own settings (its definition's `settings` schema: iCIMS status list id,
   * portals, …), as set by the host; members left out take the connector's defaults. Checked
   * against the connector's schema by `atsync.integrations`; storage only checks it is an object.
   */
  connector?: Record<string, unknown>;
}

/** An integer setting from `min` to `max` (`unit` appended to the message), one message for every way to miss. */
function integerSetting(min: number, max: number, unit = ""): z.ZodOptional<z.ZodNumber> {
  const error = `must be an integer from ${min} to ${max}${unit}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional();
}

function booleanSetting(): z.ZodOptional<z.ZodBoolean> {
  return z.boolean({ error: "must be a boolean (true or false)" }).optional();
}

const SETTINGS_SHAPE = {
  createdApplicationsOnly: booleanSetting(),
  deletionThreshold: z
    .number({ error: "must be a number from 0 to 1 (a share of the model's records)" })
    .min(0, { error: "must be a number from 0 to 1 (a share of the model's records)" })
    .max(1, { error: "must be a number from 0 to 1 (a share of the model's records)" })
    .optional(),
  deletionMinimumCount: integerSetting(0, 1_000_000, " (records)"),
  deletionConfirmBudget: integerSetting(0, 100_000, " (vendor calls)"),
  storeRemoteData: booleanSetting(),
  deltaIntervalMinutes: integerSetting(1, 10_080, " (minutes)"),
  deletionScanIntervalMinutes: integerSetting(1, 43_200, " (minutes)"),
  fullSyncIntervalMinutes: integerSetting(60, 525_600, " (minutes)"),
  sourceName: z
    .string({ error: "must be a string of 1 to 200 characters" })
    .min(1, { error: "must be a string of 1 to 200 characters" })
    .max(200, { error: "must be a string of 1 to 200 characters" })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "must not contain control characters" })
    .optional(),
  dailyCallBudget: integerSetting(1, 100_000_000, " (calls per day)"),
  quotaReserve: integerSetting(0, 100_000_000, " (calls)"),
  connector: z
    .record(z.string(), z.unknown(), { error: "must be a JSON object of the connector's settings" })
    .optional(),
};

/** Names of every setting, for messages. */
const SETTING_NAMES = Object.keys(SETTINGS_SHAPE).join(", ");

/**
 * The one schema of `IntegrationSettings`: types and bounds of every member (see each member's
 * doc), unknown members refused. Shared by the HTTP API, `atsync.integrations` and every storage
 * backend (through `parseIntegrationSettings`).
 */
export const IntegrationSettingsSchema: z.ZodType<IntegrationSettings> = z.strictObject(SETTINGS_SHAPE, {
  error: (issue) =>
    issue.code === "unrecognized_keys"
      ? `unknown setting ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; known settings are ${SETTING_NAMES}`
      : issue.code === "invalid_type"
        ? "settings must be a JSON object"
        : undefined,
});

/**
 * `settings` checked against `IntegrationSettingsSchema`, without members whose value is
 * `undefined`. Throws `PLATFORM.INPUT_INVALID` naming each bad member and its allowed range.
 */
export function parseIntegrationSettings(settings: unknown): IntegrationSettings {
  const parsed = parseInput(IntegrationSettingsSchema, settings, "settings") as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) out[k] = v;
  return out as IntegrationSettings;
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
   * already exists or is not `<tool>:<id>` with `tool` matching `integration.tool`, or when the
   * settings do not pass `parseIntegrationSettings`. `events` (see `OutboxEvents`) gets the stored
   * record and its events are appended in the same atomic unit.
   */
  create(
    integration: IntegrationRecord,
    credentials: Record<string, unknown>,
    events?: OutboxEvents<IntegrationRecord>,
  ): Promise<void>;
  /** The integration, or null when it does not exist (or was deleted). */
  get(id: string): Promise<IntegrationRecord | null>;
  /** All integrations, oldest first. */
  list(): Promise<IntegrationRecord[]>;
  /**
   * Applies the patch (settings are merged member by member), sets `updated_at` to `at`, and
   * returns the new record. Throws `PLATFORM.INTEGRATION_NOT_FOUND` when absent, and
   * `PLATFORM.INPUT_INVALID` (changing nothing) when `patch.settings` does not pass
   * `parseIntegrationSettings`. `events` (see `OutboxEvents`) gets the new record and its events
   * are appended in the same atomic unit.
   */
  update(
    id: string,
    patch: IntegrationPatch,
    at: string,
    events?: OutboxEvents<IntegrationRecord>,
  ): Promise<IntegrationRecord>;
  /**
   * Replaces the credentials (encrypted), sets `updated_at` to `at`. Throws
   * `PLATFORM.INTEGRATION_NOT_FOUND` when absent.
   */
  setCredentials(id: string, credentials: Record<string, unknown>, at: string): Promise<void>;
  /** The decrypted credentials. Throws `PLATFORM.INTEGRATION_NOT_FOUND` when absent. */
  getCredentials(id: string): Promise<Record<string, unknown>>;
  /**
   * Removes the integration and everything stored for it (records, feed, checkpoints, runs,
   * tracked set, idempotency ledger, pending `data-changed` inputs). Returns false when it did not
   * exist. `events` (see `OutboxEvents`) gets the record as it was and its events are appended in
   * the same atomic unit; webhook events and deliveries already appended are kept.
   */
  delete(id: string, events?: OutboxEvents<IntegrationRecord>): Promise<boolean>;
}
