import { deserialize, serialize } from "node:v8";
import type { RecordInput, StoredRecordWithTree } from "@atsync/core/storage";

/**
 * Members of a record kept in the second serialized part (`EncodedRecord.payload`): the vendor's
 * payload and the integration fields copied from it, serialized together so a value both hold is
 * written once (the serializer keeps shared objects shared), and decoded only when a read needs them.
 */
export const PAYLOAD_MEMBERS = ["remote_data", "integration_fields"] as const;

/** A record's data as the memory backend holds it: two serialized strings and the columns kept apart. */
export interface EncodedRecord {
  /**
   * Every member but the `PAYLOAD_MEMBERS`, in the record's own key order, structured-clone
   * serialized (`v8.serialize`, as `structuredClone` copies) and held as a one-byte string.
   * Members kept apart (`id`, `remote_id`, reference fields holding an id) and the payload members
   * sit there as the number 0 so the key order stays; decoding puts the values back.
   */
  fields: string;
  /** The `PAYLOAD_MEMBERS` present, as an array in that order, serialized likewise; null when none is. */
  payload: string | null;
  /**
   * The reference fields' ids (in the table's reference-field order), null where a record's field
   * holds no id. A stored row holds the reference index's instances (`RecordTable` interns them).
   */
  refs: (string | null)[];
}

/** A stored record's own state kept beside its encoded data. */
export interface RowState {
  id: string;
  remoteId: string;
  changedAt: string;
  deletedAt: string | null;
  treeChangedAt: string;
}

/** Placeholder of a member whose value is kept apart. */
const APART = 0;

/** A value as `structuredClone` would copy it, as a one-byte string (1 character per byte). */
function pack(value: unknown): string {
  return serialize(value).toString("latin1");
}

/** The value `pack` wrote. */
function unpack(packed: string): unknown {
  return deserialize(Buffer.from(packed, "latin1"));
}

/** Encodes a record input (already validated) for a table whose reference fields are `refFields`. */
export function encodeRecord(input: RecordInput, refFields: readonly string[]): EncodedRecord {
  const fields: Record<string, unknown> = { ...input, id: APART, remote_id: APART };
  const refs = refFields.map((f) => {
    const v = input[f];
    if (typeof v !== "string") return null;
    fields[f] = APART;
    return v;
  });
  let payload: unknown[] | null = null;
  for (const m of PAYLOAD_MEMBERS) {
    if (!Object.hasOwn(input, m)) continue;
    payload ??= [];
    payload.push(input[m]);
    fields[m] = APART;
  }
  return { fields: pack(fields), payload: payload === null ? null : pack(payload), refs };
}

/**
 * The record's own members (every member but the `PAYLOAD_MEMBERS`, which stay placeholders),
 * decoded from `fields`: what filters read. A fresh object each call.
 */
export function decodeFields(
  encoded: EncodedRecord,
  state: Pick<RowState, "id" | "remoteId">,
  refFields: readonly string[],
): Record<string, unknown> {
  const fields = unpack(encoded.fields) as Record<string, unknown>;
  fields["id"] = state.id;
  fields["remote_id"] = state.remoteId;
  refFields.forEach((f, i) => {
    const v = encoded.refs[i];
    if (v !== null && v !== undefined) fields[f] = v;
  });
  return fields;
}

/**
 * The stored record with `tree_changed_at`, exactly as a structured clone of the stored object
 * would be (same members, values and key order): a fresh object each call, safe to hand out.
 */
export function decodeRecord(
  encoded: EncodedRecord,
  state: RowState,
  refFields: readonly string[],
): StoredRecordWithTree {
  const record = decodeFields(encoded, state, refFields);
  if (encoded.payload !== null) {
    const values = unpack(encoded.payload) as unknown[];
    let i = 0;
    for (const m of PAYLOAD_MEMBERS) if (Object.hasOwn(record, m)) record[m] = values[i++];
  }
  record["changed_at"] = state.changedAt;
  record["remote_deleted_at"] = state.deletedAt;
  record["tree_changed_at"] = state.treeChangedAt;
  return record as StoredRecordWithTree;
}

/** Whether two encodings hold the same data (same members, values and key order). */
export function sameEncoding(a: EncodedRecord, b: EncodedRecord): boolean {
  return a.fields === b.fields && a.payload === b.payload && a.refs.every((r, i) => r === b.refs[i]);
}
