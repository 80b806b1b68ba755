import type { ModelKey } from "@atsync/core/connector";
import type { ModelReader } from "./types.js";

/**
 * A model fed by another model's read (`ModelCoverage.fedBy`), read on its own: the feeder's read
 * with only this model's related records kept (same pages, same checkpoints). The engine never
 * does this; it is what `ConnectorSession.read`/`listRemoteIds` of a fed model answer.
 */
export function fedReader(feeder: ModelReader, model: ModelKey): ModelReader {
  return {
    async *read(request) {
      for await (const page of feeder.read(request)) {
        yield { records: page.related?.[model] ?? [], checkpoint: page.checkpoint };
      }
    },
    async *listIds(request) {
      const pages = feeder.read({
        since: null,
        until: null,
        alreadyRead: new Set(),
        windowEnd: null,
        resume: null,
        stored: null,
        scope: null,
        signal: request.signal,
      });
      for await (const page of pages) {
        const ids = (page.related?.[model] ?? []).map((r) => r.remote_id);
        yield request.scope ? ids.filter((id) => request.scope?.has(id)) : ids;
      }
    },
  };
}
