import type { JobPostingStatus, JobPostingVisibility } from "@atsync/core/connector";

/**
 * Decision: a job post's `status` (REFERENCE decision 32): `live: true` (published) → ACTIVE;
 * `active: false` (deleted or closed) → INACTIVE; an active post that is not live (its
 * `job_application_status` is `draft`) → DRAFT.
 */
export function postingStatusOf(live: boolean | null, active: boolean | null): JobPostingStatus | null {
  if (live === true) return "ACTIVE";
  if (active === false) return "INACTIVE";
  if (active === true) return "DRAFT";
  return null;
}

/** Decision: `internal: true` (the internal job board) → INTERNAL, `false` → PUBLIC. */
export function postingVisibilityOf(internal: boolean | null): JobPostingVisibility | null {
  return internal === null ? null : internal ? "INTERNAL" : "PUBLIC";
}
