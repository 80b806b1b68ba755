import type { z } from "zod";
import { ACTION_DEFINITIONS, type ActionKey } from "../actions/action-definitions.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logging.js";
import type { ModelKey } from "../model/common.js";
import type { QuotaBudget } from "./budget.js";
import type { HttpClient } from "./http.js";
import type { ConnectorSession } from "./session.js";
import type { VendorEventsDefinition } from "./vendor-events.js";

export type { ActionKey };

/** The capability flags of a connector (docs/writing-a-connector.md), as data. */
export interface ConnectorCapabilities {
  /** Writes the integrator as the candidate/application source on create. */
  sourceWriting: boolean;
  /** Can scope candidate/application reads to a tracked set of vendor keys (`ReadOptions.scope`). */
  createdApplicationsOnly: boolean;
  /** Forwards path-only requests to the vendor with auth injected (`ConnectorSession.passthrough`). */
  passthrough: boolean;
  /** Can read only records changed since a time (`ReadOptions.since`). */
  deltaSync: boolean;
  /**
   * Receives the vendor's pushed event notifications (`ConnectorDefinition.vendorEvents`), which
   * trigger targeted refreshes of the records they name. Absent or false: the receiver answers
   * `INTEGRATION.ACTION_NOT_AVAILABLE` (400) and only syncs see changes.
   */
  vendorEvents?: boolean;
}

/** The write actions of the unified API (Kombo's endpoints), in `ACTION_DEFINITIONS` order. */
export const ACTION_KEYS = Object.keys(ACTION_DEFINITIONS) as readonly ActionKey[];

/** What a connector reads of one model. */
export interface ModelCoverage {
  /** Unified fields the connector fills (others are always null/empty). */
  fields: readonly string[];
  /** Caveats shown to hosts (e.g. how a field is inferred). */
  notes?: string;
  /**
   * The model whose read emits this model's records as `RecordPage.related` (read once, feed
   * many: an iCIMS job GET feeds jobs, job screening questions and the hiring team). The engine
   * never reads a fed model on its own; it must come after its feeder in `MODEL_KEYS` order or
   * name a model read before it.
   */
  fedBy?: ModelKey;
  /**
   * For models the vendor cannot read by change date (lists such as stages): delta runs re-read
   * the model only when its last completed read is at least this many minutes old. Full runs
   * always read it. Unset: every delta run reads it.
   */
  refreshMinutes?: number;
  /**
   * True when `ConnectorSession.listRemoteIds` of this model costs a small fraction of a read
   * (iCIMS: id-only searches, ⌈N/1000⌉ calls for N records): a full run then lists the model
   * before reading it to know its total (`SyncRun.progress`). Unset: the total stays unknown.
   */
  cheapIdListing?: boolean;
  /**
   * True when `ConnectorSession.read` of this model honours `ReadOptions.until` (with or without
   * `since`: the records changed in a change-date window). A full run then reads the model newest
   * first, in windows walking backwards from its start (docs/architecture.md, "Priority first
   * sync"), so the most recent records are readable early. Needs the `deltaSync` capability; a
   * model that feeds others (`fedBy`) is always read in one pass.
   */
  windowedRead?: boolean;
}

/** Whether a connector performs one write action. */
export interface ActionCoverage {
  /** True when the session implements the action. */
  supported: boolean;
  /** Caveats shown to hosts (e.g. "CV only; falls back to the candidate"). */
  notes?: string;
}

/** The truth shown to hosts about what a connector covers. */
export interface ConnectorCoverage {
  /** Read models covered; a model absent here answers `INTEGRATION.MODEL_NOT_AVAILABLE`. */
  models: Partial<Record<ModelKey, ModelCoverage>>;
  /** Write actions; an action absent or `supported: false` answers `INTEGRATION.ACTION_NOT_AVAILABLE`. */
  actions: Partial<Record<ActionKey, ActionCoverage>>;
}

/** One step the person connecting an account follows (shown in the connect flow). */
export interface ConnectionGuideStep {
  /** Short imperative title. */
  title: string;
  /** Plain-text explanation. */
  body: string;
}

/** Something the vendor admin must provide or set up before connecting. */
export interface Prerequisite {
  /** Short name. */
  title: string;
  /** What exactly is needed and where to find it. */
  description: string;
}

/** What core gives a connector session, per integration. */
export interface ConnectorContext {
  /** Integration the session serves. */
  integrationId: string;
  /** HTTP client with timeouts, retries honouring `Retry-After`, quota accounting and redaction wired. */
  http: HttpClient;
  /** Logger bound to `integrationId` and `connector`. */
  logger: Logger;
  /** Time source. */
  clock: Clock;
  /** Aborts when the integration's work should stop (shutdown, deletion). */
  signal: AbortSignal;
  /** The integration's vendor call budget. */
  budget: QuotaBudget;
}

/** A connector: data plus a session factory (docs/writing-a-connector.md). */
export interface ConnectorDefinition<Credentials = unknown, Settings = unknown> {
  /** Tool slug, lowercase (`icims`); the prefix of its integration ids. */
  slug: string;
  /** Display name. */
  name: string;
  /** Kombo category; only `ats` for now. */
  category: "ats";
  /** Zod schema of the credentials a host supplies when connecting. */
  credentials: z.ZodType<Credentials>;
  /** Top-level credential fields that are secret (never shown back, encrypted at rest like all credentials). */
  secretPaths: readonly string[];
  /**
   * Zod object of the connector's own settings of an integration (iCIMS: status list id,
   * portals, concurrency): stored apart from the credentials in `IntegrationSettings.connector`,
   * validated with this schema, shown in GET integration and editable without re-entering
   * secrets. Every member must be optional or defaulted, so `{}` parses (`defineConnector`
   * checks). Without it a connector has no settings and `connect` gets `{}`.
   */
  settings?: z.ZodType<Settings>;
  /** Capability flags. */
  capabilities: ConnectorCapabilities;
  /**
   * How far before the last completed read's start a delta read begins: at least the vendor's
   * search-cache staleness plus clock skew. Default 30 minutes.
   */
  deltaOverlapMs?: number;
  /** Read models and write actions covered. */
  coverage: ConnectorCoverage;
  /**
   * The vendor's event notifications (with the `vendorEvents` capability, and only then): sender
   * authentication from the credentials, signature check, payload → records to refresh.
   */
  vendorEvents?: VendorEventsDefinition<Credentials, Settings>;
  /** Steps shown to the person connecting. */
  connectionGuide: readonly ConnectionGuideStep[];
  /** What the vendor admin must provide first. */
  prerequisites: readonly Prerequisite[];
  /**
   * Opens a session for one integration with parsed credentials and settings (`settings` parsed,
   * defaults applied). Must not call the vendor (that is `check()`'s job), so it is cheap and
   * cannot fail on bad credentials. A settings change opens a new session.
   */
  connect(ctx: ConnectorContext, credentials: Credentials, settings: Settings): ConnectorSession;
}
