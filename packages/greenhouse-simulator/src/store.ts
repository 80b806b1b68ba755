import type { ResourceName, Row, Tenant } from "./tenant.js";

/**
 * The tenant's current records: generated ones from `Tenant`, overlaid with edits, deletions and
 * created records. Only the overlay is kept in memory.
 */
export class RecordStore {
  /** Edited (row) or deleted (null) generated records, and created records, by resource and id. */
  private readonly overlay = new Map<ResourceName, Map<number, Row | null>>();
  /** Ids of created records per resource, ascending. */
  private readonly created = new Map<ResourceName, number[]>();
  private nextId = 900_000_000;

  constructor(readonly tenant: Tenant) {}

  /** The current record, or undefined when it does not exist (never did, or deleted). */
  get(resource: ResourceName, id: number): Row | undefined {
    const edited = this.overlay.get(resource)?.get(id);
    if (edited !== undefined) return edited ?? undefined;
    const generated = this.tenant.resources[resource];
    const slot = generated.slotOf(id);
    return slot === undefined ? undefined : generated.generate(slot);
  }

  /** Replaces an existing record (caller sets timestamps). */
  put(resource: ResourceName, row: Row): void {
    this.layer(resource).set(row.id, row);
  }

  /** Adds a record with a fresh id (above every generated id) and returns it. */
  create(resource: ResourceName, fields: Record<string, unknown>): Row {
    const row: Row = { ...fields, id: this.nextId++ };
    this.layer(resource).set(row.id, row);
    const ids = this.created.get(resource) ?? [];
    ids.push(row.id);
    this.created.set(resource, ids);
    return row;
  }

  /** Deletes a record; false when it did not exist. */
  remove(resource: ResourceName, id: number): boolean {
    if (!this.get(resource, id)) return false;
    this.layer(resource).set(id, null);
    return true;
  }

  /**
   * Current records of a resource by descending id, starting below `beforeId` (exclusive) when
   * given. Lazy: records are generated one at a time as the caller pulls them.
   */
  *descending(resource: ResourceName, beforeId = Number.POSITIVE_INFINITY): Generator<Row> {
    const layer = this.overlay.get(resource);
    const created = this.created.get(resource) ?? [];
    for (let i = created.length - 1; i >= 0; i--) {
      const id = created[i] as number;
      const row = id < beforeId ? layer?.get(id) : undefined;
      if (row) yield row;
    }
    const generated = this.tenant.resources[resource];
    const top = Number.isFinite(beforeId) ? generated.topSlotBelow(beforeId) : generated.slots - 1;
    for (let slot = top; slot >= 0; slot--) {
      const id = generated.idOf(slot);
      if (id >= beforeId) continue;
      const edited = layer?.get(id);
      const row = edited === undefined ? generated.generate(slot) : edited;
      if (row) yield row;
    }
  }

  private layer(resource: ResourceName): Map<number, Row | null> {
    let layer = this.overlay.get(resource);
    if (!layer) {
      layer = new Map();
      this.overlay.set(resource, layer);
    }
    return layer;
  }
}
