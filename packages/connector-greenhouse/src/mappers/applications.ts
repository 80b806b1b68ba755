import type { RemoteOf, ScreeningQuestionAnswer } from "@atsync/core/connector";
import { idKey, objects, record, text, timestamp } from "../api/harvest-json.js";
import { outcomeOf } from "../decisions/outcome.js";
import { remoteUrls } from "../decisions/remote-urls.js";
import type { HarvestRow } from "../http/client.js";

/** What an application's mapping looks up besides the application row. */
export interface ApplicationLookups {
  /** Rejection reason names by id (`GET /v3/rejection_reasons?include_defaults=true`). */
  rejectionReasons: ReadonlyMap<string, string>;
  /** Origin of the Greenhouse web app. */
  appUrl: string;
}

/**
 * A Harvest application (`GET /v3/applications`) as a unified application: outcome from
 * `status` (`outcomeOf`), `rejected_at` and the rejection reason's name, the current stage
 * (`job_interview_stage_id`), job and candidate, the application's `answers` as TEXT screening
 * answers (question text as title, no question id in v3), custom fields and a profile URL.
 * Prospects have no job and no stage in Harvest: both stay null. Null for a row without a valid
 * id or candidate.
 */
export function mapApplication(
  row: HarvestRow,
  lookups: ApplicationLookups,
): RemoteOf<"applications"> | null {
  const remoteId = idKey(row.id);
  const candidateId = idKey(row.candidate_id);
  if (remoteId === null || candidateId === null) return null;
  const reasonId = idKey(row.rejection_reason_id);
  const answers: ScreeningQuestionAnswer[] = objects(row.answers).flatMap((a) => {
    const question = text(a.question);
    if (question === null) return [];
    const answer =
      typeof a.answer === "string" ? a.answer : a.answer == null ? null : JSON.stringify(a.answer);
    return [
      { question: { remote_id: null, title: question, type: "TEXT" as const }, answer: { content: answer } },
    ];
  });
  return {
    remote_id: remoteId,
    outcome: outcomeOf(text(row.status)),
    rejection_reason_name: reasonId === null ? null : (lookups.rejectionReasons.get(reasonId) ?? null),
    rejected_at: timestamp(row.rejected_at),
    current_stage_remote_id: idKey(row.job_interview_stage_id),
    job_remote_id: idKey(row.job_id),
    candidate_remote_id: candidateId,
    screening_question_answers: answers,
    remote_url: remoteUrls.application(lookups.appUrl, candidateId, remoteId),
    remote_created_at: timestamp(row.created_at),
    remote_updated_at: timestamp(row.updated_at),
    remote_data: row,
    custom_fields: record(row.custom_fields),
  };
}
