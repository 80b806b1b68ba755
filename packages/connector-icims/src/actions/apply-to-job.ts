import {
  ActionIncompleteError,
  type ActionProgress,
  type ActionResult,
  type AttachmentFile,
  type CandidateInput,
  type ConnectorActions,
  type CreateActionInput,
  type CreatedRemote,
  inputInvalid,
  isAtsyncError,
  type ScreeningQuestionAnswerInput,
} from "@atsync/core/connector";
import { fetchRecords } from "../api/records.js";
import { searchOnce } from "../api/search.js";
import { applicationExists, findApplication } from "../decisions/duplicate-application.js";
import { writeWarnings } from "../decisions/invalid-source.js";
import { obj } from "../mappers/icims-json.js";
import { uploadResume } from "./files.js";
import { icimsId } from "./ids.js";
import { addressEntry, personBody, unwrittenMembers } from "./person-body.js";
import { createdId, readBack } from "./read-back.js";
import type { ActionDeps } from "./types.js";

/** The members of both create bodies this flow uses. */
export interface ApplyInput {
  /** The candidate to create or match by e-mail. */
  candidate: CandidateInput;
  /** Files in hand; the first CV becomes the resume, the others are named in a warning. */
  attachments: AttachmentFile[];
  /** Not writable in iCIMS: only warned about. */
  screening_question_answers?: ScreeningQuestionAnswerInput[] | undefined;
  /** `icims.person` / `icims.applicantworkflow`: raw iCIMS fields merged into the create bodies. */
  remote_fields?: Record<string, Record<string, unknown>> | undefined;
}

/** Where to apply, and the input fields that named it (for refusals). */
export interface ApplyTarget {
  /** iCIMS job id. */
  jobId: string;
  /** iCIMS status id, or null for iCIMS' default. */
  stageId: string | null;
  /** Source to write, or null. */
  sourceName: string | null;
  /** The input fields of the job and the stage (`job_id`, `application.stage_id`, ...). */
  fields: { job: string; stage: string };
}

/**
 * What is done at iCIMS (the `ActionProgress` of this flow): `person` (id, created or reused),
 * `person_created` and `address` (`"1"` when done), `workflow` (id).
 */
type Progress = {
  person?: string;
  person_created?: string;
  address?: string;
  workflow?: string;
};

/** The person with exactly this e-mail address (lowest id when several), or null. */
async function findPersonByEmail(deps: ActionDeps, email: string): Promise<string | null> {
  const rows = await searchOnce(
    deps.client,
    "/search/people",
    [{ name: "person.email", value: [email], operator: "==" }],
    { signal: deps.signal },
  );
  return rows[0]?.id ?? null;
}

/**
 * Checks, with reads only, what would make a write fail halfway: the job id is an iCIMS id of an
 * existing job, the stage one of the status list's statuses (when a list is configured).
 * `PLATFORM.INPUT_INVALID` naming the field otherwise.
 */
async function checkTarget(deps: ActionDeps, target: ApplyTarget): Promise<void> {
  const jobId = icimsId(target.jobId, target.fields.job);
  const options = { fields: ["jobtitle"], concurrency: 1, signal: deps.signal };
  if ((await fetchRecords(deps.client, "jobs", [jobId], options)).length === 0) {
    throw inputInvalid("request", [{ path: target.fields.job, message: `no iCIMS job ${jobId}` }]);
  }
  const stageId = target.stageId;
  if (stageId === null || (await deps.bins.lookup(deps.signal))(stageId) !== null) return;
  const tree = await deps.bins.load(deps.signal);
  if (tree.length > 0 && !tree.some(({ statuses }) => statuses.some((s) => s.id === stageId))) {
    throw inputInvalid("request", [
      { path: target.fields.stage, message: `${stageId} is not a status of iCIMS' workflow status list` },
    ]);
  }
}

/**
 * Finds the person by e-mail (refusing a second application to the job) or creates it, then its
 * address (a rejected address only warns). Skips what `progress` says is done.
 */
async function ensurePerson(
  deps: ActionDeps,
  input: ApplyInput,
  target: ApplyTarget,
  progress: Progress,
  warnings: string[],
): Promise<void> {
  if (progress.person === undefined) {
    const existing = await findPersonByEmail(deps, input.candidate.email_address);
    if (existing !== null) {
      const application = await findApplication(deps.client, existing, target.jobId, { signal: deps.signal });
      if (application !== null) throw applicationExists(existing, target.jobId, application);
      warnings.push(
        `Reused iCIMS person ${existing} with the same e-mail address; its profile fields and source were left unchanged`,
      );
      progress.person = existing;
      return;
    }
    const extra = obj(input.remote_fields?.["icims"]?.["person"]) ?? {};
    const created = await deps.client.write(
      "POST",
      "/people",
      { json: personBody(input.candidate, target.sourceName, extra) },
      { signal: deps.signal },
    );
    warnings.push(...writeWarnings(created));
    progress.person = createdId(created);
    progress.person_created = "1";
  }
  const address = addressEntry(input.candidate);
  if (progress.person_created === undefined || progress.address !== undefined || address === null) return;
  try {
    const answer = await deps.client.write(
      "POST",
      `/people/${progress.person}/fields/addresses`,
      { json: address },
      { signal: deps.signal },
    );
    warnings.push(...writeWarnings(answer));
  } catch (error) {
    if (!isAtsyncError(error) || error.code !== "REMOTE.INPUT_INVALID") throw error;
    warnings.push(`The candidate's location was not stored: ${error.message}`);
  }
  progress.address = "1";
}

