import { invalid } from "./errors.js";
import type { RecordStore } from "./store.js";
import type { ResourceName, Row } from "./tenant.js";

/** How one query parameter of a list endpoint filters records. */
type FilterSpec =
  | { kind: "ids"; field: string }
  | { kind: "date"; field: string }
  | { kind: "enum"; field: string; values: readonly string[] }
  | { kind: "bool"; field: string }
  | { kind: "number"; field: string }
  | { kind: "match"; test: (row: Row, value: string) => boolean }
  /** Accepted and handled elsewhere (e.g. `show_service_accounts`). */
  | { kind: "flag" };

const ids = (field: string): FilterSpec => ({ kind: "ids", field });
const date = (field: string): FilterSpec => ({ kind: "date", field });

/** The query parameters each list endpoint accepts besides `cursor`, `per_page`, `fields`, `ids`, `created_at`, `updated_at`. */
const FILTERS: Record<ResourceName, Record<string, FilterSpec>> = {
  jobs: {
    status: { kind: "enum", field: "status", values: ["open", "closed", "draft"] },
    department_id: { kind: "number", field: "department_id" },
    office_id: { kind: "match", test: (row, value) => (row.office_ids as number[]).includes(Number(value)) },
  },
  job_interview_stages: { job_ids: ids("job_id") },
  job_posts: {
    job_ids: ids("job_id"),
    active: { kind: "bool", field: "active" },
    live: { kind: "bool", field: "live" },
  },
  candidates: {
    email: {
      kind: "match",
      test: (row, value) =>
        (row.email_addresses as { value: string }[]).some(
          (e) => e.value.toLowerCase() === value.toLowerCase(),
        ),
    },
    tag: { kind: "match", test: (row, value) => (row.tags as string[]).includes(value) },
    private: { kind: "bool", field: "private" },
    last_activity_at: date("last_activity_at"),
  },
  applications: {
    candidate_ids: ids("candidate_id"),
    job_ids: ids("job_id"),
    status: { kind: "enum", field: "status", values: ["in_process", "rejected", "hired"] },
    last_activity_at: date("last_activity_at"),
  },
  rejection_details: { application_ids: ids("application_id") },
  rejection_reasons: { include_defaults: { kind: "flag" } },
  users: {
    primary_email: {
      kind: "match",
      test: (row, value) => String(row.primary_email).toLowerCase() === value.toLowerCase(),
    },
    show_service_accounts: { kind: "flag" },
  },
  departments: {},
  offices: {},
  sources: {},
  candidate_tags: {},
  applied_candidate_tags: { candidate_ids: ids("candidate_id"), candidate_tag_ids: ids("candidate_tag_id") },
  interviews: { application_ids: ids("application_id"), job_ids: ids("job_id") },
  offers: {
    application_ids: ids("application_id"),
    status: { kind: "enum", field: "status", values: ["Created", "Accepted", "Rejected", "Deprecated"] },
  },
  notes: { candidate_ids: ids("candidate_id"), application_ids: ids("application_id") },
  attachments: {
    candidate_ids: ids("candidate_id"),
    application_ids: ids("application_id"),
    type: {
      kind: "enum",
      field: "type",
      values: ["resume", "cover_letter", "admin_only", "offer_packet", "other"],
    },
  },
  custom_fields: {
    field_type: { kind: "enum", field: "field_type", values: ["job", "candidate", "application"] },
  },
  custom_field_options: { custom_field_ids: ids("custom_field_id") },
};

const COMMON: Record<string, FilterSpec> = {
  ids: ids("id"),
  created_at: date("created_at"),
  updated_at: date("updated_at"),
};

/** Largest and default `per_page`. */
export const MAX_PER_PAGE = 500;
export const DEFAULT_PER_PAGE = 100;
/** Most ids an `ids` / `*_ids` filter takes. */
export const MAX_FILTER_IDS = 50;

/** A parsed list request: the filter parameters, the page size and where the previous page ended. */
export interface ListQuery {
  /** Filter parameters exactly as given on the first request (cursor payload). */
  params: Record<string, string>;
  perPage: number;
  /** Id of the last record served by the previous page (pages continue below it). */
  afterId?: number;
}

const CURSOR_ONLY = "When passing a cursor, do not include other query params.";

/** Parses a list request's query string; throws 422 HarvestErrors like the API. */
export function parseListQuery(resource: ResourceName, search: URLSearchParams): ListQuery {
  const names = [...search.keys()];
  if (search.has("cursor")) {
    if (names.length !== 1) throw invalid(CURSOR_ONLY);
    return decodeCursor(search.get("cursor") ?? "");
  }
  const params: Record<string, string> = {};
  for (const name of names) {
    if (search.getAll(name).length > 1) throw invalid(`Repeated query parameter: ${name}`);
    params[name] = search.get(name) ?? "";
  }
  const { per_page: perPageText, ...filters } = params;
  const perPage = perPageText === undefined ? DEFAULT_PER_PAGE : Number(perPageText);
  if (!(Number.isInteger(perPage) && perPage >= 1 && perPage <= MAX_PER_PAGE) || perPageText?.trim() === "") {
    throw invalid(`per_page must be an integer between 1 and ${MAX_PER_PAGE}`);
  }
  for (const name of Object.keys(filters)) {
    if (name !== "fields" && !(name in COMMON) && !(name in FILTERS[resource])) {
      throw invalid(`Unknown query parameter: ${name}`);
    }
  }
  // Validate everything now so a bad filter fails on the first page, not inside a cursor.
  compileFilters(resource, filters);
  return { params: filters, perPage };
}

