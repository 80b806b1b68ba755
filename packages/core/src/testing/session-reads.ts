import type { ConnectorSession, ReadOptions, RemoteRecord } from "../connector/session.js";
import type { ModelKey } from "../model/common.js";

/** Every record a session's read of `model` yields, in order (a test helper: it holds them all). */
export async function readAll(
  session: ConnectorSession,
  model: ModelKey,
  options: ReadOptions = {},
): Promise<RemoteRecord[]> {
  const records: RemoteRecord[] = [];
  for await (const page of session.read(model, options)) records.push(...page.records);
  return records;
}

/** Every vendor key a session's listing of `model` yields (within `scope` when given), in order. */
export async function listAll(
  session: ConnectorSession,
  model: ModelKey,
  scope?: readonly string[],
): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of session.listRemoteIds(model, scope ? { scope } : {})) ids.push(...page);
  return ids;
}
