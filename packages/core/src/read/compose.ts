import type { ModelKey } from "../model/common.js";
import {
  MAX_LIST_PAGE_SIZE,
  type RecordFilter,
  type RecordStore,
  type StoredRecord,
} from "../storage/records.js";

/** One composed result object (a record's picked fields plus its embeds). */
export type Composed = Record<string, unknown>;

/** Orders the items of an embedded list. */
export type ItemOrder = (a: Composed, b: Composed) => number;

/**
 * How a stored record becomes a result object: the fields copied from it, in result order, then
 * one member per embed. Fields not listed (`tree_changed_at`, `remote_data`, references Kombo does
 * not show) never appear.
 */
export interface Shape {
  /** Fields copied as stored. */
  fields: readonly string[];
  /** Nested members, by result key. */
  embeds?: Readonly<Record<string, Embed>>;
}

/**
 * A nested member of a result, composed from other stored records. Deleted records are always left
 * out: a reference to a deleted record is null, deleted children are missing from lists.
 */
export type Embed =
  /** The record of `model` whose id is in the parent's `field`, shaped by `shape`; null when none. */
  | { kind: "reference"; model: ModelKey; field: string; shape: Shape }
  /** Records of `model` whose `foreignKey` holds the parent's id (ascending id unless `order`). */
  | { kind: "children"; model: ModelKey; foreignKey: string; shape: Shape; order?: ItemOrder }
  /**
   * Join records of `model` whose `foreignKey` holds the parent's id, each merged into the record
   * of `target.model` its `target.field` points at: the target shaped by `target.shape`, plus
   * `joinFields` of the join record. A join whose target is missing or deleted is left out.
   */
  | {
      kind: "through";
      model: ModelKey;
      foreignKey: string;
      joinFields: readonly string[];
      target: { model: ModelKey; field: string; shape: Shape };
      order?: ItemOrder;
    }
  /**
   * Records of `model` whose `foreignKey` holds the parent's id, plus those whose `foreignKey` is
   * null: shared by every parent (a job's own stages and the integration-wide ones).
   */
  | { kind: "own_or_shared"; model: ModelKey; foreignKey: string; shape: Shape; order?: ItemOrder }
  /** A list atsync does not store (tags, interviews, offers): always empty. */
  | { kind: "none" };

/**
 * Orders by `index` ascending (null last), then by `label` (a string field, null as "", English
 * collation), then by `id` (code-unit order, as storage orders ids). Deterministic for distinct ids.
 */
export function byIndexThen(label: string): ItemOrder {
  const labelOf = (item: Composed) => (typeof item[label] === "string" ? (item[label] as string) : "");
  const indexOf = (item: Composed) =>
    typeof item.index === "number" ? item.index : Number.POSITIVE_INFINITY;
  return (a, b) => {
    if (indexOf(a) !== indexOf(b)) return indexOf(a) < indexOf(b) ? -1 : 1;
    const byLabel = labelOf(a).localeCompare(labelOf(b), "en");
    if (byLabel !== 0) return byLabel;
    return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;
  };
}

/**
 * Composes nested results for one integration with batched storage calls: per embed, one
 * `getMany` for all referenced ids of a page, or one paged `list` with an `in` filter on the
 * parent-id field for all parents of a page; never one call per record.
 */
export class Composer {
  constructor(
    private readonly records: RecordStore,
    private readonly integrationId: string,
  ) {}

  /** `rows` shaped by `shape`, in the same order. */
  async compose(shape: Shape, rows: readonly StoredRecord[]): Promise<Composed[]> {
    if (rows.length === 0) return [];
    const results = rows.map((row) => pick(row, shape.fields));
    const embeds = Object.entries(shape.embeds ?? {});
    const values = await Promise.all(embeds.map(([, embed]) => this.resolve(embed, rows)));
    embeds.forEach(([key], e) => {
      results.forEach((result, r) => {
        result[key] = values[e]?.[r];
      });
    });
    return results;
  }

