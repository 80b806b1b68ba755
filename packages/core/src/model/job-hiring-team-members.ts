import { z } from "zod";
import { BaseRecordSchema } from "./common.js";
import { RoleSchema } from "./parts.js";

/** Kombo's deprecated fixed hiring-team roles (a hiring-team member's `hiring_team_roles[]`). */
export const HIRING_TEAM_ROLES = [
  "RECRUITER",
  "HIRING_MANAGER",
  "COORDINATOR",
  "SOURCER",
  "INTERVIEWER",
] as const;
/** Zod enum of `HIRING_TEAM_ROLES`. */
export const HiringTeamRoleSchema = z.enum(HIRING_TEAM_ROLES);
/** One of `HIRING_TEAM_ROLES`. */
export type HiringTeamRole = z.infer<typeof HiringTeamRoleSchema>;

/**
 * Stored record of the `job_hiring_team_members` model: a user is on a job's hiring team. Read as
 * one entry of `job.hiring_team[]`: the user's `id`, `remote_id`, `first_name`, `last_name`, `email`
 * plus this record's roles. `remote_id` is the connector's key for the pair.
 */
export const JobHiringTeamMemberSchema = BaseRecordSchema.extend({
  /** Unified id of the job. */
  job_id: z.string(),
  /** Unified id of the user. */
  user_id: z.string(),
  /** Deprecated by Kombo in favour of `job_roles`; roles that map to none of the values are left out. */
  hiring_team_roles: z.array(HiringTeamRoleSchema),
  /** The user's roles on this job as the vendor names them, with Kombo's unified type. */
  job_roles: z.array(RoleSchema),
});

/** A stored job–hiring-team-member join record. */
export type JobHiringTeamMember = z.infer<typeof JobHiringTeamMemberSchema>;
