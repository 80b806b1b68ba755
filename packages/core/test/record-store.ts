import type { ModelKey } from "../src/model/common.js";
import { decodeCursor, encodeCursor } from "../src/storage/encoding.js";
import type {
  ListPage,
  ListQuery,
  RecordFilter,
  RecordInput,
  RecordStore,
  StoredRecordWithTree,
} from "../src/storage/records.js";
import { validateListQuery } from "../src/storage/validate.js";

/** Storage-owned fields a test may set on a record it adds; defaults: not deleted, changed 2024-01-01. */
export type StoredOverrides = Partial<
  Pick<StoredRecordWithTree, "changed_at" | "remote_deleted_at" | "tree_changed_at">
>;

/**
 * Test-only `RecordStore` (not exported from any barrel): the read contract of `records.ts` —
 * ascending-id keyset pages, every `RecordFilter` op, integration scoping — over an array; the
 * calls reads never make throw. `calls` counts storage round trips so tests can assert batching.
 */
export class TestRecordStore implements RecordStore {
  /** Number of get/getMany/list calls so far. */
  calls = 0;
  private readonly rows: { integrationId: string; model: ModelKey; record: StoredRecordWithTree }[] = [];

  /** Stores `input` as a record of `model`. */
  add(integrationId: string, model: ModelKey, input: RecordInput, overrides: StoredOverrides = {}): void {
    const changed_at = overrides.changed_at ?? "2024-01-01T00:00:00.000Z";
    const record = {
      remote_deleted_at: null,
      ...input,
      changed_at,
      tree_changed_at: changed_at,
      ...overrides,
    };
    this.rows.push({ integrationId, model, record });
  }

  async get(integrationId: string, model: ModelKey, id: string) {
    return (await this.getMany(integrationId, model, [id]))[0] ?? null;
  }

  async getMany(integrationId: string, model: ModelKey, ids: readonly string[]) {
    this.calls++;
    return this.of(integrationId, model).filter((r) => ids.includes(r.id));
  }

  async list(integrationId: string, model: ModelKey, q: ListQuery): Promise<ListPage<StoredRecordWithTree>> {
    this.calls++;
    validateListQuery(model, q);
    const after = q.cursor ? String(decodeCursor(q.cursor).id) : "";
    const all = this.of(integrationId, model)
      .filter((r) => r.id > after && (q.include_deleted || r.remote_deleted_at === null))
      .filter((r) => (q.ids?.includes(r.id) ?? true) && (q.remote_ids?.includes(r.remote_id) ?? true))
      .filter(
        (r) => q.updated_after === undefined || Date.parse(r.tree_changed_at) > Date.parse(q.updated_after),
      )
      .filter((r) => (q.filters ?? []).every((f) => this.matches(integrationId, r, f)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const results = all.slice(0, q.page_size);
    const last = results.at(-1);
    return { results, next: all.length > q.page_size && last ? encodeCursor({ id: last.id }) : null };
  }

  listRemoteIds(): AsyncIterable<string[]> {
    throw new Error("not used by reads");
  }

  count(): Promise<number> {
    throw new Error("not used by reads");
  }

  private of(integrationId: string, model: ModelKey): StoredRecordWithTree[] {
    const rows = this.rows.filter((row) => row.integrationId === integrationId && row.model === model);
    return rows.map((row) => structuredClone(row.record));
  }

  private matches(integrationId: string, r: StoredRecordWithTree, f: RecordFilter): boolean {
    const value = r[f.field];
    const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
    switch (f.op) {
      case "in":
        return f.values.includes((value ?? null) as string | number | boolean | null);
      case "equals_ci":
        return typeof value === "string" && lower(value) === lower(f.value);
      case "contains_ci":
        return typeof value === "string" && value.toLowerCase().includes(f.value.toLowerCase());
      case "after":
        return typeof value === "string" && Date.parse(value) > Date.parse(f.value);
      case "array_has_ci":
        return (
          Array.isArray(value) && value.some((el) => f.values.some((v) => lower(el?.[f.key]) === lower(v)))
        );
      case "has_related":
        return this.of(integrationId, f.model).some(
          (o) =>
            o.remote_deleted_at === null &&
            o[f.foreignKey] === r.id &&
            f.values.includes(o[f.field] as string),
        );
    }
  }
}
