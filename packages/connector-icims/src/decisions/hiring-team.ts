import type { HiringTeamRole, RemoteOf, Role } from "@atsync/core/connector";
import { linkId } from "../mappers/icims-json.js";

/**
 * §13 decision "Hiring team roles": the job's person-link fields are its hiring team —
 * `recruiter` / `secondaryrecruiter` → RECRUITER, `hiringmanager` → HIRING_MANAGER,
 * `accountmanager` → COORDINATOR — with one `job_hiring_team_members` row per (job, user) carrying
 * all of that user's roles on the job. The row's `remote_id` is `<jobId>:<personId>`.
 */
export const HIRING_TEAM_FIELDS = {
  recruiter: { label: "Recruiter", role: "RECRUITER" },
  secondaryrecruiter: { label: "Secondary Recruiter", role: "RECRUITER" },
  hiringmanager: { label: "Hiring Manager", role: "HIRING_MANAGER" },
  accountmanager: { label: "Account Manager", role: "COORDINATOR" },
} as const satisfies Record<string, { label: string; role: HiringTeamRole }>;

/** The job fields that hold hiring-team person links. */
export const HIRING_TEAM_FIELD_IDS = Object.keys(HIRING_TEAM_FIELDS) as (keyof typeof HIRING_TEAM_FIELDS)[];

/** A hiring-team row as the connector emits it. */
export type RemoteHiringTeamMember = RemoteOf<"job_hiring_team_members">;

/** The hiring-team rows of one job, ordered by person id. */
export function hiringTeamOf(jobId: string, job: Record<string, unknown>): RemoteHiringTeamMember[] {
  const byPerson = new Map<string, { fields: string[]; roles: Role[]; unified: Set<HiringTeamRole> }>();
  for (const field of HIRING_TEAM_FIELD_IDS) {
    const personId = linkId(job[field]);
    if (personId === null) continue;
    const { label, role } = HIRING_TEAM_FIELDS[field];
    const entry = byPerson.get(personId) ?? { fields: [], roles: [], unified: new Set<HiringTeamRole>() };
    entry.fields.push(field);
    entry.roles.push({ remote_id: field, remote_label: label, scope: "JOB", unified_type: role });
    entry.unified.add(role);
    byPerson.set(personId, entry);
  }
  return [...byPerson.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([personId, entry]) => ({
      remote_id: `${jobId}:${personId}`,
      job_remote_id: jobId,
      user_remote_id: personId,
      hiring_team_roles: [...entry.unified],
      job_roles: entry.roles,
      remote_created_at: null,
      remote_updated_at: null,
      remote_data: Object.fromEntries(entry.fields.map((f) => [f, job[f]])),
      custom_fields: {},
    }));
}

/** The distinct person ids a job references as hiring team. */
export function hiringTeamPersonIds(job: Record<string, unknown>): string[] {
  return HIRING_TEAM_FIELD_IDS.map((field) => linkId(job[field])).filter((id): id is string => id !== null);
}
