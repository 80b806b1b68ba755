import type { ProfileType } from "../data/schema.js";
import { SEARCH_PREFIX } from "../data/schema.js";
import type { RecordStore } from "../data/store.js";
import { parseSearchDate } from "../dates.js";
import { badRequest } from "../errors.js";
import type { FilterCatalog, FilterDef, FilterKind } from "./catalog.js";

/** Maximum rows of one search answer. */
const SEARCH_PAGE_SIZE = 1000;

type Operator = "=" | "==" | "!=" | "!==" | "<" | ">" | "<=" | ">=";

const OPERATORS: Record<FilterKind, readonly Operator[]> = {
  text: ["=", "==", "!=", "!=="],
  list: ["=", "!="],
  portal: ["=", "!="],
  id: ["=", "!=", "<", ">", "<=", ">="],
  number: ["=", "!=", "<", ">", "<=", ">="],
  date: ["=", "!=", "<", ">", "<=", ">="],
};

interface Filter {
  def: FilterDef;
  op: Operator;
  /** Text / list / portal values as sent. */
  values: string[];
  /** Numeric values (id / number filters). */
  numbers: number[];
  /** Date bounds; undefined = no bound (absent or unparseable — iCIMS ignores unparseable dates). */
  from?: number | undefined;
  to?: number | undefined;
}

/** A parsed filter group (`&` = all, `|` = any) with nested children. */
export interface Query {
  op: "&" | "|";
  filters: Filter[];
  children: Query[];
}

const FILTER_KEYS = new Set(["name", "value", "secondaryValue", "operator"]);
const GROUP_KEYS = new Set(["filters", "operator", "children"]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Parses and validates a search body with iCIMS' rules: attribute keys are checked, filter names must carry
 * the type prefix and be known (and not hidden), operators must suit the filter, `value` is an array of
 * strings, and at least one filter must be present unless `allowEmpty`. Violations are 400s.
 */
export function parseQuery(
  raw: unknown,
  type: ProfileType,
  catalog: FilterCatalog,
  portals: readonly string[],
  allowEmpty = false,
): Query {
  const query = parseGroup(raw, type, catalog, portals);
  if (!allowEmpty && countFilters(query) === 0) throw badRequest("At least one filter must be specified.");
  return query;
}

function countFilters(query: Query): number {
  return query.filters.length + query.children.reduce((n, child) => n + countFilters(child), 0);
}

function parseGroup(
  raw: unknown,
  type: ProfileType,
  catalog: FilterCatalog,
  portals: readonly string[],
): Query {
  if (!isObject(raw)) throw badRequest("The search request must be a JSON object.");
  for (const key of Object.keys(raw)) {
    if (!GROUP_KEYS.has(key)) throw badRequest(`Unrecognized attribute "${key}" in the search request.`);
  }
  const op = raw["operator"] ?? "&";
  if (op !== "&" && op !== "|") throw badRequest(`Operator "${String(op)}" is not valid for a filter group.`);
  const filters = raw["filters"] ?? [];
  const children = raw["children"] ?? [];
  if (!Array.isArray(filters) || !Array.isArray(children))
    throw badRequest('"filters" and "children" must be arrays.');
  return {
    op,
    filters: filters.map((f) => parseFilter(f, type, catalog, portals)),
    children: children.map((c) => parseGroup(c, type, catalog, portals)),
  };
}

function stringArray(raw: unknown, name: string, attribute: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === "string")) {
    throw badRequest(`"${attribute}" of filter "${name}" must be an array of strings.`);
  }
  return raw;
}

