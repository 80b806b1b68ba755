import type { InternalRecord } from "./model.js";
import type { ProfileType } from "./schema.js";

/**
 * Everything that differs from the generated data: edited and created records (stored whole), purged
 * ids, and the id/entry counters for new records. Memory is proportional to the number of changes.
 */
export class Overlay {
  private readonly records = new Map<ProfileType, Map<number, InternalRecord>>();
  private readonly purged = new Map<ProfileType, Set<number>>();
  /** Created ids per type, ascending (ids are allocated in increasing order). */
  private readonly created = new Map<ProfileType, number[]>();
  private readonly nextIds: Map<ProfileType, number>;
  private nextEntryId: number;

  constructor(firstIds: Record<ProfileType, number>, firstEntryId: number) {
    this.nextIds = new Map(Object.entries(firstIds) as [ProfileType, number][]);
    this.nextEntryId = firstEntryId;
  }

  /** The stored record, or undefined when the record was never written. */
  get(type: ProfileType, id: number): InternalRecord | undefined {
    return this.records.get(type)?.get(id);
  }

  /** Stores (replaces) a record. */
  put(type: ProfileType, record: InternalRecord): void {
    let map = this.records.get(type);
    if (!map) {
      map = new Map();
      this.records.set(type, map);
    }
    map.set(record.id, record);
  }

  /** Every stored record of a type (edited generated ones and created ones). */
  all(type: ProfileType): IterableIterator<InternalRecord> {
    return (this.records.get(type) ?? new Map<number, InternalRecord>()).values();
  }

  /** Marks an id as purged (irreversible) and drops its stored record. */
  purge(type: ProfileType, id: number): void {
    let set = this.purged.get(type);
    if (!set) {
      set = new Set();
      this.purged.set(type, set);
    }
    set.add(id);
    this.records.get(type)?.delete(id);
  }

  /** True when any record of any type was ever purged. */
  hasPurges(): boolean {
    return this.purged.size > 0;
  }

  /** True when the id was purged. */
  isPurged(type: ProfileType, id: number): boolean {
    return this.purged.get(type)?.has(id) ?? false;
  }

  /** Allocates the id of a new record (greater than every id allocated before). */
  allocateId(type: ProfileType): number {
    const id = this.nextIds.get(type) ?? 1;
    this.nextIds.set(type, id + 1);
    let list = this.created.get(type);
    if (!list) {
      list = [];
      this.created.set(type, list);
    }
    list.push(id);
    return id;
  }

  /** Ids of created records, ascending (purged ones included; callers check existence). */
  createdIds(type: ProfileType): readonly number[] {
    return this.created.get(type) ?? [];
  }

  /** Allocates a collection entry id (unique across the tenant). */
  allocateEntryId(): number {
    return this.nextEntryId++;
  }
}
