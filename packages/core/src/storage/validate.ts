import type { z } from "zod";
import { inputInvalid } from "../errors.js";
import { unifiedId } from "../ids.js";
import { isModelKey, type ModelKey } from "../model/common.js";
import { MODELS } from "../model/registry.js";
import { type ListQuery, MAX_COMMIT_SIZE, MAX_LIST_PAGE_SIZE, type RecordFilter } from "./records.js";
import type { PageCommit } from "./storage.js";

type Issue = { path: string; message: string };

const inputSchemas = new Map<ModelKey, z.ZodObject>();

/** Zod schema of what `commitPage` accepts for a model: the stored schema without storage-owned fields. */
export function recordInputSchema(model: ModelKey): z.ZodObject {
  let schema = inputSchemas.get(model);
  if (!schema) {
    schema = MODELS[model].schema.omit({ changed_at: true, remote_deleted_at: true }).strict();
    inputSchemas.set(model, schema);
  }
  return schema;
}

/** Throws `PLATFORM.INPUT_INVALID` unless `model` is a stored model key. */
export function assertModelKey(model: unknown): asserts model is ModelKey {
  if (!isModelKey(model)) {
    throw inputInvalid("model", [
      {
        path: "model",
        message: `unknown model "${String(model)}"; expected one of ${Object.keys(MODELS).join(", ")}`,
      },
    ]);
  }
}

/**
 * Checks a page commit before anything is written; throws `PLATFORM.INPUT_INVALID` listing every
 * problem (see `AtsyncStorage.commitPage`). Backends call this first.
 */
export function validatePageCommit(commit: PageCommit): void {
  assertModelKey(commit.model);
  const issues: Issue[] = [];
  const deletions = commit.deletions ?? [];
  const size = commit.records.length + deletions.length;
  if (size > MAX_COMMIT_SIZE) {
    issues.push({
      path: "records",
      message: `${size} records and deletions exceed the limit of ${MAX_COMMIT_SIZE}`,
    });
  }
  if (Number.isNaN(Date.parse(commit.at))) issues.push({ path: "at", message: "not an ISO timestamp" });
  const schema = recordInputSchema(commit.model);
  const seen = new Set<string>();
  commit.records.forEach((record, i) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: ["records", i, ...issue.path].join("."), message: issue.message });
      }
      return;
    }
    const expected = unifiedId(commit.integrationId, commit.model, record.remote_id);
    if (record.id !== expected) {
      issues.push({
        path: `records.${i}.id`,
        message: `must be unifiedId(integration, model, remote_id) = ${expected}`,
      });
    }
    if (containsNul(record)) {
      issues.push({
        path: `records.${i}`,
        message: "contains a NUL character (U+0000), which storage cannot keep",
      });
    }
    if (seen.has(record.id))
      issues.push({ path: `records.${i}.id`, message: `duplicate id ${record.id} in one page` });
    seen.add(record.id);
  });
  deletions.forEach((id, i) => {
    if (typeof id !== "string" || id === "")
      issues.push({ path: `deletions.${i}`, message: "must be a unified id" });
  });
  if (commit.checkpoint && typeof commit.checkpoint.stream !== "string") {
    issues.push({ path: "checkpoint.stream", message: "must be a string" });
  }
  if (issues.length > 0) throw inputInvalid("page commit", issues);
}

/** What a filter's field name must look like (a model field, not a path or expression). */
const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;
/** Fields storage keeps itself; filters name model fields only (use `updated_after` / `include_deleted`). */
const STORAGE_OWNED = new Set(["changed_at", "remote_deleted_at", "tree_changed_at", "remote_data"]);

const FILTER_OPS = new Set<RecordFilter["op"]>([
  "in",
  "equals_ci",
  "contains_ci",
  "after",
  "array_has_ci",
  "has_related",
]);

/** Checks a list query; throws `PLATFORM.INPUT_INVALID` listing every problem. Backends call this first. */
export function validateListQuery(model: ModelKey, query: ListQuery): void {
  assertModelKey(model);
  const issues: Issue[] = [];
  if (!Number.isInteger(query.page_size) || query.page_size < 1 || query.page_size > MAX_LIST_PAGE_SIZE) {
    issues.push({ path: "page_size", message: `must be an integer from 1 to ${MAX_LIST_PAGE_SIZE}` });
  }
  if (query.updated_after !== undefined && Number.isNaN(Date.parse(query.updated_after))) {
    issues.push({ path: "updated_after", message: "not an ISO timestamp" });
  }
  (query.filters ?? []).forEach((f, i) => {
    for (const key of ["field", "key", "foreignKey"] as const) {
      const name = (f as Record<string, unknown>)[key];
      if (name === undefined) continue;
      if (typeof name !== "string" || !FIELD_NAME.test(name)) {
        issues.push({ path: `filters.${i}.${key}`, message: "not a field name" });
      } else if (STORAGE_OWNED.has(name)) {
        issues.push({
          path: `filters.${i}.${key}`,
          message: `${name} is kept by storage and cannot be filtered on here`,
        });
      }
    }
    if (!FILTER_OPS.has(f.op))
      issues.push({ path: `filters.${i}.op`, message: `unknown filter op "${String(f.op)}"` });
    else if (f.op === "after" && Number.isNaN(Date.parse(f.value))) {
      issues.push({ path: `filters.${i}.value`, message: "not an ISO timestamp" });
    } else if (f.op === "has_related" && !isModelKey(f.model)) {
      issues.push({ path: `filters.${i}.model`, message: `unknown model "${String(f.model)}"` });
    }
  });
  if (issues.length > 0) throw inputInvalid("list query", issues);
}

/** True when any string inside `value` contains U+0000. */
function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.values(value).some(containsNul);
  return false;
}