function parseFilter(
  raw: unknown,
  type: ProfileType,
  catalog: FilterCatalog,
  portals: readonly string[],
): Filter {
  if (!isObject(raw)) throw badRequest("Each filter must be a JSON object.");
  for (const key of Object.keys(raw)) {
    if (!FILTER_KEYS.has(key)) throw badRequest(`Unrecognized attribute "${key}" in a filter.`);
  }
  const name = raw["name"];
  if (typeof name !== "string") throw badRequest('Each filter needs a "name".');
  const def = catalog.resolve(type, name);
  if (def === "prefix")
    throw badRequest(`Filter "${name}" is not valid for a ${SEARCH_PREFIX[type]} search.`);
  if (!def) throw badRequest(`Unknown filter "${name}".`);
  const op = (raw["operator"] ?? "=") as Operator;
  if (!OPERATORS[def.kind].includes(op))
    throw badRequest(`Operator "${String(op)}" is not valid for filter "${name}".`);
  const values = stringArray(raw["value"], name, "value");
  const secondary = stringArray(raw["secondaryValue"], name, "secondaryValue");
  if (def.kind === "date") {
    const first = values[0]?.trim() ?? "";
    const second = secondary[0]?.trim() ?? "";
    if (first === "" && second === "") throw badRequest(`Date filter "${name}" cannot be blank.`);
    return { def, op, values, numbers: [], from: parseSearchDate(first), to: parseSearchDate(second) };
  }
  if (values.length === 0) throw badRequest(`Filter "${name}" needs at least one value.`);
  if (def.kind === "id" || def.kind === "number") {
    const numbers = values.map(Number);
    if (values.some((v) => !/^-?\d+(\.\d+)?$/.test(v.trim())))
      throw badRequest(`Filter "${name}" needs numeric values.`);
    return { def, op, values, numbers };
  }
  if (def.kind === "portal") {
    const names = values.map((v) => (/^\d+$/.test(v) ? (portals[Number(v) - 1] ?? v) : v));
    return { def, op, values: names, numbers: [] };
  }
  return { def, op, values, numbers: [] };
}

function compare(op: Operator, a: number, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
    default:
      return a === b;
  }
}

function matchesFilter(store: RecordStore, filter: Filter, id: number): boolean {
  const actual = filter.def.values(store, id);
  const negated = filter.op === "!=" || filter.op === "!==";
  switch (filter.def.kind) {
    case "text": {
      const exact = filter.op === "==" || filter.op === "!==";
      const texts = actual.map((v) => String(v).toLowerCase());
      const hit = filter.values.some((q) => {
        const query = q.toLowerCase();
        return texts.some((t) => (exact ? t === query : t.includes(query)));
      });
      return negated ? !hit : hit;
    }
    case "list":
    case "portal": {
      const hit = filter.values.some((q) => actual.some((v) => v === q));
      return negated ? !hit : hit;
    }
    case "date": {
      const at = actual[0] as number | undefined;
      if (filter.op === "=" || filter.op === "!=") {
        const inside =
          at !== undefined &&
          (filter.from === undefined || at >= filter.from) &&
          (filter.to === undefined || at <= filter.to);
        return negated ? at !== undefined && !inside : inside;
      }
      if (filter.from === undefined) return true;
      return at !== undefined && compare(filter.op, at, filter.from);
    }
    default: {
      const nums = actual as number[];
      if (filter.op === "!=") return !nums.some((v) => filter.numbers.includes(v));
      return filter.numbers.some((q) => nums.some((v) => compare(filter.op, v, q)));
    }
  }
}

function matches(store: RecordStore, query: Query, id: number): boolean {
  if (query.op === "&") {
    return (
      query.filters.every((f) => matchesFilter(store, f, id)) &&
      query.children.every((c) => matches(store, c, id))
    );
  }
  return (
    query.filters.some((f) => matchesFilter(store, f, id)) ||
    query.children.some((c) => matches(store, c, id))
  );
}

/** Id range implied by the top-level `<type>.id` filters of an `&` group: ids in (after, before). */
function idRange(query: Query): { after: number; before: number } {
  let after = Number.NEGATIVE_INFINITY;
  let before = Number.POSITIVE_INFINITY;
  const single = query.op === "&" || (query.filters.length === 1 && query.children.length === 0);
  if (!single) return { after, before };
  for (const f of query.filters) {
    if (!f.def.ownId || f.numbers.length === 0) continue;
    const low = Math.min(...f.numbers);
    const high = Math.max(...f.numbers);
    if (f.op === ">") after = Math.max(after, Math.floor(low));
    if (f.op === ">=" || f.op === "=") after = Math.max(after, Math.ceil(low) - 1);
    if (f.op === "<") before = Math.min(before, Math.ceil(high));
    if (f.op === "<=" || f.op === "=") before = Math.min(before, Math.floor(high) + 1);
  }
  return { after, before };
}

/**
 * Runs a query: matching existing ids not hidden from the API user, ascending, at most `SEARCH_PAGE_SIZE`. `accept` adds a condition
 * (portal search: posted jobs only).
 */
export function runQuery(
  store: RecordStore,
  type: ProfileType,
  query: Query,
  accept: (id: number) => boolean = () => true,
): number[] {
  const { after, before } = idRange(query);
  const hidden = store.hiddenIds(type);
  const out: number[] = [];
  for (const id of store.idsAfter(type, after)) {
    if (id >= before) break;
    if (!hidden.has(id) && accept(id) && matches(store, query, id)) {
      out.push(id);
      if (out.length >= SEARCH_PAGE_SIZE) break;
    }
  }
  return out;
}
