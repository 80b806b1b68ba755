import {
  AtsyncError,
  type ListQuery,
  type ModelKey,
  type RecordFilter,
  type RecordInput,
  type StoredRecordWithTree,
  unifiedId,
} from "@atsync/core/storage";
import {
  decodeFields,
  decodeRecord,
  type EncodedRecord,
  encodeRecord,
  PAYLOAD_MEMBERS,
  type RowState,
} from "./record-codec.js";

/**
 * One stored record: its data encoded once (`EncodedRecord`: two serialized strings, the reference
 * ids kept apart) with the storage-kept columns beside it. One object of fixed shape per record.
 */
export class Row implements EncodedRecord, RowState {
  constructor(
    /** Unified id; the same string instance is the table's key, in its sorted ids and in the feed. */
    readonly id: string,
    /** The vendor's key. */
    readonly remoteId: string,
    /** `contentHash` of the record's own unified fields, as 32 one-byte characters. */
    public hash: string,
    public fields: string,
    public payload: string | null,
    public refs: (string | null)[],
    public changedAt: string,
    public deletedAt: string | null,
    /** Later of `changed_at` and nested children's changes. */
    public treeChangedAt: string,
  ) {}
}

/**
 * Ids per reference value. A value one record references holds that id itself; more are held in
 * an array and, past `SET_AFTER`, a Set (so a shared stage with thousands of applications is
 * updated in constant time, and the many candidates with one or two applications cost no Set each).
 */
class Postings {
  private readonly byValue = new Map<string, string | string[] | Set<string>>();
  /** Reference values, each the one instance the index keeps (`intern`). */
  private readonly values = new Map<string, string>();

  /** Adds `id` under `value`; returns the index's instance of `value` (one string however many rows hold it). */
  add(value: string, id: string): string {
    const held = this.byValue.get(value);
    if (held === undefined) {
      this.values.set(value, value);
      this.byValue.set(value, id);
      return value;
    }
    if (typeof held === "string") this.byValue.set(value, [held, id]);
    else if (Array.isArray(held)) {
      if (held.length < SET_AFTER) held.push(id);
      else this.byValue.set(value, new Set([...held, id]));
    } else held.add(id);
    return this.values.get(value) as string;
  }

  delete(value: string, id: string): void {
    const held = this.byValue.get(value);
    if (held === undefined) return;
    if (typeof held === "string") {
      if (held === id) this.drop(value);
    } else if (Array.isArray(held)) {
      const i = held.indexOf(id);
      if (i >= 0) held.splice(i, 1);
      if (held.length === 0) this.drop(value);
    } else {
      held.delete(id);
      if (held.size === 0) this.drop(value);
    }
  }

  get(value: string): Iterable<string> {
    const held = this.byValue.get(value);
    if (held === undefined) return [];
    return typeof held === "string" ? [held] : held;
  }

  private drop(value: string): void {
    this.byValue.delete(value);
    this.values.delete(value);
  }
}

/** Ids per reference value held in an array up to this many; a Set beyond. */
const SET_AFTER = 16;

/** The records of one model of one integration, with the indexes reads need. */
export class RecordTable {
  private readonly byId = new Map<string, Row>();
  /** One index per reference field (`job_id`, `candidate_id`, ...), in `refFields` order. */
  private readonly postings: Postings[];
  private sortedIds: string[] = [];
  private sortedDirty = false;

  constructor(
    private readonly integrationId: string,
    readonly model: ModelKey,
    private readonly refFields: readonly string[],
  ) {
    this.postings = refFields.map(() => new Postings());
  }

  /** Records held, deleted ones included. */
  get size(): number {
    return this.byId.size;
  }

  /** The row of `id`, if stored. */
  get(id: string): Row | undefined {
    return this.byId.get(id);
  }

  /** Every row, in no particular order. */
  rows(): IterableIterator<Row> {
    return this.byId.values();
  }

  /** Encodes a validated record input for this table. */
  encode(input: RecordInput): EncodedRecord {
    return encodeRecord(input, this.refFields);
  }

  /** Stores a new row (its id must not be stored yet), indexing its references. */
  insert(row: Row): void {
    this.byId.set(row.id, row);
    this.sortedIds.push(row.id);
    this.sortedDirty = true;
    row.refs = this.index(row.refs, row.id);
  }

  /** Replaces `row`'s data with `encoded` in place, moving it in the reference index. */
  replace(row: Row, encoded: EncodedRecord): void {
    if (encoded.refs.some((v, i) => v !== row.refs[i])) {
      this.unindex(row.refs, row.id);
      row.refs = this.index(encoded.refs, row.id);
    }
    row.fields = encoded.fields;
    row.payload = encoded.payload;
  }

  /** Ids of rows whose reference `field` holds `value`. */
  idsReferencing(field: string, value: string): Iterable<string> {
    const i = this.refFields.indexOf(field);
    return i < 0 ? this.scanReferencing(field, value) : (this.postings[i] as Postings).get(value);
  }

  /** The stored record of `row` with `tree_changed_at`: a fresh object, safe to hand out. */
  record(row: Row): StoredRecordWithTree {
    return decodeRecord(row, row, this.refFields);
  }

  /** The row's own members for filters (payload members not decoded). */
  fieldsOf(row: Row): Record<string, unknown> {
    return decodeFields(row, row, this.refFields);
  }

