import {
  type ActionResult,
  type AttachmentInput,
  type CandidateInput,
  isAtsyncError,
  type ScreeningQuestionAnswerInput,
} from "@atsync/core";
import { searchOnce } from "../api/search.js";
import { applicationExists, findApplication } from "../decisions/duplicate-application.js";
import { writeWarnings } from "../decisions/invalid-source.js";
import { obj } from "../mappers/icims-json.js";
import { fileContent, uploadResume } from "./files.js";
import { addressEntry, personBody, unwrittenMembers } from "./person-body.js";
import { createdId, readBack } from "./read-back.js";
import type { ActionDeps } from "./types.js";

/** The members of both create bodies this flow uses. */
export interface ApplyInput {
  /** The candidate to create or match by e-mail. */
  candidate: CandidateInput;
  /** Files; the first CV becomes the resume, the others are named in a warning. */
  attachments?: AttachmentInput[] | undefined;
  /** Not writable in iCIMS: only warned about. */
  screening_question_answers?: ScreeningQuestionAnswerInput[] | undefined;
  /** `icims.person` / `icims.applicantworkflow`: raw iCIMS fields merged into the create bodies. */
  remote_fields?: Record<string, Record<string, unknown>> | undefined;
}

/** The person with exactly this e-mail address (lowest id when several), or null. */
async function findPersonByEmail(deps: ActionDeps, email: string): Promise<string | null> {
  const rows = await searchOnce(
    deps.client,
    "/search/people",
    [{ name: "person.email", value: [email], operator: "==" }],
    {
      signal: deps.signal,
    },
  );
  return rows[0]?.id ?? null;
}

/** Creates the person (and, separately, its address: a rejected address only warns). */
async function createPerson(
  deps: ActionDeps,
  input: ApplyInput,
  sourceName: string | null,
  warnings: string[],
): Promise<string> {
  const extra = obj(input.remote_fields?.["icims"]?.["person"]) ?? {};
  const created = await deps.client.write(
    "POST",
    "/people",
    { json: personBody(input.candidate, sourceName, extra) },
    {
      signal: deps.signal,
    },
  );
  warnings.push(...writeWarnings(created));
  const personId = createdId(created);
  const address = addressEntry(input.candidate);
  if (address !== null) {
    try {
      const answer = await deps.client.write(
        "POST",
        `/people/${personId}/fields/addresses`,
        { json: address },
        {
          signal: deps.signal,
        },
      );
      warnings.push(...writeWarnings(answer));
    } catch (error) {
      if (!isAtsyncError(error) || error.code !== "REMOTE.INPUT_INVALID") throw error;
      warnings.push(`The candidate's location was not stored: ${error.message}`);
    }
  }
  return personId;
}

/** POSTs the workflow; a refused POST that turns out to be a duplicate is reported as one. */
async function createWorkflow(
  deps: ActionDeps,
  input: ApplyInput,
  ids: { personId: string; jobId: string; stageId: string | null },
  sourceName: string | null,
  warnings: string[],
): Promise<string> {
  const body = {
    baseprofile: Number(ids.jobId),
    associatedprofile: Number(ids.personId),
    ...(ids.stageId ? { status: { id: ids.stageId } } : {}),
    ...(sourceName ? { source: sourceName, sourcename: sourceName } : {}),
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
    const existing = await findApplication(deps.client, ids.personId, ids.jobId, { signal: deps.signal });
    throw existing === null ? error : applicationExists(ids.personId, ids.jobId, existing);
  }
}

/** Uploads the first CV as the resume; every other attachment is named in a warning. */
async function attachResume(
  deps: ActionDeps,
  personId: string,
  input: ApplyInput,
  warnings: string[],
): Promise<void> {
  const attachments = input.attachments ?? [];
  const cv = attachments.find((a) => a.type === "CV");
  if (cv !== undefined)
    await uploadResume(deps.client, personId, await fileContent(deps.http, cv, deps.signal), deps.signal);
  const skipped = attachments.filter((a) => a !== cv).map((a) => `${a.name} (${a.type})`);
  if (skipped.length > 0) {
    warnings.push(
      `iCIMS stores one file per candidate, the resume (first CV); not uploaded: ${skipped.join(", ")}`,
    );
  }
}

/**
 * Applies a candidate to a job — the flow behind both create actions. Reuses the person with the
 * same e-mail address (its profile, source included, is left unchanged) or creates one; refuses a
 * second application to the same job (duplicate-application decision); creates the workflow in
 * the given stage (iCIMS' default otherwise) with the source written; uploads the first CV as the
 * resume; returns the candidate and application read back, and warnings for everything iCIMS
 * could not store.
 */
export async function applyToJob(
  deps: ActionDeps,
  input: ApplyInput,
  target: { jobId: string; stageId: string | null; sourceName: string | null },
): Promise<ActionResult> {
  const warnings: string[] = [];
  const unwritten = unwrittenMembers(input.candidate);
  if (unwritten.length > 0)
    warnings.push(`iCIMS has no standard field for: ${unwritten.join(", ")}; not written`);
  if ((input.screening_question_answers ?? []).length > 0) {
    warnings.push("iCIMS has no API for screening question answers; they were not written");
  }
  let personId = await findPersonByEmail(deps, input.candidate.email_address);
  if (personId === null) {
    personId = await createPerson(deps, input, target.sourceName, warnings);
  } else {
    const existing = await findApplication(deps.client, personId, target.jobId, { signal: deps.signal });
    if (existing !== null) throw applicationExists(personId, target.jobId, existing);
    warnings.push(
      `Reused iCIMS person ${personId} with the same e-mail address; its profile fields and source were left unchanged`,
    );
  }
  const ids = { personId, jobId: target.jobId, stageId: target.stageId };
  const applicationId = await createWorkflow(deps, input, ids, target.sourceName, warnings);
  await attachResume(deps, personId, input, warnings);
  return { records: await readBack(deps, { candidates: personId, applications: applicationId }), warnings };
}
