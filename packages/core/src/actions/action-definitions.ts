/**
 * The write actions of the unified API, each described once as data (`ACTION_DEFINITIONS`).
 * Everything else about an action is derived from its entry: `ACTION_KEYS`, the key set of
 * `ConnectorActions` and its handlers' input types, `ActionService`'s dispatch, the methods of
 * `AtsApi.actions`, and the HTTP route with its openapi.json entry.
 */
import type { z } from "zod";
import type {
  ActionResult,
  ApplicationAttachmentActionInput,
  ApplicationNoteActionInput,
  AttachmentActionInput,
  AttachmentFile,
  CandidateAttachments,
  CandidateAttachmentsActionInput,
  CandidateTagActionInput,
  CreateActionInput,
  MoveApplicationToStageActionInput,
  RejectApplicationActionInput,
  ResultLinkActionInput,
} from "../connector/actions.js";
import {
  AddAttachmentInputSchema,
  AddNoteInputSchema,
  AddResultLinkInputSchema,
  type AttachmentInput,
  CandidateTagInputSchema,
  CreateApplicationInputSchema,
  CreateCandidateInputSchema,
  MoveApplicationToStageInputSchema,
  RejectApplicationInputSchema,
} from "../model/actions.js";
import type { ModelKey } from "../model/common.js";
import type { StoredRecord } from "../storage/records.js";
import type { ActionCallOptions, ActionResponse } from "./action-service.js";

/** Kombo's HTTP route of an action, relative to the API's base path. */
export interface ActionRoute {
  /** Lower-case HTTP method. */
  method: "get" | "post" | "put" | "delete";
  /** Path template; its one `{parameter}`, if any, is the action's `target.param`. */
  path: string;
  /** One line shown in openapi.json. */
  summary: string;
}

/** The record an action's path names: the path parameter and the model its id resolves in. */
export interface ActionTarget<P extends string = string> {
  /** Path parameter (`application_id`); refusals of its id name it. */
  param: P;
  /** Model the id is a unified id (or `remote:<key>`) of. */
  model: ModelKey;
}

/** What every kind of action declares. */
interface ActionBase<P extends string, H extends string> {
  /** Kombo's route. */
  route: ActionRoute;
  /** Name of the method on `AtsApi.actions` (`createCandidate`). */
  hostMethod: H;
  /** The record the path names; null when the path names none (`POST /ats/candidates`). */
  target: ActionTarget<P> | null;
}

/** Where a create goes, as the request names it; each `field` is what a refusal of that id names. */
export interface JobPlacement {
  /** The job, a unified id or `remote:<key>`. */
  job: { id: string; field: string };
  /** One of the job's stages, or undefined for the job's default stage. */
  stage: { id: string | undefined; field: string };
  /** The source the request asks to write (`source.name`), if any. */
  source: string | undefined;
}

/** Body schema of a create: any object with Kombo's optional `attachments`. */
export type CreateBodySchema = z.ZodType<{ attachments?: AttachmentInput[] | undefined }>;

/**
 * A create at a job (`ActionService`'s resumable create path): the job and stage are resolved,
 * the attachments fetched, the source chosen, then the handler runs with the body without its
 * attachments (`CreateActionInput`). The created records are written through and tracked; the
 * answer is the first created record of `creates` in Kombo's read shape.
 */
export interface CreateAtJobAction<
  S extends CreateBodySchema = CreateBodySchema,
  P extends string = string,
  H extends string = string,
> extends ActionBase<P, H> {
  /** Discriminant. */
  kind: "create";
  /** Zod schema the body is validated with (every issue named). */
  input: S;
  /** The job, stage and source named by the validated body and the path's ids. */
  placement(input: z.output<S>, path: Readonly<Record<P, string>>): JobPlacement;
  /** Model of the created record the answer shows (an application with its candidate in full). */
  creates: "applications" | "candidates";
}

/**
 * A change of existing records: the handler's input is built from the validated body (vendor
 * keys resolved, files fetched), the changed records are written through (not tracked) and the
 * answer is Kombo's `{}`.
 */
export interface ChangeAction<
  S extends z.ZodType = z.ZodType,
  I = unknown,
  P extends string = string,
  H extends string = string,
> extends ActionBase<P, H> {
  /** Discriminant. */
  kind: "change";
  /** Zod schema the body is validated with (every issue named). */
  input: S;
  /** The handler's input for the validated body. */
  handlerInput(input: z.output<S>, resolve: ActionResolver): Promise<I>;
}

