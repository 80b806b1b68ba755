import { z } from "zod";
import { BaseRecordSchema } from "./common.js";
import { RoleSchema } from "./parts.js";

/** Whether an ATS user is active (Kombo's user `status`). */
export const USER_STATUSES = ["ACTIVE", "INACTIVE"] as const;
/** Zod enum of `USER_STATUSES`. */
export const UserStatusSchema = z.enum(USER_STATUSES);
/** One of `USER_STATUSES`. */
export type UserStatus = z.infer<typeof UserStatusSchema>;

/**
 * Stored record of the `users` model: an ATS user (recruiter, hiring manager, ...), as Kombo's
 * `GET /ats/users` result.
 */
export const UserSchema = BaseRecordSchema.extend({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  /** Null when the vendor has none or it is not a valid address (the connector drops invalid ones). */
  email: z.string().nullable(),
  status: UserStatusSchema.nullable(),
  /** System-wide roles; job-specific roles live on `job_hiring_team_members.job_roles`. */
  system_roles: z.array(RoleSchema),
});

/** A stored user record. */
export type User = z.infer<typeof UserSchema>;
