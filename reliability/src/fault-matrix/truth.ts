import { MODEL_KEYS, type RecordInput } from "@atsync/core";
import { type RemoteRecord, toRecordInput } from "@atsync/core/connector";
import type { IcimsSimulator, SimRecord } from "@atsync/icims-simulator";
// The connector's own mapping (not exported from the package): the truth is what the connector's
// decisions and mappers make of the simulator's records, so the suite checks the sync, not a
// second opinion on the mapping.
import {
  type StatusBin,
  stagesOfTree,
} from "../../../packages/connector-icims/src/decisions/application-stages.js";
import { personKind } from "../../../packages/connector-icims/src/decisions/candidates.js";
import {
  hiringTeamOf,
  hiringTeamPersonIds,
} from "../../../packages/connector-icims/src/decisions/hiring-team.js";
import { postingOfRow } from "../../../packages/connector-icims/src/decisions/job-postings.js";
import {
  jobQuestionsOf,
  questionOfNode,
} from "../../../packages/connector-icims/src/decisions/screening-questions.js";
import { mapApplication } from "../../../packages/connector-icims/src/mappers/applications.js";
import { mapCandidate } from "../../../packages/connector-icims/src/mappers/candidates.js";
import { mapJob } from "../../../packages/connector-icims/src/mappers/jobs.js";
import { mapUser } from "../../../packages/connector-icims/src/mappers/users.js";

/** The models the fault matrix checks: every model (the iCIMS connector covers them all). */
export const CHECKED_MODELS = MODEL_KEYS;

/** One of `CHECKED_MODELS`. */
export type CheckedModel = (typeof CHECKED_MODELS)[number];

/**
 * The fields compared per model after recovery (unified names, references as unified ids): the
 * ones a lost update would show in.
 */
export const KEY_FIELDS: Record<CheckedModel, readonly string[]> = {
  users: ["first_name", "last_name", "email"],
  application_stages: ["name", "index"],
  jobs: ["name", "status", "job_code"],
  job_postings: ["job_id", "status"],
  screening_questions: ["title"],
  job_screening_questions: ["job_id", "question_id", "index"],
  job_hiring_team_members: ["job_id", "user_id", "hiring_team_roles"],
  candidates: ["first_name", "last_name", "email_addresses"],
  applications: ["current_stage_id", "candidate_id", "job_id", "outcome"],
};

/** What atsync should store: per model, the live records by remote id. */
export type Truth = Record<CheckedModel, Map<string, RecordInput>>;

const STATUS_LIST = "lists.applicantworkflow.status";
const QUESTION_LIST = "lists.screeningquestions";
/** Job folders whose jobs the portal searches list (the simulator's rule, README "Job postings"). */
const POSTED_FOLDERS = new Set(["Approved", "Open"]);

const folderOf = (record: SimRecord): string | null => {
  const folder = record["folder"] as { value?: unknown } | undefined;
  return typeof folder?.value === "string" ? folder.value : null;
};

/**
 * The simulator's current truth, read from its state directly (no HTTP, no quota, no faults),
 * mapped with the connector's mappers and decisions and turned into storage inputs with core's
 * `toRecordInput`. `all`: every existing record (what the store must hold once hidden records are
 * visible again); `visible`: only what the API user can see now (`state.visible`), the records a
 * run must never mark deleted.
 */
export function vendorTruth(sim: IcimsSimulator, integrationId: string, view: "all" | "visible"): Truth {
  const { state } = sim;
  const read = (type: "jobs" | "people" | "applicantworkflows") =>
    view === "all" ? state.list(type) : state.visible(type);
  const jobs = read("jobs");
  const people = read("people");
  const workflows = read("applicantworkflows");
  const tree = state.listTree(STATUS_LIST) ?? [];
  const bins: StatusBin[] = tree.map((bin) => ({
    bin: { id: bin.id, value: bin.value },
    statuses: (bin.children ?? []).map((s) => ({ id: s.id, value: s.value })),
  }));
  const binOf = new Map(bins.flatMap((b) => b.statuses.map((s) => [s.id, b.bin.value] as const)));
  const personById = new Map(people.map((p) => [String(p.id), p]));
  const withWorkflow = new Set(
    workflows.map((w) => String((w["associatedprofile"] as { id?: unknown })?.id)),
  );

  const out = Object.fromEntries(CHECKED_MODELS.map((m) => [m, new Map()])) as Truth;
  const add = (model: CheckedModel, remote: RemoteRecord) =>
    out[model].set(remote.remote_id, toRecordInput(integrationId, model, remote));

  for (const stage of stagesOfTree(bins)) add("application_stages", stage);
  for (const node of state.listTree(QUESTION_LIST) ?? [])
    add("screening_questions", questionOfNode({ ...node }));
  const userIds = new Set<string>();
  for (const job of jobs) {
    const id = String(job.id);
    add("jobs", mapJob(id, job, null));
    for (const row of jobQuestionsOf(id, job)) add("job_screening_questions", row);
    for (const row of hiringTeamOf(id, job)) add("job_hiring_team_members", row);
    for (const person of hiringTeamPersonIds(job)) userIds.add(person);
    const posted = (job["postedto"] as string[] | undefined) ?? [];
    if (POSTED_FOLDERS.has(folderOf(job) ?? "")) {
      for (const portal of sim.connectorSettings.portals) {
        if (posted.includes(portal)) add("job_postings", postingOfRow(portal, { id }));
      }
    }
  }
  for (const id of userIds) {
    const person = personById.get(id);
    if (person) add("users", mapUser(id, person, null));
  }
  for (const person of people) {
    const id = String(person.id);
    const kind = personKind(id, person).kind;
    if (kind === "candidate" || (kind === "staff" && withWorkflow.has(id)))
      add("candidates", mapCandidate(id, person, null));
  }
  for (const workflow of workflows) {
    const id = String(workflow.id);
    add(
      "applications",
      mapApplication(id, workflow, (status) => binOf.get(status) ?? null, null),
    );
  }
  return out;
}
