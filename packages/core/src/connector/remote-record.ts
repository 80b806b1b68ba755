import { z } from "zod";
import { parseInput } from "../errors.js";
import { unifiedId } from "../ids.js";
import type { ModelKey } from "../model/common.js";
import { MODELS } from "../model/registry.js";
import type { RecordInput } from "../storage/records.js";
import type { RemoteRecord } from "./session.js";

const remoteSchemas = new Map<ModelKey, z.ZodObject>();

/**
 * Zod schema of what a connector emits for a model (`RemoteRecord`): the stored schema without
 * `id`, `changed_at`, `remote_deleted_at`, with each reference's unified-id field replaced by its
 * `remoteField` (a vendor key, nullable where the unified field is). Unknown keys are rejected.
 */
export function remoteRecordSchema(model: ModelKey): z.ZodObject {
  let schema = remoteSchemas.get(model);
  if (!schema) {
    const def = MODELS[model];
    const omit: Record<string, true> = { id: true, changed_at: true, remote_deleted_at: true };
    const extend: Record<string, z.ZodType> = {};
    for (const ref of def.references) {
      omit[ref.field] = true;
      const unifiedField = def.schema.shape[ref.field] as z.ZodType;
      extend[ref.remoteField] = unifiedField.safeParse(null).success ? z.string().nullable() : z.string();
    }
    schema = def.schema.omit(omit).extend(extend).strict();
    remoteSchemas.set(model, schema);
  }
  return schema;
}

/**
 * Turns a connector's record into what storage upserts: derives `id` and every reference's
 * unified id from the vendor keys with `unifiedId`. Throws `PLATFORM.INPUT_INVALID` listing every
 * problem when the record does not match `remoteRecordSchema(model)`.
 */
export function toRecordInput(integrationId: string, model: ModelKey, remote: RemoteRecord): RecordInput {
  const parsed = parseInput(
    remoteRecordSchema(model),
    remote,
    `${model} record ${String(remote?.remote_id)} from the connector`,
  );
  const out: Record<string, unknown> = {
    ...parsed,
    id: unifiedId(integrationId, model, remote.remote_id),
  };
  for (const ref of MODELS[model].references) {
    const key = out[ref.remoteField];
    delete out[ref.remoteField];
    out[ref.field] = typeof key === "string" ? unifiedId(integrationId, ref.model, key) : null;
  }
  return out as RecordInput;
}
