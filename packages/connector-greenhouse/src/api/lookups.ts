import type { HarvestClient } from "../http/client.js";
import { idKey, text } from "./harvest-json.js";
import { allRows } from "./lists.js";

/**
 * Reads a small Harvest list (departments, offices, rejection reasons, sources) into a map from
 * vendor key to `label(row)`; rows without an id or a label are left out.
 */
export async function labelsById(
  client: HarvestClient,
  resource: string,
  label: (row: Record<string, unknown>) => string | null,
  params: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const row of await allRows(client, resource, params, signal)) {
    const key = idKey(row.id);
    const value = label(row);
    if (key !== null && value !== null) map.set(key, value);
  }
  return map;
}

/** A row's `name`. */
export const nameOf = (row: Record<string, unknown>): string | null => text(row.name);