/**
 * A live read of the target candidate's attachments at the vendor (never stored): no body, no
 * idempotency key; the answer is `{ results }` in Kombo's attachment shape.
 */
export interface ReadAction<I = unknown, P extends string = string, H extends string = string>
  extends ActionBase<P, H> {
  /** Discriminant. */
  kind: "read";
  /** Takes no body. */
  input?: undefined;
  /** The handler's input. */
  handlerInput(resolve: ActionResolver): Promise<I>;
}

/** One entry of `ACTION_DEFINITIONS`. */
export type ActionDefinition = CreateAtJobAction | ChangeAction | ReadAction;

/**
 * How an action's entry turns the ids of one call into vendor keys and files into bytes
 * (implemented by `ActionService` per call). Every refusal is `PLATFORM.INPUT_INVALID` naming the
 * field given.
 */
export interface ActionResolver {
  /** The vendor key of the record the path names (a unified id or `remote:<key>`), naming the path parameter. */
  targetRemoteId(): Promise<string>;
  /** The stored, non-deleted record the path names, by unified id only (`remote:<key>` refused). */
  targetRecord(): Promise<StoredRecord>;
  /** The vendor key of `id` (a unified id or a plain `remote:<key>`) in `model`, naming `field`. */
  remoteId(model: ModelKey, id: string, field: string): Promise<string>;
  /**
   * The vendor key of an id of something atsync does not store as a model (a rejection reason):
   * `remote:<key>` or the key itself, checked like a `remote:<key>`, naming `field`.
   */
  unmodelledRemoteId(id: string, field: string): string;
  /** The stored record of `model` with vendor key `remoteId`, or null. */
  storedRecord(model: ModelKey, remoteId: string): Promise<StoredRecord | null>;
  /**
   * The vendor key of a stage an application at job `jobId` (unified id, or null when unknown)
   * may be in; a stored stage of another job is refused naming `field`.
   */
  stageRemoteId(stageId: string, field: string, jobId: string | null): Promise<string>;
  /** The attachment in hand (decoded or downloaded), refusals naming `<field>.data` / `<field>.data_url`. */
  attachment(attachment: AttachmentInput, field: string): Promise<AttachmentFile>;
}

/** A create-at-job entry, typed by its body schema and path parameter. */
const createAtJob = <S extends CreateBodySchema, const H extends string, const P extends string = never>(
  definition: CreateAtJobAction<S, P, H>,
) => definition;

/** A change entry, typed by its body schema, handler input and path parameter. */
const change = <S extends z.ZodType, I, const P extends string, const H extends string>(
  definition: ChangeAction<S, I, P, H>,
) => definition;

/** A live-read entry, typed by its handler input and path parameter. */
const read = <I, const P extends string, const H extends string>(definition: ReadAction<I, P, H>) =>
  definition;

/** Handler input of both candidate-tag actions. */
async function candidateTagInput(
  body: z.output<typeof CandidateTagInputSchema>,
  resolve: ActionResolver,
): Promise<CandidateTagActionInput> {
  return { body, candidate_remote_id: await resolve.targetRemoteId() };
}

/**
 * Every write action of the unified API, keyed by `ActionKey`, in Kombo's order. Adding an entry
 * is the whole of adding an action to core: `ACTION_KEYS`, the `ConnectorActions` handler (input
 * type from the entry), `ActionService`'s dispatch, `AtsApi.actions[hostMethod]` and the served,
 * documented HTTP route all follow from it (`action-definitions.test.ts` checks each). Only a new
 * `kind` needs code elsewhere.
 */
