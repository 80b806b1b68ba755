import { type ConnectorActions, inputInvalid } from "@atsync/core/connector";
import { idKey } from "../api/harvest-json.js";
import { allRows } from "../api/lists.js";
import { type ActionDeps, candidateRecord, harvestId, namedRow, rowById } from "./context.js";

/** The Greenhouse candidate and tag a tag action names, both checked to exist. */
async function candidateAndTag(
  deps: ActionDeps,
  candidateRemoteId: string,
  name: string,
): Promise<{ candidateId: number; tagId: number }> {
  const candidateId = harvestId(candidateRemoteId, "candidate_id");
  const [, tags] = await Promise.all([
    namedRow(deps, "candidates", candidateId, "candidate_id"),
    allRows(deps.client, "candidate_tags", {}, deps.signal),
  ]);
  const wanted = name.trim().toLowerCase();
  const tagId = idKey(tags.find((tag) => String(tag.name).trim().toLowerCase() === wanted)?.id);
  if (tagId === null)
    throw inputInvalid("request", [
      {
        path: "tag.name",
        message: "Greenhouse has no candidate tag of this name (only existing tags are applied or removed)",
      },
    ]);
  return { candidateId, tagId: Number(tagId) };
}

/** The tag's applications to the candidate (`GET /v3/applied_candidate_tags`). */
function appliedTags(deps: ActionDeps, candidateId: number, tagId: number) {
  return allRows(
    deps.client,
    "applied_candidate_tags",
    { candidate_ids: String(candidateId), candidate_tag_ids: String(tagId) },
    deps.signal,
  );
}

/** The candidate re-read after a tag write, to write through. */
async function reread(deps: ActionDeps, candidateId: number, warnings: string[]) {
  return { records: candidateRecord(deps, await rowById(deps, "candidates", candidateId)), warnings };
}

/**
 * `add_candidate_tag` / `remove_candidate_tag`: the tag is found by name (trimmed, ignoring case)
 * among `GET /v3/candidate_tags`; an unknown name is refused naming `tag.name` (Kombo finds, never
 * creates, tags). Adding `POST /v3/applied_candidate_tags`, removing `DELETE
 * /v3/applied_candidate_tags/{id}`; a tag already applied (or not applied) is left as it is with
 * a warning. The candidate is re-read and returned.
 */
export function tagActions(
  deps: ActionDeps,
): Pick<ConnectorActions, "add_candidate_tag" | "remove_candidate_tag"> {
  return {
    add_candidate_tag: async ({ body, candidate_remote_id }) => {
      const { candidateId, tagId } = await candidateAndTag(deps, candidate_remote_id, body.tag.name);
      if ((await appliedTags(deps, candidateId, tagId)).length > 0)
        return reread(deps, candidateId, ["the candidate already has this tag"]);
      await deps.client.write(
        "POST",
        "/applied_candidate_tags",
        { candidate_id: candidateId, candidate_tag_id: tagId },
        deps.signal,
      );
      return reread(deps, candidateId, []);
    },
    remove_candidate_tag: async ({ body, candidate_remote_id }) => {
      const { candidateId, tagId } = await candidateAndTag(deps, candidate_remote_id, body.tag.name);
      const applied = await appliedTags(deps, candidateId, tagId);
      if (applied.length === 0) return reread(deps, candidateId, ["the candidate does not have this tag"]);
      for (const row of applied)
        await deps.client.write(
          "DELETE",
          `/applied_candidate_tags/${harvestId(String(row.id), "tag")}`,
          undefined,
          deps.signal,
        );
      return reread(deps, candidateId, []);
    },
  };
}
