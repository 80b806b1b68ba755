import type { RecordPage } from "@atsync/core/connector";
import { allListChildren } from "../api/lists.js";
import { questionOfNode, type RemoteScreeningQuestion } from "../decisions/screening-questions.js";
import type { ModelReader, ReaderDeps, ReadRequest } from "./types.js";

/**
 * Reads the screening-question library per the screening-questions decision: the first level of
 * the configured list (List API pages). The library has no change dates, so a delta read returns
 * it all. One page, no checkpoint.
 */
export function screeningQuestionsReader(deps: ReaderDeps): ModelReader {
  const { client, settings } = deps;
  async function questions(
    request: Pick<ReadRequest, "scope" | "signal">,
  ): Promise<RemoteScreeningQuestion[]> {
    const nodes = await allListChildren(client, settings.screeningQuestionListId, null, {
      signal: request.signal,
    });
    return nodes.map(questionOfNode).filter((q) => request.scope?.has(q.remote_id) ?? true);
  }
  return {
    async *read(request): AsyncGenerator<RecordPage> {
      yield { records: await questions(request), checkpoint: null };
    },
    async *listIds(request) {
      yield (await questions(request)).map((q) => q.remote_id);
    },
  };
}
