import type { ModelKey } from "../model/common.js";

/** What happened to a record. */
export type ChangeKind = "created" | "updated" | "deleted";

/** One change-feed entry, written in the same commit as the change itself. */
export interface ChangeEntry {
  /** Durable cursor of this entry; pass it to `changesSince` to read what came after it. */
  cursor: string;
  /** Integration the record belongs to. */
  integration_id: string;
  /** Model of the record. */
  model: ModelKey;
  /** Unified id of the record. */
  record_id: string;
  /** Vendor key of the record. */
  remote_id: string;
  /** What happened. */
  kind: ChangeKind;
  /** ISO timestamp of the commit that wrote it. */
  at: string;
}

/** A page of change entries. */
export interface ChangePage {
  /** Entries in commit order. */
  entries: ChangeEntry[];
  /** Cursor to resume from: the last entry's cursor, or the cursor passed in when there were none. */
  cursor: string | null;
}

/**
 * Append-only, per-integration record of changes, read by durable cursor. Entries are appended
 * only by `AtsyncStorage.commitPage`, for records that were inserted, updated or marked deleted
 * (never for unchanged ones), in the same atomic unit as the records.
 */
export interface ChangeFeed {
  /**
   * Up to `limit` (default 1000, max 10,000) entries of an integration written after `cursor`
   * (from the start when null), in commit order. A cursor stays valid for as long as the
   * integration exists. Throws `PLATFORM.INPUT_INVALID` for a malformed cursor.
   */
  changesSince(integrationId: string, cursor: string | null, limit?: number): Promise<ChangePage>;
}