  /** The embed's value for each parent, aligned with `parents`. */
  private async resolve(embed: Embed, parents: readonly StoredRecord[]): Promise<unknown[]> {
    switch (embed.kind) {
      case "none":
        return parents.map(() => []);
      case "reference": {
        const targets = await this.composeById(
          embed.shape,
          embed.model,
          parents.map((p) => p[embed.field]),
        );
        return parents.map((p) => targets.get(p[embed.field] as string) ?? null);
      }
      case "children": {
        const children = await this.listLive(embed.model, [childOf(embed.foreignKey, parents)]);
        const items = await this.compose(embed.shape, children);
        return groupUnder(parents, children, items, embed.foreignKey, embed.order);
      }
      case "through": {
        const { target } = embed;
        const joins = await this.listLive(embed.model, [childOf(embed.foreignKey, parents)]);
        const targets = await this.composeById(
          target.shape,
          target.model,
          joins.map((j) => j[target.field]),
        );
        const kept: StoredRecord[] = [];
        const items: Composed[] = [];
        for (const join of joins) {
          const item = targets.get(join[target.field] as string);
          if (!item) continue;
          kept.push(join);
          items.push({ ...item, ...pick(join, embed.joinFields) });
        }
        return groupUnder(parents, kept, items, embed.foreignKey, embed.order);
      }
      case "own_or_shared": {
        const records = await this.listLive(embed.model, [
          { op: "in", field: embed.foreignKey, values: [null, ...parents.map((p) => p.id)] },
        ]);
        const items = await this.compose(embed.shape, records);
        const shared = items.filter((_, i) => (records[i]?.[embed.foreignKey] ?? null) === null);
        const own = groupUnder(parents, records, items, embed.foreignKey, undefined);
        return own.map((group) => {
          const all = [...group, ...structuredClone(shared)];
          return embed.order ? all.sort(embed.order) : all;
        });
      }
    }
  }

  /** Non-deleted records of `model` with the given ids (non-strings ignored), shaped, by id. */
  private async composeById(
    shape: Shape,
    model: ModelKey,
    ids: readonly unknown[],
  ): Promise<Map<string, Composed>> {
    const unique = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
    if (unique.length === 0) return new Map();
    const found = await this.records.getMany(this.integrationId, model, unique);
    const live = found.filter((record) => record.remote_deleted_at === null);
    const items = await this.compose(shape, live);
    return new Map(live.map((record, i) => [record.id, items[i] as Composed]));
  }

  /** Every non-deleted record of `model` matching `filters`, in ascending id order. */
  private async listLive(model: ModelKey, filters: readonly RecordFilter[]): Promise<StoredRecord[]> {
    const all: StoredRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.records.list(this.integrationId, model, {
        filters,
        cursor,
        page_size: MAX_LIST_PAGE_SIZE,
      });
      all.push(...page.results);
      cursor = page.next;
    } while (cursor !== null);
    return all;
  }
}

function pick(record: StoredRecord, fields: readonly string[]): Composed {
  const out: Composed = {};
  for (const field of fields) out[field] = record[field];
  return out;
}

function childOf(foreignKey: string, parents: readonly StoredRecord[]): RecordFilter {
  return { op: "in", field: foreignKey, values: parents.map((p) => p.id) };
}

/** `items` (aligned with `children`) grouped under the parent their `foreignKey` names. */
function groupUnder(
  parents: readonly StoredRecord[],
  children: readonly StoredRecord[],
  items: readonly Composed[],
  foreignKey: string,
  order: ItemOrder | undefined,
): Composed[][] {
  const groups = new Map<unknown, Composed[]>(parents.map((p) => [p.id, []]));
  children.forEach((child, i) => {
    groups.get(child[foreignKey])?.push(items[i] as Composed);
  });
  return parents.map((p) => {
    const group = groups.get(p.id) ?? [];
    return order ? group.sort(order) : group;
  });
}
