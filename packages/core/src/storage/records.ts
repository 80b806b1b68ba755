import type { ModelKey } from "../model/common.js";

/**
 * A stored record as storage sees it: the common fields of `BaseRecordSchema` plus the model's own
 * fields (references to other records are unified ids, e.g. `job_id`). Storage treats the model's
 * own fields opaquely except the ones named by filters and tree relations.
 */
export interface StoredRecord {
  /** Deterministic unified id (`unifiedId`). Unique per (integration, model). */
  id: string;
  /** The vendor's key. Unique per (integration, model). */
  remote_id: string;
  /** When atsync last saw this record's own unified fields change (ISO 8601, UTC). */
  changed_at: string;
  /** Set by verified deletion; null while the record exists at the vendor. */
  remote_deleted_at: string | null;
  /** Vendor creation time, copied; may be null. */
  remote_created_at: string | null;
  /** Vendor last-modified time, copied; may be null. */
  remote_updated_at: string | null;
  /** Raw vendor payload(s); null when the integration does not keep them. */
  remote_data: Record<string, unknown> | null;
  /** Custom field values; always an object. */
  custom_fields: Record<string, unknown>;
  /** The model's own fields. */
  [field: string]: unknown;
}

/** What the engine hands storage to upsert: a stored record without the storage-owned fields. */
export interface RecordInput {
  /** Deterministic unified id (`unifiedId(integrationId, model, remote_id)`). */
  id: string;
  /** The vendor's key. */
  remote_id: string;
  /** Vendor creation time, copied; may be null. */
  remote_created_at: string | null;
  /** Vendor last-modified time, copied; may be null. */
  remote_updated_at: string | null;
  /** Raw vendor payload(s); null when the integration does not keep them. */
  remote_data: Record<string, unknown> | null;
  /** Custom field values; always an object. */
  custom_fields: Record<string, unknown>;
  /** The model's own fields, references as unified ids. */
  [field: string]: unknown;
}

/** A stored record together with the storage-maintained `tree_changed_at`. */
export interface StoredRecordWithTree extends StoredRecord {
  /**
   * The later of the record's own `changed_at` and the last change of a nested child that
   * Kombo's `updated_after` matrix counts for this model (`TREE_RULES`). Never earlier than
   * `changed_at`.
   */
  tree_changed_at: string;
}

/** Outcome counts of writing one page. */
export interface WriteCounts {
  /** Records that did not exist before. */
  inserted: number;
  /** Records whose content hash changed (or that came back after being marked deleted). */
  updated: number;
  /** Records re-upserted with the same content hash; their `changed_at` did not move. */
  unchanged: number;
  /** Records newly marked `remote_deleted_at` (already-deleted ones are not counted again). */
  deleted: number;
}

/**
 * A filter on one model's records. `field`, `key` and `foreignKey` name the model's own fields
 * (`[a-z_][a-z0-9_]*`, never the storage-kept `changed_at`, `remote_deleted_at`,
 * `tree_changed_at`, `remote_data`); anything else is refused with `PLATFORM.INPUT_INVALID`. Filters in one query AND together; values inside one filter
 * OR together (Kombo's semantics).
 */
export type RecordFilter =
  /** `field` equals one of `values` (exact, case-sensitive). */
  | { op: "in"; field: string; values: readonly (string | number | boolean | null)[] }
  /** `field` equals `value`, ignoring case. */
  | { op: "equals_ci"; field: string; value: string }
  /** `field` contains `value` as a substring, ignoring case. */
  | { op: "contains_ci"; field: string; value: string }
  /** `field` (an ISO timestamp) is strictly later than `value`. */
  | { op: "after"; field: string; value: string }
  /** `field` is an array of objects and one element's `key` equals one of `values`, ignoring case. */
  | { op: "array_has_ci"; field: string; key: string; values: readonly string[] }
  /**
   * There is a non-deleted record of `model` whose `foreignKey` equals this record's id and whose
   * `field` equals one of `values` (e.g. candidates with an application for one of some jobs).
   */
  | { op: "has_related"; model: ModelKey; foreignKey: string; field: string; values: readonly string[] };

/** A keyset-paginated query over one model of one integration. */
export interface ListQuery {
  /** Only records whose `tree_changed_at` is strictly later than this ISO timestamp. */
  updated_after?: string;
  /** Also return records marked `remote_deleted_at`; default false. */
  include_deleted?: boolean;
  /** Only these unified ids. An empty array matches nothing. */
  ids?: readonly string[];
  /** Only these vendor keys. An empty array matches nothing. */
  remote_ids?: readonly string[];
  /** Model-specific filters, ANDed. */
  filters?: readonly RecordFilter[];
  /** The `next` of the previous page; omit or null for the first page. */
  cursor?: string | null;
  /** Records per page, 1..`MAX_LIST_PAGE_SIZE`. */
  page_size: number;
}

/** One page of a list. */
export interface ListPage<R> {
  /** Records in ascending `id` order (byte order, as JavaScript compares strings; SQL: `COLLATE "C"`). */
  results: R[];
  /** Cursor of the next page, or null when this is the last page. Opaque to callers. */
  next: string | null;
}

/** Largest `page_size` a `RecordStore.list` accepts. */
export const MAX_LIST_PAGE_SIZE = 1000;
/** Largest number of records plus deletions one `commitPage` accepts. */
export const MAX_COMMIT_SIZE = 5000;

/**
 * Records of every integration and model. Timestamps read back are normalised to
 * `Date#toISOString` form (UTC, milliseconds); ids order by code point (SQL `COLLATE "C"`). Every call is scoped by integration id: nothing of
 * integration A is ever visible through B. Writes go through `AtsyncStorage.commitPage`.
 */
export interface RecordStore {
  /**
   * One record by unified id, with `tree_changed_at`, or null when absent. Records marked deleted
   * are returned (check `remote_deleted_at`).
   */
  get(integrationId: string, model: ModelKey, id: string): Promise<StoredRecordWithTree | null>;

  /**
   * Records by unified ids, in no particular order, deleted ones included; ids not found are
   * simply missing from the result. Used to compose nested reads.
   */
  getMany(integrationId: string, model: ModelKey, ids: readonly string[]): Promise<StoredRecordWithTree[]>;

  /**
   * A page of records matching the query, ordered by ascending `id`, keyset-paginated: a walk
   * over all pages returns every record that matches throughout the walk exactly once, even while
   * other records are inserted, updated or deleted; records inserted during the walk may or may
   * not appear. Throws `PLATFORM.INPUT_INVALID` for an unknown model, a `page_size` outside
   * 1..`MAX_LIST_PAGE_SIZE`, a malformed cursor or an unknown filter op.
   */
  list(integrationId: string, model: ModelKey, query: ListQuery): Promise<ListPage<StoredRecordWithTree>>;

  /**
   * The vendor keys of all records of a model not marked deleted, in pages of at most
   * `pageSize` (default 1000), in ascending remote id order (string order). Used by deletion
   * verification to diff against a vendor listing.
   */
  listRemoteIds(integrationId: string, model: ModelKey, pageSize?: number): AsyncIterable<string[]>;

  /** Number of records of a model, deleted ones counted only with `includeDeleted`. */
  count(integrationId: string, model: ModelKey, options?: { includeDeleted?: boolean }): Promise<number>;
}