export const ACTION_DEFINITIONS = {
  /** Creates a candidate with one application (Kombo's `POST /ats/candidates`, deprecated by Kombo, still served). */
  create_candidate: createAtJob({
    route: { method: "post", path: "/ats/candidates", summary: "Create a candidate with an application" },
    hostMethod: "createCandidate",
    target: null,
    kind: "create",
    input: CreateCandidateInputSchema,
    placement: (input) => ({
      job: { id: input.application.job_id, field: "application.job_id" },
      stage: { id: input.application.stage_id, field: "application.stage_id" },
      source: input.source?.name,
    }),
    creates: "candidates",
  }),
  /** Applies a (new or email-matched existing) candidate to a job. */
  create_application: createAtJob({
    route: { method: "post", path: "/ats/jobs/{job_id}/applications", summary: "Create an application" },
    hostMethod: "createApplication",
    target: { param: "job_id", model: "jobs" },
    kind: "create",
    input: CreateApplicationInputSchema,
    placement: (input, path) => ({
      job: { id: path.job_id, field: "job_id" },
      stage: { id: input.stage_id, field: "stage_id" },
      source: input.source?.name,
    }),
    creates: "applications",
  }),
  /** Attaches a file to an application (or, when the vendor stores files on candidates, to its candidate). */
  add_application_attachment: change({
    route: {
      method: "post",
      path: "/ats/applications/{application_id}/attachments",
      summary: "Add an attachment to an application",
    },
    hostMethod: "addApplicationAttachment",
    target: { param: "application_id", model: "applications" },
    kind: "change",
    input: AddAttachmentInputSchema,
    handlerInput: async ({ attachment, ...body }, resolve): Promise<ApplicationAttachmentActionInput> => {
      const application = await resolve.targetRecord();
      return {
        body,
        application_remote_id: application.remote_id,
        candidate_remote_id: await resolve.remoteId(
          "candidates",
          String(application.candidate_id),
          "candidate",
        ),
        attachment: await resolve.attachment(attachment, "attachment"),
      };
    },
  }),
  /** Attaches a file to a candidate. */
  add_candidate_attachment: change({
    route: {
      method: "post",
      path: "/ats/candidates/{candidate_id}/attachments",
      summary: "Add an attachment to a candidate",
    },
    hostMethod: "addCandidateAttachment",
    target: { param: "candidate_id", model: "candidates" },
    kind: "change",
    input: AddAttachmentInputSchema,
    handlerInput: async ({ attachment, ...body }, resolve): Promise<AttachmentActionInput> => ({
      body,
      candidate_remote_id: await resolve.targetRemoteId(),
      attachment: await resolve.attachment(attachment, "attachment"),
    }),
  }),
  /** The candidate's attachments (data URLs), read live from the vendor. */
  get_candidate_attachments: read({
    route: {
      method: "get",
      path: "/ats/candidates/{candidate_id}/attachments",
      summary: "Candidate attachments",
    },
    hostMethod: "getCandidateAttachments",
    target: { param: "candidate_id", model: "candidates" },
    kind: "read",
    handlerInput: async (resolve): Promise<CandidateAttachmentsActionInput> => ({
      candidate_remote_id: await resolve.targetRemoteId(),
    }),
  }),
  /** Moves an application to a stage of its job. */
  move_application_to_stage: change({
    route: {
      method: "put",
      path: "/ats/applications/{application_id}/stage",
      summary: "Move an application to a stage",
    },
    hostMethod: "moveApplicationToStage",
    target: { param: "application_id", model: "applications" },
    kind: "change",
    input: MoveApplicationToStageInputSchema,
    handlerInput: async (body, resolve): Promise<MoveApplicationToStageActionInput> => {
      const application_remote_id = await resolve.targetRemoteId();
      const application = await resolve.storedRecord("applications", application_remote_id);
      const jobId = typeof application?.job_id === "string" ? application.job_id : null;
      return {
        body,
        application_remote_id,
        stage_remote_id: await resolve.stageRemoteId(body.stage_id, "stage_id", jobId),
      };
    },
  }),
  /** Rejects an application with a vendor rejection reason (`remote:<id>` or the vendor's id). */
  reject_application: change({
    route: {
      method: "post",
      path: "/ats/applications/{application_id}/reject",
      summary: "Reject an application",
    },
    hostMethod: "rejectApplication",
    target: { param: "application_id", model: "applications" },
    kind: "change",
    input: RejectApplicationInputSchema,
    handlerInput: async (body, resolve): Promise<RejectApplicationActionInput> => ({
      body: {
        ...body,
        rejection_reason_id: resolve.unmodelledRemoteId(body.rejection_reason_id, "rejection_reason_id"),
      },
      application_remote_id: await resolve.targetRemoteId(),
    }),
  }),
  /** Adds an assessment result link to an application. */
  add_application_result_link: change({
    route: {
      method: "post",
      path: "/ats/applications/{application_id}/result-links",
      summary: "Add a result link",
    },
    hostMethod: "addApplicationResultLink",
    target: { param: "application_id", model: "applications" },
    kind: "change",
    input: AddResultLinkInputSchema,
    handlerInput: async (body, resolve): Promise<ResultLinkActionInput> => ({
      body,
      application_remote_id: await resolve.targetRemoteId(),
    }),
  }),
  /** Adds a plain-text note to an application. */
  add_application_note: change({
    route: {
      method: "post",
      path: "/ats/applications/{application_id}/notes",
      summary: "Add a note to an application",
    },
    hostMethod: "addApplicationNote",
    target: { param: "application_id", model: "applications" },
    kind: "change",
    input: AddNoteInputSchema,
    handlerInput: async (body, resolve): Promise<ApplicationNoteActionInput> => ({
      body,
      application_remote_id: await resolve.targetRemoteId(),
    }),
  }),
  /** Adds a tag, named, to a candidate. */
  add_candidate_tag: change({
    route: {
      method: "post",
      path: "/ats/candidates/{candidate_id}/tags",
      summary: "Add a tag to a candidate",
    },
    hostMethod: "addCandidateTag",
    target: { param: "candidate_id", model: "candidates" },
    kind: "change",
    input: CandidateTagInputSchema,
    handlerInput: candidateTagInput,
  }),
  /** Removes a tag, named, from a candidate. */
  remove_candidate_tag: change({
    route: {
      method: "delete",
      path: "/ats/candidates/{candidate_id}/tags",
      summary: "Remove a tag from a candidate",
    },
    hostMethod: "removeCandidateTag",
    target: { param: "candidate_id", model: "candidates" },
    kind: "change",
    input: CandidateTagInputSchema,
    handlerInput: candidateTagInput,
  }),
};

