import { z } from "zod";

/**
 * The stored models, in sync dependency order: a model only references models listed before it
 * (applications reference candidates, jobs and application_stages, ...). The sync engine reads
 * models in this order so references resolve to records that are already stored.
 */
export const MODEL_KEYS = [
  "users",
  "application_stages",
  "jobs",
  "job_postings",
  "screening_questions",
  "job_screening_questions",
  "job_hiring_team_members",
  "candidates",
  "applications",
] as const;

/** Key of one stored unified model (snake_case, as in Kombo's paths). */
export type ModelKey = (typeof MODEL_KEYS)[number];

/** True when `value` names a stored model. */
export function isModelKey(value: unknown): value is ModelKey {
  return typeof value === "string" && (MODEL_KEYS as readonly string[]).includes(value);
}

/** An ISO 8601 timestamp with an explicit offset (`Z` for atsync-generated values). */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Raw vendor payload(s) a record was mapped from. */
export const RemoteDataSchema = z.record(z.string(), z.unknown()).nullable();

/** Integrator-defined custom field values; always an object, possibly empty. */
export const CustomFieldsSchema = z.record(z.string(), z.unknown());

/**
 * Fields every stored record carries (docs/architecture.md, "Data flow").
 * - `id`: deterministic unified id, see `unifiedId`.
 * - `remote_id`: the vendor's key.
 * - `changed_at`: set by atsync when the record's own unified fields change; never moved by a
 *   re-sync that changes nothing.
 * - `remote_deleted_at`: set by verified deletion; null while the record exists at the vendor.
 * - `remote_created_at` / `remote_updated_at`: vendor timestamps, copied, may be null.
 * - `remote_data`: raw vendor payload, null when the integration opts out.
 * - `custom_fields`: object, may be empty.
 */
export const BaseRecordSchema = z.object({
  id: z.string(),
  remote_id: z.string(),
  changed_at: TimestampSchema,
  remote_deleted_at: TimestampSchema.nullable(),
  remote_created_at: TimestampSchema.nullable(),
  remote_updated_at: TimestampSchema.nullable(),
  remote_data: RemoteDataSchema,
  custom_fields: CustomFieldsSchema,
});

/** The fields of `BaseRecordSchema`. */
export type BaseRecord = z.infer<typeof BaseRecordSchema>;
