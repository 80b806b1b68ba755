import { z } from "zod";

/**
 * A postal location as Kombo returns it on jobs and candidates. Every key is present; a part the
 * vendor does not provide is null. `country` holds the ISO 3166-1 alpha-2 code when the connector
 * can derive it, otherwise the vendor's original value; `raw` holds the unparsed address string.
 */
export const LocationSchema = z.object({
  city: z.string().nullable(),
  country: z.string().nullable(),
  raw: z.string().nullable(),
  state: z.string().nullable(),
  street_1: z.string().nullable(),
  street_2: z.string().nullable(),
  zip_code: z.string().nullable(),
});

/** A postal location (see `LocationSchema`). */
export type Location = z.infer<typeof LocationSchema>;

/** Whether a role applies system-wide or to one job (Kombo's role `scope`). */
export const ROLE_SCOPES = ["SYSTEM", "JOB"] as const;
/** Zod enum of `ROLE_SCOPES`. */
export const RoleScopeSchema = z.enum(ROLE_SCOPES);
/** One of `ROLE_SCOPES`. */
export type RoleScope = z.infer<typeof RoleScopeSchema>;

/** Kombo's unified role types (a role's `unified_type`). */
export const UNIFIED_ROLE_TYPES = [
  "HIRING_MANAGER",
  "RECRUITER",
  "COORDINATOR",
  "SOURCER",
  "INTERVIEWER",
  "ADMIN",
] as const;
/** Zod enum of `UNIFIED_ROLE_TYPES`. */
export const UnifiedRoleTypeSchema = z.enum(UNIFIED_ROLE_TYPES);
/** One of `UNIFIED_ROLE_TYPES`. */
export type UnifiedRoleType = z.infer<typeof UnifiedRoleTypeSchema>;

/**
 * A role as Kombo embeds it: a user's `system_roles[]` and a hiring-team member's `job_roles[]`.
 * `remote_id` / `remote_label` are the vendor's role key and label; `unified_type` is null when the
 * role maps to none of `UNIFIED_ROLE_TYPES`.
 */
export const RoleSchema = z.object({
  remote_id: z.string().nullable(),
  remote_label: z.string().nullable(),
  scope: RoleScopeSchema.nullable(),
  unified_type: UnifiedRoleTypeSchema.nullable(),
});

/** A role (see `RoleSchema`). */
export type Role = z.infer<typeof RoleSchema>;
