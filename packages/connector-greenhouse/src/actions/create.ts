import {
  ActionIncompleteError,
  type ActionProgress,
  type ActionResult,
  AtsyncError,
  type AttachmentFile,
  type ConnectorActions,
  type CreateActionInput,
  type CreateApplicationInput,
  type CreateCandidateInput,
  type CreatedRemote,
} from "@atsync/core/connector";
import { idKey, record } from "../api/harvest-json.js";
import { allRows } from "../api/lists.js";
import { labelsById, nameOf } from "../api/lookups.js";
import { blocksNewApplication } from "../decisions/duplicate-application.js";
import { matchSource } from "../decisions/sources.js";
import { uploadAttachment } from "./attachments.js";
import { harvestCandidateBody, unwrittenMembers } from "./candidate-body.js";
import {
  type ActionDeps,
  applicationRecord,
  candidateRecord,
  harvestId,
  openJob,
  rowById,
  stageOfJob,
} from "./context.js";

/** What a create already did (`ActionIncompleteError.progress`): vendor ids and files uploaded. */
interface CreateProgress {
  candidate?: string;
  application?: string;
  attachments?: string;
}

/**
 * `create_candidate` (always a new candidate) and `create_application` (the candidate with the
 * same primary e-mail is reused when Greenhouse has one). Both check before the first write: the
 * job exists and is open, the stage belongs to it, the source name matches a Greenhouse source,
 * and (reusing a candidate) that it has no open application for the job. Then one
 * `POST /v3/candidates` with its application — or `POST /v3/applications` for a reused
 * candidate — and one `POST /v3/attachments` per file, on the application. A failure after the
 * first write throws `ActionIncompleteError` with the ids created, and a retry continues there.
 */
export function createActions(
  deps: ActionDeps,
): Pick<ConnectorActions, "create_candidate" | "create_application"> {
  return {
    create_candidate: (input) => create(deps, input, "job_id", false),
    create_application: (input) => create(deps, input, "job_id", true),
  };
}

async function create(
  deps: ActionDeps,
  input: CreateActionInput<CreateCandidateInput> | CreateActionInput<CreateApplicationInput>,
  jobField: string,
  matchByEmail: boolean,
): Promise<ActionResult> {
  const progress: CreateProgress = { ...(input.progress ?? {}) };
  const { body: candidateBody, warnings } = harvestCandidateBody(input.body.candidate);
  warnings.push(...unwrittenMembers(input.body));
  const created: CreatedRemote[] = [];
  if (progress.candidate === undefined || progress.application === undefined) {
    const jobId = await openJob(deps, input.job_remote_id, jobField);
    const application: Record<string, unknown> = { job_id: jobId };
    if (input.stage_remote_id !== null)
      application.initial_stage_id = await stageOfJob(deps, input.stage_remote_id, jobId);
    if (input.source_name !== null) {
      const sources = await labelsById(deps.client, "sources", nameOf, {}, deps.signal);
      const sourceId = matchSource(sources, input.source_name);
      if (sourceId === null)
        warnings.push(
          `Greenhouse has no source named "${input.source_name}" and its API cannot create one; no source was set`,
        );
      else application.source_id = Number(sourceId);
    }
    const existing = matchByEmail ? await candidateByEmail(deps, input.body.candidate.email_address) : null;
    if (existing !== null) {
      const open = await allRows(
        deps.client,
        "applications",
        { candidate_ids: existing, job_ids: String(jobId) },
        deps.signal,
      );
      if (open.some(blocksNewApplication))
        throw new AtsyncError(
          "ATS.APPLICATION_ALREADY_EXISTS",
          `Greenhouse candidate ${existing} already has an application for job ${jobId}`,
        );
      const answer = await deps.client.write(
        "POST",
        "/applications",
        { candidate_id: Number(existing), ...application },
        deps.signal,
      );
      progress.candidate = existing;
      progress.application = idKey(record(answer).id) ?? undefined;
      warnings.push(
        `the application was added to the existing Greenhouse candidate ${existing} with this e-mail address`,
      );
    } else {
      const answer = record(
        await deps.client.write("POST", "/candidates", { ...candidateBody, application }, deps.signal),
      );
      progress.candidate = idKey(record(answer.candidate).id) ?? undefined;
      progress.application = idKey(record(answer.application).id) ?? undefined;
    }
    if (progress.candidate === undefined || progress.application === undefined)
      throw new AtsyncError(
        "REMOTE.UNKNOWN_HTTP_ERROR",
        "Greenhouse answered a create without the new record's id",
      );
  }
  created.push(
    { model: "candidates", remote_id: progress.candidate },
    { model: "applications", remote_id: progress.application },
  );
  const uploaded = Number(progress.attachments ?? "0");
  const files: AttachmentFile[] = input.attachments.slice(uploaded);
  for (const [offset, file] of files.entries()) {
    try {
      warnings.push(
        ...(await uploadAttachment(
          deps,
          { application_id: harvestId(progress.application, "application_id") },
          file,
        )),
      );
    } catch (cause) {
      throw new ActionIncompleteError(
        cause,
        { ...progress, attachments: String(uploaded + offset) } as ActionProgress,
        created,
      );
    }
  }
  const [candidate, application] = await Promise.all([
    rowById(deps, "candidates", Number(progress.candidate)),
    rowById(deps, "applications", Number(progress.application)),
  ]);
  return {
    records: [...candidateRecord(deps, candidate), ...applicationRecord(deps, application)],
    warnings,
  };
}

/** The id of the Greenhouse candidate with this e-mail address (`GET /v3/candidates?email=`), or null. */
async function candidateByEmail(deps: ActionDeps, email: string): Promise<string | null> {
  const rows = await allRows(deps.client, "candidates", { email }, deps.signal);
  const ids = rows.map((row) => idKey(row.id)).filter((id): id is string => id !== null);
  return ids.sort((a, b) => Number(a) - Number(b))[0] ?? null;
}
