import {
  AtsyncError,
  type ListQuery,
  type ModelKey,
  type RecordFilter,
  type StoredRecord,
  type StoredRecordWithTree,
} from "@atsync/core/storage";

/** One stored record with what the memory backend keeps beside it. */
export interface Row {
  /** The record as stored (never handed out without a copy). */
  record: StoredRecord;
  /** `contentHash` of the record's own unified fields. */
  hash: string;
  /** Canonical JSON of the unhashed vendor members (`remote_data`, vendor timestamps), to notice payload-only changes. */
  payloadJson: string;
  /** Later of `changed_at` and nested children's changes. */
  treeChangedAt: string;
}

/** The records of one model of one integration, with the indexes reads need. */
export class RecordTable {
  readonly byId = new Map<string, Row>();
  readonly idByRemoteId = new Map<string, string>();
  /** field → value → ids, for every reference field (`job_id`, `candidate_id`, ...). */
  private readonly refIndex = new Map<string, Map<string, Set<string>>>();
  private sortedIds: string[] = [];
  private sortedDirty = false;

  constructor(
    readonly model: ModelKey,
    private readonly refFields: readonly string[],
  ) {
    for (const f of refFields) this.refIndex.set(f, new Map());
  }

  /** Inserts or replaces a row, keeping every index current. */
  put(row: Row): void {
    const id = row.record.id;
    const old = this.byId.get(id);
    if (old) this.unindexRefs(old.record);
    else {
      this.sortedIds.push(id);
      this.sortedDirty = true;
    }
    this.byId.set(id, row);
    this.idByRemoteId.set(row.record.remote_id, id);
    this.indexRefs(row.record);
  }

  /** Ids of rows whose reference `field` holds `value`. */
  idsReferencing(field: string, value: string): ReadonlySet<string> {
    return this.refIndex.get(field)?.get(value) ?? new Set();
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
      if (row && matches(row, query, related)) out.push(row);
    }
    return out;
  }

  private candidateIds(query: ListQuery): readonly string[] {
    if (query.ids === undefined && query.remote_ids === undefined) return this.ascendingIds();
    let ids: Set<string> | null = query.ids ? new Set(query.ids) : null;
    if (query.remote_ids) {
      const fromRemote = new Set<string>();
      for (const r of query.remote_ids) {
        const id = this.idByRemoteId.get(r);
        if (id !== undefined && (ids === null || ids.has(id))) fromRemote.add(id);
      }
      ids = fromRemote;
    }
    return [...(ids ?? [])].sort();
  }

  private indexRefs(record: StoredRecord): void {
    for (const f of this.refFields) {
      const v = record[f];
      if (typeof v !== "string") continue;
      const byValue = this.refIndex.get(f) as Map<string, Set<string>>;
      let set = byValue.get(v);
      if (!set) {
        set = new Set();
        byValue.set(v, set);
      }
      set.add(record.id);
    }
  }

  private unindexRefs(record: StoredRecord): void {
    for (const f of this.refFields) {
      const v = record[f];
      if (typeof v === "string") this.refIndex.get(f)?.get(v)?.delete(record.id);
    }
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

function matches(row: Row, query: ListQuery, related: (model: ModelKey) => RecordTable): boolean {
  const r = row.record;
  if (!query.include_deleted && r.remote_deleted_at !== null) return false;
  if (
    query.updated_after !== undefined &&
    !(Date.parse(row.treeChangedAt) > Date.parse(query.updated_after))
  ) {
    return false;
  }
  return (query.filters ?? []).every((f) => matchesFilter(r, f, related));
}

function matchesFilter(r: StoredRecord, f: RecordFilter, related: (model: ModelKey) => RecordTable): boolean {
  switch (f.op) {
    case "in":
      return f.values.includes((r[f.field] ?? null) as string | number | boolean | null);
    case "equals_ci":
      return typeof r[f.field] === "string" && (r[f.field] as string).toLowerCase() === f.value.toLowerCase();
    case "contains_ci":
      return (
        typeof r[f.field] === "string" && (r[f.field] as string).toLowerCase().includes(f.value.toLowerCase())
      );
    case "after": {
      const v = r[f.field];
      return typeof v === "string" && Date.parse(v) > Date.parse(f.value);
    }
    case "array_has_ci": {
      const arr = r[f.field];
      if (!Array.isArray(arr)) return false;
      const wanted = new Set(f.values.map((v) => v.toLowerCase()));
      return arr.some((el: unknown) => {
        const v = el && typeof el === "object" ? (el as Record<string, unknown>)[f.key] : undefined;
        return typeof v === "string" && wanted.has(v.toLowerCase());
      });
    }
    case "has_related": {
      const table = related(f.model);
      for (const id of table.idsReferencing(f.foreignKey, r.id)) {
        const other = table.byId.get(id)?.record;
        if (other && other.remote_deleted_at === null && f.values.includes(other[f.field] as string))
          return true;
      }
      return false;
    }
    default:
      throw new AtsyncError("PLATFORM.INPUT_INVALID", `Unknown filter op "${(f as { op: string }).op}"`);
  }
}

/** A deep copy of a row's record with `tree_changed_at`, safe to hand to callers. */
export function exportRow(row: Row): StoredRecordWithTree {
  return { ...structuredClone(row.record), tree_changed_at: row.treeChangedAt };
}
