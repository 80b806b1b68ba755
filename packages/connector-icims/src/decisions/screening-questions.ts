import type { RemoteOf } from "@atsync/core/connector";
import type { ListNode } from "../api/lists.js";
import { arr, bool, listId, num, obj } from "../mappers/icims-json.js";

/**
 * §13 decision "Screening questions": no native REST shape is public. atsync reads the question
 * library from the List API (`screeningQuestionListId`, default `lists.screeningquestions`) and a
 * job's questions from its collection field `screeningquestions`
 * (`[{entry, question:{id,value}, required, order}]`). The library gives titles only: `format`
 * and `category` stay null. A job question's `remote_id` is `<jobId>:<questionNodeId>`.
 */
export const JOB_SCREENING_QUESTIONS_FIELD = "screeningquestions";

/** A library question as the connector emits it. */
export type RemoteScreeningQuestion = RemoteOf<"screening_questions">;

/** A job's question as the connector emits it. */
export type RemoteJobScreeningQuestion = RemoteOf<"job_screening_questions">;

/** The library question of a list node. */
export function questionOfNode(node: ListNode): RemoteScreeningQuestion {
  return {
    remote_id: node.id,
    title: node.value,
    description: null,
    format: null,
    category: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { ...node },
    custom_fields: {},
  };
}

/** The questions a job asks, in collection order; an entry without a question id is skipped. */
export function jobQuestionsOf(jobId: string, job: Record<string, unknown>): RemoteJobScreeningQuestion[] {
  const seen = new Set<string>();
  const rows: RemoteJobScreeningQuestion[] = [];
  for (const [position, raw] of arr(job[JOB_SCREENING_QUESTIONS_FIELD]).entries()) {
    const entry = obj(raw);
    const questionId = listId(entry?.["question"]);
    if (entry === null || questionId === null || seen.has(questionId)) continue;
    seen.add(questionId);
    const order = num(entry["order"]);
    rows.push({
      remote_id: `${jobId}:${questionId}`,
      job_remote_id: jobId,
      question_remote_id: questionId,
      index: order !== null && Number.isInteger(order) ? order : position,
      required: bool(entry["required"]),
      precondition_question_remote_id: null,
      precondition_options: null,
      remote_created_at: null,
      remote_updated_at: null,
      remote_data: entry,
      custom_fields: {},
    });
  }
  return rows;
}