  /** The value of reference field `field` of `row` without decoding it, or undefined when `field` is not one. */
  refOf(row: Row, field: string): string | null | undefined {
    const i = this.refFields.indexOf(field);
    return i < 0 ? undefined : (row.refs[i] ?? null);
  }

  /** The value of `field` in `encoded` (data of `row`, now or before a change), decoding only for a non-reference field. */
  valueOf(encoded: EncodedRecord, row: RowState, field: string): unknown {
    const i = this.refFields.indexOf(field);
    if (i >= 0) return encoded.refs[i] ?? null;
    return decodeFields(encoded, row, this.refFields)[field];
  }

  /** Ids in ascending order. */
  ascendingIds(): readonly string[] {
    if (this.sortedDirty) {
      this.sortedIds.sort();
      this.sortedDirty = false;
    }
    return this.sortedIds;
  }

  /** The query's matching rows after `afterId`, in ascending id order, at most `limit`. */
  scan(
    query: ListQuery,
    afterId: string | null,
    limit: number,
    related: (model: ModelKey) => RecordTable,
  ): Row[] {
    const candidates = this.candidateIds(query);
    let start = 0;
    if (afterId !== null) start = upperBound(candidates, afterId);
    const out: Row[] = [];
    for (let i = start; i < candidates.length && out.length < limit; i++) {
      const row = this.byId.get(candidates[i] as string);
      if (row && this.matches(row, query, related)) out.push(row);
    }
    return out;
  }

  private candidateIds(query: ListQuery): readonly string[] {
    if (query.ids === undefined && query.remote_ids === undefined) return this.ascendingIds();
    let ids: Set<string> | null = query.ids ? new Set(query.ids) : null;
    if (query.remote_ids) {
      // Stored ids are unifiedId(integration, model, remote_id) (validatePageCommit checks it).
      const fromRemote = new Set<string>();
      for (const r of query.remote_ids) {
        const id = unifiedId(this.integrationId, this.model, r);
        if (this.byId.get(id)?.remoteId === r && (ids === null || ids.has(id))) fromRemote.add(id);
      }
      ids = fromRemote;
    }
    return [...(ids ?? [])].sort();
  }

  private matches(row: Row, query: ListQuery, related: (model: ModelKey) => RecordTable): boolean {
    if (!query.include_deleted && row.deletedAt !== null) return false;
    if (
      query.updated_after !== undefined &&
      !(Date.parse(row.treeChangedAt) > Date.parse(query.updated_after))
    ) {
      return false;
    }
    const filters = query.filters ?? [];
    if (filters.length === 0) return true;
    let decoded: Record<string, unknown> | null = null;
    const value = (field: string): unknown => {
      const ref = this.refOf(row, field);
      if (ref !== undefined) return ref;
      if ((PAYLOAD_MEMBERS as readonly string[]).includes(field)) return this.record(row)[field];
      decoded ??= this.fieldsOf(row);
      return decoded[field];
    };
    return filters.every((f) => matchesFilter(row.id, value, f, related));
  }

  /** Ids of rows whose (non-reference) `field` equals `value`, decoding each row. */
  private *scanReferencing(field: string, value: string): Iterable<string> {
    for (const row of this.byId.values()) if (this.fieldsOf(row)[field] === value) yield row.id;
  }

  /** Indexes `id` under each of `refs`; returns them as the index's instances. */
  private index(refs: readonly (string | null)[], id: string): (string | null)[] {
    return refs.map((v, i) => (v === null ? null : (this.postings[i] as Postings).add(v, id)));
  }

  private unindex(refs: readonly (string | null)[], id: string): void {
    refs.forEach((v, i) => {
      if (v !== null) (this.postings[i] as Postings).delete(v, id);
    });
  }
}

/** Index of the first element greater than `value` in an ascending array. */
function upperBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matchesFilter(
  id: string,
  value: (field: string) => unknown,
  f: RecordFilter,
  related: (model: ModelKey) => RecordTable,
): boolean {
  switch (f.op) {
    case "in":
      return f.values.includes((value(f.field) ?? null) as string | number | boolean | null);
    case "equals_ci": {
      const v = value(f.field);
      return typeof v === "string" && v.toLowerCase() === f.value.toLowerCase();
    }
    case "contains_ci": {
      const v = value(f.field);
      return typeof v === "string" && v.toLowerCase().includes(f.value.toLowerCase());
    }
    case "after": {
      const v = value(f.field);
      return typeof v === "string" && Date.parse(v) > Date.parse(f.value);
    }
    case "array_has_ci": {
      const arr = value(f.field);
      if (!Array.isArray(arr)) return false;
      const wanted = new Set(f.values.map((v) => v.toLowerCase()));
      return arr.some((el: unknown) => {
        const v = el && typeof el === "object" ? (el as Record<string, unknown>)[f.key] : undefined;
        return typeof v === "string" && wanted.has(v.toLowerCase());
      });
    }
    case "has_related": {
      const table = related(f.model);
      for (const otherId of table.idsReferencing(f.foreignKey, id)) {
        const other = table.get(otherId);
        if (!other || other.deletedAt !== null) continue;
        const ref = table.refOf(other, f.field);
        const v = ref !== undefined ? ref : table.fieldsOf(other)[f.field];
        if (f.values.includes(v as string)) return true;
      }
      return false;
    }
    default:
      throw new AtsyncError("PLATFORM.INPUT_INVALID", `Unknown filter op "${(f as { op: string }).op}"`);
  }
}
