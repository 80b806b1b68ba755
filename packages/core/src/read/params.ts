import { z } from "zod";
import { inputInvalid } from "../errors.js";

/**
 * Zod schemas of Kombo's list query parameters. Each accepts a value as it arrives over HTTP (a
 * string; lists comma-joined, booleans `"true"`/`"false"`, datetimes ISO 8601) and the typed value
 * the library API passes (array, boolean, `Date`, number). A blank value (empty or whitespace-only
 * string, empty list) counts as not given, as Kombo's "leave this blank to match all values".
 */

/** Largest `page_size` of Kombo's list endpoints. */
export const MAX_READ_PAGE_SIZE = 250;

/** `page_size` when a request gives none (Kombo's default). */
export const DEFAULT_READ_PAGE_SIZE = 100;

const isBlank = (value: string): boolean => value.trim() === "";

/** A string parameter used as given; blank → undefined. */
export function textParam() {
  return z
    .string()
    .optional()
    .transform((value) => (value === undefined || isBlank(value) ? undefined : value));
}

/**
 * A list parameter whose items must pass `item`: a comma-joined string (items trimmed) or an array
 * (items as given, so library callers can pass values containing commas). Blank items are dropped;
 * an empty list → undefined (no filter).
 */
export function listParam<Item extends z.ZodType<string, string>>(item: Item) {
  return z
    .union([z.string(), z.array(z.string()).readonly()], {
      error: "expected a comma-separated string or an array of strings",
    })
    .optional()
    .transform((value) => {
      const items = (
        typeof value === "string" ? value.split(",").map((v) => v.trim()) : (value ?? [])
      ).filter((v) => !isBlank(v));
      return items.length > 0 ? items : undefined;
    })
    .pipe(z.array(item).optional());
}

/** A list parameter of enum values; the error names each value that is not one of `values`. */
export function enumListParam<const Values extends readonly [string, ...string[]]>(values: Values) {
  return listParam(
    z.enum(values, { error: (issue) => `"${String(issue.input)}" is not one of ${values.join(", ")}` }),
  );
}

/** A boolean parameter: `true`/`false` or `"true"`/`"false"`; not given or blank → false. */
export function flagParam() {
  return z
    .union([z.boolean(), z.string()], { error: "expected true or false" })
    .optional()
    .transform((value, ctx) => {
      if (typeof value === "boolean") return value;
      if (value === undefined || isBlank(value)) return false;
      if (value === "true" || value === "false") return value === "true";
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `expected "true" or "false", got "${value}"`,
      });
      return z.NEVER;
    });
}

const ISO_DATETIME = z.iso.datetime({ offset: true, local: true });
const ISO_DATE = z.iso.date();
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * A point in time: a `Date`, an ISO 8601 datetime (one without an offset is read as UTC) or an ISO
 * date (midnight UTC). Output: the instant as an ISO string in UTC (`toISOString()`); blank →
 * undefined.
 */
export function datetimeParam() {
  return z
    .union([z.date(), z.string()], {
      error: "expected an ISO 8601 datetime",
    })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || (typeof value === "string" && isBlank(value))) return undefined;
      if (value instanceof Date) return value.toISOString();
      if (ISO_DATE.safeParse(value).success) return new Date(`${value}T00:00:00Z`).toISOString();
      if (ISO_DATETIME.safeParse(value).success) {
        return new Date(HAS_OFFSET.test(value) ? value : `${value}Z`).toISOString();
      }
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `expected an ISO 8601 datetime, got "${value}"`,
      });
      return z.NEVER;
    });
}

/**
 * `page_size`: an integer 1..`MAX_READ_PAGE_SIZE` as a number or numeric string; not given or
 * blank → `DEFAULT_READ_PAGE_SIZE`.
 */
export function pageSizeParam() {
  return z
    .union([z.number(), z.string()], { error: "expected an integer" })
    .optional()
    .transform((value) =>
      value === undefined || (typeof value === "string" && isBlank(value))
        ? DEFAULT_READ_PAGE_SIZE
        : Number(value),
    )
    .pipe(
      z
        .number({ error: "expected an integer" })
        .int({ error: "expected an integer" })
        .min(1, { error: `must be from 1 to ${MAX_READ_PAGE_SIZE}` })
        .max(MAX_READ_PAGE_SIZE, { error: `must be from 1 to ${MAX_READ_PAGE_SIZE}` }),
    );
}

/** The parameters every Kombo list endpoint accepts (Kombo's list parameters). */
export const COMMON_QUERY_PARAMS = {
  /** The `next` of the previous page; not given → the first page. */
  cursor: textParam(),
  /** Results per page, 1..250, default 100. */
  page_size: pageSizeParam(),
  /** Only records that, or whose nested data (Kombo's matrix), changed strictly after this instant. */
  updated_after: datetimeParam(),
  /** Also return records marked deleted; default false. */
  include_deleted: flagParam(),
  /** Ignore filters the integration cannot honour instead of returning nothing; default false. */
  ignore_unsupported_filters: flagParam(),
  /** Only these unified ids. */
  ids: listParam(z.string()),
  /** Only these vendor keys. */
  remote_ids: listParam(z.string()),
};

/** The parsed common parameters. */
export type CommonQuery = z.output<z.ZodObject<typeof COMMON_QUERY_PARAMS>>;

/**
 * Parses `raw` with `schema`; unknown parameters are ignored. Throws `PLATFORM.INPUT_INVALID`
 * listing every invalid parameter by name (one issue per problem, `path` = the parameter name).
 */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw inputInvalid(
    "query parameters",
    result.error.issues.map((issue) => ({
      path: String(issue.path[0] ?? ""),
      message: issue.message,
    })),
  );
}
