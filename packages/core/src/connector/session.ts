import type { ModelKey } from "../model/common.js";
import type { DiscoveredField } from "../storage/field-config.js";
import type { ConnectorActions } from "./actions.js";

/**
 * A record as a connector emits it: the stored record without the fields atsync owns (`id`,
 * `changed_at`, `remote_deleted_at`) and with references given as vendor keys in the model's
 * `remoteField`s (`job_remote_id`, ...) instead of unified ids.
 */
export interface RemoteRecord {
  /** The vendor's key. */
  remote_id: string;
  /** Every other field of the model (see the model's schema and `MODELS[model].references`). */
  [field: string]: unknown;
}

/** A record the vendor itself marks gone (purged, or merged into another record). */
export interface GoneRecord {
  /** The vendor key of the record that is gone. */
  remote_id: string;
  /** The vendor key of the record it was merged into (iCIMS: "Merged with <id>"), when merged. */
  merged_into?: string;
}

/** One page of a read. */
export interface RecordPage {
  /** Mapped records, each at most once per page. */
  records: RemoteRecord[];
  /**
   * Records of other models read from the same vendor records (read once, feed many): only models
   * whose coverage names the read model in `fedBy`. A full read emits every record of a fed model
   * exactly as it emits its own, so the engine verifies the fed model's deletions from it.
   */
  related?: Partial<Record<ModelKey, RemoteRecord[]>>;
  /**
   * Records the vendor marks gone (purge folder, merge marker), per model (the read model or a fed
   * one). The engine tombstones them with the page: a vendor's own marker is proof, not a guess.
   */
  gone?: Partial<Record<ModelKey, GoneRecord[]>>;
  /**
   * Opaque position after this page. Passed back as `ReadOptions.resume`, the read continues with
   * the next page and never re-reads this one. Null only on a read's last page.
   */
  checkpoint: string | null;
}

/** Options of `ConnectorSession.read`. */
export interface ReadOptions {
  /**
   * Delta read: only records changed at or after this time (the engine already subtracted the
   * overlap). Only with the `deltaSync` capability.
   */
  since?: Date;
  /**
   * Only records changed at or before this time: with `since`, one change-date window. Only for
   * models whose coverage sets `windowedRead`. Bounds are inclusive at the vendor's precision
   * (iCIMS: the minute); the engine overlaps consecutive windows, so a record on a bound may come
   * in both.
   */
  until?: Date;
  /**
   * With `until`: vendor keys the read's previous window already returned on the minute the two
   * windows share. The connector should not fetch them again (the version read is the one in this
   * window: a later change would have moved the record out of it); the engine drops any that still
   * come.
   */
  alreadyRead?: ReadonlySet<string>;
  /** Only these vendor keys (created-only mode). Only with the `createdApplicationsOnly` capability. */
  scope?: readonly string[];
  /** A page's `checkpoint` from an earlier read with the same options: continue after that page. */
  resume?: string | null;
  /** Aborts the read; the iterator then throws the signal's reason. */
  signal?: AbortSignal;
  /**
   * Of `remoteIds`, those stored (and not deleted) for `model`. Lets a delta read refresh records
   * whose change the vendor can only show through another model's search (a changed person who is
   * a user) without re-reading every record of that model.
   */
  stored?: (model: ModelKey, remoteIds: readonly string[]) => Promise<string[]>;
}

/** A path-only request to the vendor's API (`POST /passthrough/{tool}/{api}`). */
export interface PassthroughCall {
  /** Which of the vendor's APIs (`default` for iCIMS). */
  api: string;
  /** HTTP method, already checked against the allowlist. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path relative to the integration's API base; never an absolute URL, never escaping it. */
  path: string;
  /** Extra request headers (auth headers are refused; the connector injects auth). */
  headers?: Record<string, string>;
  /** Query parameters. */
  params?: Record<string, string>;
  /** JSON body (objects) or raw body (strings). Never together with `form`. */
  data?: unknown;
  /**
   * A `multipart/form-data` body (Kombo's `multipart_form_data`, files already in hand): the
   * connector sends it as the body and leaves `Content-Type` (with the boundary) to the encoder;
   * core refuses a caller's `Content-Type` header with it. Never together with `data`.
   */
  form?: FormData;
  /**
   * Kombo's `api_options`: options of the vendor's passthrough adapter. A connector refuses keys it
   * does not honour (`PLATFORM.INPUT_INVALID` naming `api_options.<key>`) and documents the others.
   */
  apiOptions?: Record<string, string>;
}

/** The vendor's answer to a passthrough call. */
export interface PassthroughResult {
  /** The assembled vendor URL (for debugging). */
  url: string;
  /** Vendor status code. */
  status: number;
  /** Vendor response headers (secrets removed). */
  headers: Record<string, string>;
  /** Parsed JSON when the vendor answered JSON, else the text. */
  data: unknown;
  /**
   * The answer's body as received. With it, core can answer Kombo's `response_as_base64` (the
   * bytes base64-encoded in `data`; binary files survive); without it such a request is refused.
   */
  body?: Uint8Array;
}

/** One integration's live connection to the vendor. All members are async. */
export interface ConnectorSession {
  /**
   * Cheap credential and reachability check. Throws `INTEGRATION.AUTHENTICATION_INVALID`
   * (kind `config`) for rejected credentials, a transient error when the vendor is unreachable.
   */
  check(): Promise<void>;
  /**
   * Streams pages of mapped records of a covered model. Throws
   * `INTEGRATION.MODEL_NOT_AVAILABLE` for a model the coverage does not list, and for `since` /
   * `scope` without the matching capability.
   */
  read(model: ModelKey, options?: ReadOptions): AsyncIterable<RecordPage>;
  /**
   * The complete list of vendor keys of a covered model, in pages, as cheaply as the vendor
   * allows (iCIMS: id-only searches). Used to verify deletions: it must either finish having
   * listed every key, or throw.
   */
  listRemoteIds(
    model: ModelKey,
    options?: { scope?: readonly string[]; signal?: AbortSignal },
  ): AsyncIterable<string[]>;
  /**
   * Of `remoteIds` (records of `model` missing from a listing), those the vendor confirms are no
   * longer records of the model, one by one: not found (purged, hidden from the API user), marked
   * purged or merged, or re-read and no longer belonging to the model. At most one vendor call per
   * id. Throws for a model it cannot confirm (the engine then compares two listings instead) and on
   * vendor errors (the engine then deletes nothing). Optional.
   */
  confirmGone?(
    model: ModelKey,
    remoteIds: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<string[]>;
  /**
   * The vendor fields known without reading records (iCIMS: the tenant's custom fields, from its
   * Schema API), with the ids, keys, types and labels the records' `integration_fields` will carry.
   * Core registers them when an integration is connected, so a host can map custom fields onto
   * them before the first sync (which then fills them). Optional; a failure is logged and changes
   * nothing (the syncs discover the fields from the records anyway).
   */
  describeFields?(options?: { signal?: AbortSignal }): Promise<DiscoveredField[]>;
  /** Handlers of the covered write actions; exactly the ones coverage marks supported. */
  actions: Partial<ConnectorActions>;
  /** Forwards a path-only request with auth injected; present exactly with the `passthrough` capability. */
  passthrough?(call: PassthroughCall): Promise<PassthroughResult>;
  /** Releases sockets/timers. Optional. */
  close?(): Promise<void>;
}