/** The entries' types, by action key. */
export type ActionDefinitions = typeof ACTION_DEFINITIONS;

/** One write action of the unified API. */
export type ActionKey = keyof ActionDefinitions;

/** The input a connector's handler of `K` gets: `CreateActionInput` of the body for creates, else the entry's `handlerInput`. */
export type ActionHandlerInput<K extends ActionKey> =
  ActionDefinitions[K] extends CreateAtJobAction<infer S, string, string>
    ? CreateActionInput<z.output<S>>
    : ActionDefinitions[K] extends { handlerInput(...args: never[]): Promise<infer I> }
      ? I
      : never;

/** What a connector's handler of `K` answers: the attachments for a read, else the records it wrote. */
export type ActionHandlerOutput<K extends ActionKey> = ActionDefinitions[K] extends ReadAction
  ? CandidateAttachments
  : ActionResult;

/** One call of an action as `ActionService` takes it. */
export interface ActionCall {
  /** The id in the path (the target's), when the action has a target. */
  targetId?: string;
  /** The request body, unparsed; ignored by reads. */
  body?: unknown;
  /** Idempotency options; ignored by reads. */
  options?: ActionCallOptions;
}

/**
 * Positional arguments of a host method (`AtsApi.actions`): the target's id when the action has
 * one, then the body and options unless it is a read.
 */
export type HostActionArguments<D extends ActionDefinition> = [
  ...(D extends { target: ActionTarget<infer P> | null } ? ([P] extends [never] ? [] : [id: string]) : []),
  ...(D extends ReadAction ? [] : [body: unknown, options?: ActionCallOptions]),
];

/** `AtsApi.actions`: one method per action, named by its `hostMethod`. */
export type HostActions = {
  [K in keyof ActionDefinitions as ActionDefinitions[K]["hostMethod"]]: (
    ...args: HostActionArguments<ActionDefinitions[K]>
  ) => Promise<ActionResponse>;
};

/** The call a host method's positional arguments (`HostActionArguments`) stand for. */
export function callOfHostArguments(definition: ActionDefinition, args: readonly unknown[]): ActionCall {
  const [targetId, rest] = definition.target ? [args[0] as string, args.slice(1)] : [undefined, args];
  if (definition.kind === "read") return { targetId };
  return { targetId, body: rest[0], options: rest[1] as ActionCallOptions | undefined };
}

/** A host method's positional arguments (`HostActionArguments`) for a call. */
export function hostArgumentsOfCall(definition: ActionDefinition, call: ActionCall): unknown[] {
  return [
    ...(definition.target ? [call.targetId] : []),
    ...(definition.kind === "read" ? [] : [call.body, call.options]),
  ];
}
