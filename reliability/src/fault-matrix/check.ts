import type { AtsyncStorage, StoredRecord } from "@atsync/core";
import { canonicalJson } from "@atsync/core/storage";
import { CHECKED_MODELS, type CheckedModel, KEY_FIELDS, type Truth } from "./truth.js";

/** What a check found wrong with one record. */
export interface Defect {
  /**
   * `lost`: live at the vendor but missing, marked deleted or with a stale key field at atsync
   * (a lost record or a lost update); `duplicated`: served more than once (a remote id stored
   * twice, or a merged-away person or workflow still live beside its survivor); `ghost`: still live
   * at atsync although the vendor no longer has it; `spurious_delete`: marked `remote_deleted_at`
   * by a run although it exists at the vendor.
   */
  kind: "lost" | "duplicated" | "ghost" | "spurious_delete";
  model: CheckedModel;
  remoteId: string;
  /** What differs, in a few words. */
  detail: string;
}

/** Every stored record of every checked model (deleted ones included), by remote id. */
export type StoreSnapshot = Record<
  CheckedModel,
  { records: Map<string, StoredRecord>; duplicates: string[] }
>;

/** Reads every stored record of the checked models, noting remote ids listed more than once. */
export async function readStore(storage: AtsyncStorage, integrationId: string): Promise<StoreSnapshot> {
  const out: Partial<StoreSnapshot> = {};
  for (const model of CHECKED_MODELS) {
    const records = new Map<string, StoredRecord>();
    const duplicates: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await storage.records.list(integrationId, model, {
        include_deleted: true,
        page_size: 1000,
        cursor,
      });
      for (const record of page.results) {
        if (records.has(record.remote_id)) duplicates.push(record.remote_id);
        records.set(record.remote_id, record);
      }
      cursor = page.next;
    } while (cursor !== null);
    out[model] = { records, duplicates };
  }
  return out as StoreSnapshot;
}

/** Key order does not count (PostgreSQL jsonb reorders keys). */
const json = (value: unknown) => canonicalJson(value ?? null);

/**
 * Records marked deleted that exist at the vendor. With `deletedSince` (ISO), only deletions
 * made at or after it (one run's own), so a record deleted correctly earlier and live again
 * since (never done by the scenarios) is not blamed on this run.
 */
export function spuriousDeletes(store: StoreSnapshot, truth: Truth, deletedSince?: string): Defect[] {
  const defects: Defect[] = [];
  for (const model of CHECKED_MODELS) {
    for (const [remoteId, record] of store[model].records) {
      const deletedAt = record.remote_deleted_at;
      if (deletedAt === null || !truth[model].has(remoteId)) continue;
      if (deletedSince !== undefined && deletedAt < deletedSince) continue;
      defects.push({
        kind: "spurious_delete",
        model,
        remoteId,
        detail: `deleted at ${deletedAt}, exists at the vendor`,
      });
    }
  }
  return defects;
}

/** Outcome of comparing the store with the truth. */
export interface Comparison {
  /** (model, record) pairs compared: the union of live truth and live store records. */
  checked: number;
  /** Everything that differs. */
  defects: Defect[];
}

/**
 * Compares the store with the vendor's truth, model by model: every live vendor record must be
 * stored live with the model's key fields equal (`KEY_FIELDS`), and nothing else may be stored
 * live. `mergedAway` holds, per model, the remote ids that a merge folded into a survivor (their
 * ghosts count as duplicates).
 */
export function compareWithTruth(
  store: StoreSnapshot,
  truth: Truth,
  mergedAway: ReadonlyMap<CheckedModel, ReadonlySet<string>>,
): Comparison {
  const defects: Defect[] = [];
  let checked = 0;
  for (const model of CHECKED_MODELS) {
    const { records, duplicates } = store[model];
    for (const remoteId of duplicates)
      defects.push({ kind: "duplicated", model, remoteId, detail: "remote id stored more than once" });
    for (const [remoteId, expected] of truth[model]) {
      checked += 1;
      const stored = records.get(remoteId);
      if (!stored) {
        defects.push({ kind: "lost", model, remoteId, detail: "never stored" });
        continue;
      }
      if (stored.remote_deleted_at !== null) {
        defects.push({
          kind: "lost",
          model,
          remoteId,
          detail: `marked deleted at ${stored.remote_deleted_at}`,
        });
        continue;
      }
      const stale = KEY_FIELDS[model].filter((f) => json(stored[f]) !== json(expected[f]));
      if (stale.length > 0) {
        const diff = stale.map((f) => `${f}: stored ${json(stored[f])}, vendor ${json(expected[f])}`);
        defects.push({ kind: "lost", model, remoteId, detail: `stale ${diff.join("; ")}` });
      }
    }
    for (const [remoteId, stored] of records) {
      if (stored.remote_deleted_at !== null || truth[model].has(remoteId)) continue;
      checked += 1;
      const merged = mergedAway.get(model)?.has(remoteId) ?? false;
      defects.push({
        kind: merged ? "duplicated" : "ghost",
        model,
        remoteId,
        detail: merged
          ? "merged into another record at the vendor, still live"
          : "gone at the vendor, still live",
      });
    }
  }
  return { checked, defects };
}
