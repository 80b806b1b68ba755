import { z } from "zod";
import type { ConnectorCoverage } from "../connector/definition.js";
import type { ModelKey } from "../model/common.js";
import type { RecordFilter, StoredRecord } from "../storage/records.js";
import { datetimeParam, listParam, textParam } from "./params.js";

/**
 * The unified field a filter reads. When the caller passes the connector's coverage, a filter
 * whose field the coverage does not list for `model` is unsupported (Kombo: filters targeting
 * fields not supported by the integration).
 */
export interface FilterTarget {
  /** Model holding the field (not always the listed one: candidates' `job_ids` reads applications). */
  model: ModelKey;
  /** Unified field name as in `ModelCoverage.fields`. */
  field: string;
}

/**
 * What a given filter value becomes: a storage filter, or, where `RecordFilter` cannot express it,
 * a check applied to each listed record.
 */
export type FilterCondition = { filter: RecordFilter } | { check: (record: StoredRecord) => boolean };

/** One Kombo filter parameter of a list endpoint. */
export interface FilterParam<Schema extends z.ZodType = z.ZodType> {
  /** Parses the parameter; an undefined output means not given. */
  schema: Schema;
  /** The field the filter reads. */
  target: FilterTarget;
  /** The condition a given value imposes; `integrationId` is there to derive unified ids. */
  condition(value: NonNullable<z.output<Schema>>, integrationId: string): FilterCondition;
}

/** A `FilterParam`, its value type inferred from `schema`. */
export function filterParam<Schema extends z.ZodType>(
  schema: Schema,
  target: FilterTarget,
  condition: FilterParam<Schema>["condition"],
): FilterParam<Schema> {
  return { schema, target, condition };
}

/** `model.field` equals one of a list of values (exact); `schema` parses the list. */
export function valueIn<Schema extends z.ZodType<string[] | undefined>>(
  model: ModelKey,
  field: string,
  schema: Schema,
): FilterParam<Schema> {
  return filterParam(schema, { model, field }, (values) => ({ filter: { op: "in", field, values } }));
}

/** `model.field` equals one of a list of strings (exact). */
export function stringIn(model: ModelKey, field: string) {
  return valueIn(model, field, listParam(z.string()));
}

/** `model.field` equals one string (exact, case-sensitive). */
export function equalTo(model: ModelKey, field: string) {
  return filterParam(textParam(), { model, field }, (value) => ({
    filter: { op: "in", field, values: [value] },
  }));
}

/** `model.field` equals one string, ignoring case. */
export function equalIgnoringCase(model: ModelKey, field: string) {
  return filterParam(textParam(), { model, field }, (value) => ({
    filter: { op: "equals_ci", field, value },
  }));
}

/** `model.field` contains a string, ignoring case. */
export function containing(model: ModelKey, field: string) {
  return filterParam(textParam(), { model, field }, (value) => ({
    filter: { op: "contains_ci", field, value },
  }));
}

/**
 * `remote_created_at` is at or after an instant (Kombo: "created on or after"); records without a
 * vendor creation time never match.
 */
export function createdOnOrAfter(model: ModelKey) {
  return filterParam(datetimeParam(), { model, field: "remote_created_at" }, (instant) => ({
    filter: {
      op: "after",
      field: "remote_created_at",
      value: new Date(Date.parse(instant) - 1).toISOString(),
    },
  }));
}

/** Storage filters plus record checks of one list query. */
export interface FilterPlan {
  /** Filters for `ListQuery.filters`. */
  filters: RecordFilter[];
  /** Checks every listed record must also pass. */
  checks: ((record: StoredRecord) => boolean)[];
  /** Given filter parameters the integration does not support (left out of `filters` and `checks`). */
  unsupported: string[];
}

/**
 * The plan for the filter parameters of `query` (those of `params` whose parsed value is not
 * undefined). With `coverage`, a filter on a field it does not list is not planned but named in
 * `unsupported`; without it every filter counts as supported.
 */
export function planFilters(
  params: Readonly<Record<string, FilterParam>>,
  query: Readonly<Record<string, unknown>>,
  integrationId: string,
  coverage: ConnectorCoverage | undefined,
): FilterPlan {
  const plan: FilterPlan = { filters: [], checks: [], unsupported: [] };
  for (const [name, param] of Object.entries(params)) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (coverage && !covers(coverage, param.target)) {
      plan.unsupported.push(name);
      continue;
    }
    const condition = param.condition(value, integrationId);
    if ("filter" in condition) plan.filters.push(condition.filter);
    else plan.checks.push(condition.check);
  }
  return plan;
}

/**
 * Kombo's `warnings` for unsupported filters: without `ignore_unsupported_filters` the list is
 * empty and the warning says why; with it, the filters were dropped and the warning says which.
 */
export function unsupportedFilterWarnings(
  unsupported: readonly string[],
  ignored: boolean,
): { message: string }[] {
  if (unsupported.length === 0) return [];
  const names = unsupported.map((n) => `\`${n}\``).join(", ");
  const message = ignored
    ? `The filter(s) ${names} are not supported by this integration and were ignored (ignore_unsupported_filters=true).`
    : `The filter(s) ${names} are not supported by this integration, so no results match. Pass ignore_unsupported_filters=true to ignore them instead.`;
  return [{ message }];
}

function covers(coverage: ConnectorCoverage, target: FilterTarget): boolean {
  return coverage.models[target.model]?.fields.includes(target.field) ?? false;
}