/**
 * POSTs the workflow; a refused POST that turns out to be a duplicate is reported as one. When an
 * earlier attempt created the person, a workflow of it for the job is that attempt's (its POST
 * may have happened although the answer was lost) and is adopted instead.
 */
async function ensureWorkflow(
  deps: ActionDeps,
  input: ApplyInput,
  target: ApplyTarget,
  progress: Progress & { person: string },
  resumed: boolean,
  warnings: string[],
): Promise<string> {
  if (progress.workflow !== undefined) return progress.workflow;
  const personId = progress.person;
  if (resumed && progress.person_created !== undefined) {
    const earlier = await findApplication(deps.client, personId, target.jobId, { signal: deps.signal });
    if (earlier !== null) return earlier;
  }
  const body = {
    baseprofile: Number(target.jobId),
    associatedprofile: Number(personId),
    ...(target.stageId ? { status: { id: target.stageId } } : {}),
    ...(target.sourceName ? { source: target.sourceName, sourcename: target.sourceName } : {}),
    ...(obj(input.remote_fields?.["icims"]?.["applicantworkflow"]) ?? {}),
  };
  try {
    const created = await deps.client.write(
      "POST",
      "/applicantworkflows",
      { json: body },
      { signal: deps.signal },
    );
    warnings.push(...writeWarnings(created));
    return createdId(created);
  } catch (error) {
    if (!isAtsyncError(error) || error.code !== "REMOTE.INPUT_INVALID") throw error;
    const existing = await findApplication(deps.client, personId, target.jobId, { signal: deps.signal });
    throw existing === null ? error : applicationExists(personId, target.jobId, existing);
  }
}

/** Uploads the first CV as the resume; every other attachment is named in a warning. */
async function attachResume(
  deps: ActionDeps,
  personId: string,
  input: ApplyInput,
  warnings: string[],
): Promise<void> {
  const cv = input.attachments.find((a) => a.type === "CV");
  if (cv !== undefined) await uploadResume(deps.client, personId, cv, deps.signal);
  const skipped = input.attachments.filter((a) => a !== cv).map((a) => `${a.name} (${a.type})`);
  if (skipped.length > 0) {
    warnings.push(
      `iCIMS stores one file per candidate, the resume (first CV); not uploaded: ${skipped.join(", ")}`,
    );
  }
}

/** The records `progress` says this flow created (not a reused person). */
function createdBy(progress: Progress): CreatedRemote[] {
  return [
    ...(progress.person !== undefined && progress.person_created !== undefined
      ? [{ model: "candidates" as const, remote_id: progress.person }]
      : []),
    ...(progress.workflow !== undefined
      ? [{ model: "applications" as const, remote_id: progress.workflow }]
      : []),
  ];
}

/**
 * Applies a candidate to a job — the flow behind both create actions. First checks with reads
 * that the job exists and the stage is valid (nothing is written otherwise). Then reuses the
 * person with the same e-mail address (its profile, source included, is left unchanged) or
 * creates one; refuses a second application to the same job (duplicate-application decision);
 * creates the workflow in the given stage (iCIMS' default otherwise) with the source written;
 * uploads the first CV as the resume; returns the candidate and application read back, and
 * warnings for everything iCIMS could not store. A failure after the person or workflow was
 * created throws `ActionIncompleteError` with the progress; given that progress back (`prior`),
 * the flow skips what is done and completes.
 */
export async function applyToJob(
  deps: ActionDeps,
  input: ApplyInput,
  target: ApplyTarget,
  prior: ActionProgress | null,
): Promise<ActionResult> {
  await checkTarget(deps, target);
  const warnings: string[] = [];
  const unwritten = unwrittenMembers(input.candidate);
  if (unwritten.length > 0)
    warnings.push(`iCIMS has no standard field for: ${unwritten.join(", ")}; not written`);
  if ((input.screening_question_answers ?? []).length > 0) {
    warnings.push("iCIMS has no API for screening question answers; they were not written");
  }
  const progress: Progress = { ...prior };
  const earlier = createdBy(progress);
  if (earlier.length > 0) {
    const list = earlier.map((c) => `${c.model === "candidates" ? "person" : "workflow"} ${c.remote_id}`);
    warnings.push(
      `Completed an earlier attempt of this request that had created iCIMS ${list.join(" and ")}`,
    );
  }
  try {
    await ensurePerson(deps, input, target, progress, warnings);
    const person = progress.person as string;
    progress.workflow = await ensureWorkflow(
      deps,
      input,
      target,
      { ...progress, person },
      prior !== null,
      warnings,
    );
    await attachResume(deps, person, input, warnings);
    const records = await readBack(deps, { candidates: person, applications: progress.workflow });
    return { records, warnings };
  } catch (error) {
    const created = createdBy(progress);
    if (created.length === 0) throw error;
    throw new ActionIncompleteError(error, { ...progress }, created);
  }
}

/** Both create handlers on `applyToJob`, naming their own input fields in refusals. */
export function applyActions(
  deps: ActionDeps,
): Pick<ConnectorActions, "create_candidate" | "create_application"> {
  const apply = <B extends Omit<ApplyInput, "attachments">>(
    { body, attachments, job_remote_id, stage_remote_id, source_name, progress }: CreateActionInput<B>,
    prefix: string,
  ) =>
    applyToJob(
      deps,
      { ...body, attachments },
      {
        jobId: job_remote_id,
        stageId: stage_remote_id,
        sourceName: source_name,
        fields: { job: `${prefix}job_id`, stage: `${prefix}stage_id` },
      },
      progress,
    );
  return {
    create_candidate: (input) => apply(input, "application."),
    create_application: (input) => apply(input, ""),
  };
}
