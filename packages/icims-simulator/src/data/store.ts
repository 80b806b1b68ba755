import type { DataGenerator } from "./generate.js";
import { ENTRY_FACTOR } from "./generate.js";
import type { InternalRecord } from "./model.js";
import { Overlay } from "./overlay.js";
import type { ProfileType } from "./schema.js";
import { PROFILE_TYPES } from "./schema.js";

/**
 * The tenant's current data: generated records, overridden by the overlay. Records returned by `get`
 * are shared; callers that change a record must `clone` it and `put` the copy.
 */
export class RecordStore {
  private readonly overlay: Overlay;
  /** Ids hidden from the API user per type (see `setHidden`). */
  private readonly hidden = new Map<ProfileType, Set<number>>();

  constructor(readonly generator: DataGenerator) {
    const firstIds = Object.fromEntries(PROFILE_TYPES.map((t) => [t, generator.firstFreeId(t)])) as Record<
      ProfileType,
      number
    >;
    const maxId = Math.max(...Object.values(firstIds));
    this.overlay = new Overlay(firstIds, (maxId + 1) * ENTRY_FACTOR);
  }

  /**
   * True when the record exists. A workflow also needs its job and its person to exist (purging a job or
   * a person removes its workflows); until something is purged, every generated or created id exists.
   */
  exists(type: ProfileType, id: number): boolean {
    if (this.overlay.isPurged(type, id)) return false;
    if (!this.overlay.get(type, id) && this.generator.indexOf(type, id) < 0) return false;
    if (type !== "applicantworkflows" || !this.overlay.hasPurges()) return true;
    return (
      this.exists("jobs", this.field(type, id, "baseprofile") as number) &&
      this.exists("people", this.field(type, id, "associatedprofile") as number)
    );
  }

  /** One field (internal shape) of an existing record, without building the record. */
  field(type: ProfileType, id: number, name: string): unknown {
    const stored = this.overlay.get(type, id);
    if (stored) return stored.fields[name];
    const index = this.generator.indexOf(type, id);
    return index < 0 ? undefined : this.generator.field(type, index, name);
  }

  /** The record, or undefined when it does not exist. Do not mutate the result. */
  get(type: ProfileType, id: number): InternalRecord | undefined {
    if (!this.exists(type, id)) return undefined;
    const stored = this.overlay.get(type, id);
    if (stored) return stored;
    return this.generator.record(type, this.generator.indexOf(type, id));
  }

  /** Stores a changed or created record. */
  put(type: ProfileType, record: InternalRecord): void {
    this.overlay.put(type, record);
  }

  /** Purges a record. */
  purge(type: ProfileType, id: number): void {
    this.overlay.purge(type, id);
  }

  /**
   * Hides a record from the API user (GET answers as for a missing record, searches skip it) or shows
   * it again. Only the record itself is affected: its workflows and links stay, and `get`/`exists`
   * still see it.
   */
  setHidden(type: ProfileType, id: number, hidden: boolean): void {
    let ids = this.hidden.get(type);
    if (!ids) {
      ids = new Set();
      this.hidden.set(type, ids);
    }
    if (hidden) ids.add(id);
    else ids.delete(id);
  }

  /** Ids of a type currently hidden from the API user (a live view; ids may have been purged since). */
  hiddenIds(type: ProfileType): ReadonlySet<number> {
    return this.hidden.get(type) ?? NONE_HIDDEN;
  }

  /** Allocates the id for a new record of `type`. */
  allocateId(type: ProfileType): number {
    return this.overlay.allocateId(type);
  }

  /** Allocates a collection entry id. */
  allocateEntryId(): number {
    return this.overlay.allocateEntryId();
  }

  /** Existing ids greater than `afterId`, ascending. */
  *idsAfter(type: ProfileType, afterId: number): Generator<number> {
    const gen = this.generator;
    for (let i = gen.firstIndexAfter(type, afterId), n = gen.count(type); i < n; i++) {
      const id = gen.idAt(type, i);
      if (!this.overlay.hasPurges() || this.exists(type, id)) yield id;
    }
    for (const id of this.overlay.createdIds(type)) {
      if (id > afterId && this.exists(type, id)) yield id;
    }
  }

  /** Ids of the existing workflows whose person is `personId`, ascending. */
  workflowsOfPerson(personId: number): number[] {
    const ids = new Set<number>();
    const personIndex = this.generator.indexOf("people", personId);
    if (personIndex >= 0) {
      for (const w of this.generator.workflowIndicesOfPerson(personIndex))
        ids.add(this.generator.idAt("applicantworkflows", w));
    }
    for (const record of this.overlay.all("applicantworkflows")) ids.add(record.id);
    return [...ids]
      .filter(
        (id) =>
          this.exists("applicantworkflows", id) &&
          this.field("applicantworkflows", id, "associatedprofile") === personId,
      )
      .sort((a, b) => a - b);
  }
}

const NONE_HIDDEN: ReadonlySet<number> = new Set();

/** Deep copy of a record (for copy-on-write). */
export function clone(record: InternalRecord): InternalRecord {
  return structuredClone(record);
}
