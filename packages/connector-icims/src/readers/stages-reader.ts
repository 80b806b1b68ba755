import type { RecordPage } from "@atsync/core/connector";
import { fetchRecords } from "../api/records.js";
import { searchPages } from "../api/search.js";
import { type RemoteStage, stageOfStatusNode, stagesOfTree } from "../decisions/application-stages.js";
import type { StatusBins } from "./status-bins.js";
import type { ModelReader, ReaderDeps, ReadRequest } from "./types.js";

/**
 * Reads application stages per the stages decision: the configured status tree (a few List API
 * calls), or — without a list id — the distinct statuses of all workflows (a search page and one
 * status-only GET per workflow), in order of first sight. Stages have no change dates, so a delta read returns them all.
 * One page, no checkpoint.
 */
export function stagesReader(deps: ReaderDeps, bins: StatusBins): ModelReader {
  const { client, settings } = deps;

  async function harvest(signal: AbortSignal | undefined): Promise<RemoteStage[]> {
    const stages = new Map<string, RemoteStage>();
    for await (const page of searchPages(client, "applicantworkflows", [], "0", { signal })) {
      const workflows = await fetchRecords(
        client,
        "applicantworkflows",
        page.rows.map((row) => row.id),
        { fields: ["status"], concurrency: settings.concurrency, signal },
      );
      for (const { json } of workflows) {
        const stage = stageOfStatusNode(json["status"]);
        if (stage !== null && !stages.has(stage.remote_id)) stages.set(stage.remote_id, stage);
      }
    }
    return [...stages.values()];
  }

  async function stages(request: Pick<ReadRequest, "scope" | "signal">): Promise<RemoteStage[]> {
    const all =
      settings.statusListId === undefined
        ? await harvest(request.signal)
        : stagesOfTree(await bins.load(request.signal));
    return all.filter((s) => request.scope?.has(s.remote_id) ?? true);
  }

  return {
    async *read(request): AsyncGenerator<RecordPage> {
      yield { records: await stages(request), checkpoint: null };
    },
    async *listIds(request) {
      yield (await stages(request)).map((s) => s.remote_id);
    },
  };
}