/** The cursor of the page after `lastId`: base64url JSON of the query. */
export function encodeCursor(query: ListQuery, lastId: number): string {
  return Buffer.from(JSON.stringify({ q: query.params, p: query.perPage, a: lastId })).toString("base64url");
}

function decodeCursor(cursor: string): ListQuery {
  try {
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      q: Record<string, string>;
      p: number;
      a: number;
    };
    if (typeof payload.q !== "object" || !Number.isInteger(payload.p) || !Number.isInteger(payload.a))
      throw new Error("shape");
    return { params: payload.q, perPage: payload.p, afterId: payload.a };
  } catch {
    throw invalid("Invalid cursor.");
  }
}

type Predicate = (row: Row) => boolean;

/** Parses `op|datetime[|op|datetime]` into a predicate on an ISO timestamp field. */
function dateRange(name: string, field: string, value: string): Predicate {
  const parts = value.split("|");
  if (parts.length !== 2 && parts.length !== 4)
    throw invalid(`${name} must look like gte|2024-01-01T00:00:00Z`);
  const bounds: Predicate[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const op = parts[i] as string;
    const text = parts[i + 1] as string;
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
    if (Number.isNaN(at)) throw invalid(`${name}: invalid datetime "${text}" (ISO 8601 with Z or an offset)`);
    const compare: Record<string, (t: number) => boolean> = {
      gt: (t) => t > at,
      gte: (t) => t >= at,
      lt: (t) => t < at,
      lte: (t) => t <= at,
    };
    const test = compare[op];
    if (!test) throw invalid(`${name}: unknown operator "${op}" (gt, gte, lt, lte)`);
    bounds.push((row) => {
      const stamp = row[field];
      return typeof stamp === "string" && test(Date.parse(stamp));
    });
  }
  return (row) => bounds.every((bound) => bound(row));
}

function idList(name: string, value: string): Set<number> {
  const list = value.split(",").map((part) => Number(part.trim()));
  if (list.length === 0 || list.some((id) => !(Number.isSafeInteger(id) && id > 0))) {
    throw invalid(`${name} must be comma-separated positive integer ids`);
  }
  if (list.length > MAX_FILTER_IDS) throw invalid(`${name} accepts at most ${MAX_FILTER_IDS} ids`);
  return new Set(list);
}

/** Builds the predicates of a list query's filter parameters; throws 422 on invalid values. */
export function compileFilters(resource: ResourceName, params: Record<string, string>): Predicate[] {
  const predicates: Predicate[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (name === "fields") continue;
    const spec = COMMON[name] ?? FILTERS[resource][name];
    if (!spec) throw invalid(`Unknown query parameter: ${name}`);
    switch (spec.kind) {
      case "ids": {
        const wanted = idList(name, value);
        predicates.push((row) => wanted.has(row[spec.field] as number));
        break;
      }
      case "date":
        predicates.push(dateRange(name, spec.field, value));
        break;
      case "enum":
        if (!spec.values.includes(value)) throw invalid(`${name} must be one of ${spec.values.join(", ")}`);
        predicates.push((row) => row[spec.field] === value);
        break;
      case "bool": {
        if (value !== "true" && value !== "false") throw invalid(`${name} must be true or false`);
        const wanted = value === "true";
        predicates.push((row) => row[spec.field] === wanted);
        break;
      }
      case "number": {
        const wanted = Number(value);
        if (!Number.isSafeInteger(wanted)) throw invalid(`${name} must be an integer id`);
        predicates.push((row) => row[spec.field] === wanted);
        break;
      }
      case "match":
        predicates.push((row) => spec.test(row, value));
        break;
      case "flag":
        if (value !== "true" && value !== "false") throw invalid(`${name} must be true or false`);
        break;
    }
  }
  return predicates;
}

/** One page of a list: the matching records and, when more match, the id to continue below. */
export interface ListPage {
  rows: Row[];
  /** Id of the last row when at least one more record matches; undefined on the last page. */
  continueAfter?: number;
}

/**
 * Serves one page: scans the store by descending id below the cursor, keeps matching records (and
 * `extra`, a resource-specific visibility rule), stops after `perPage + 1` matches.
 */
export function listPage(
  store: RecordStore,
  resource: ResourceName,
  query: ListQuery,
  extra?: Predicate,
): ListPage {
  const predicates = compileFilters(resource, query.params);
  if (extra) predicates.push(extra);
  const rows: Row[] = [];
  for (const row of store.descending(resource, query.afterId)) {
    if (!predicates.every((test) => test(row))) continue;
    if (rows.length === query.perPage) return { rows, continueAfter: rows.at(-1)?.id };
    rows.push(row);
  }
  return { rows };
}

/** Keeps only the `fields=a,b` attributes (plus `id`); throws 422 for an attribute no record has. */
export function selectFields(rows: Row[], fields: string | undefined, known: readonly string[]): Row[] {
  if (fields === undefined) return rows;
  const wanted = fields.split(",").map((f) => f.trim());
  const unknown = wanted.find((f) => !known.includes(f));
  if (unknown !== undefined) throw invalid(`Unknown field in fields: ${unknown}`);
  return rows.map(
    (row) => Object.fromEntries(Object.entries(row).filter(([k]) => k === "id" || wanted.includes(k))) as Row,
  );
}
