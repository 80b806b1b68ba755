import type { JobStatus } from "@atsync/core/connector";

/**
 * Decision: a job's `status` from Harvest's (`open`, `closed`, `draft`; REFERENCE §5): OPEN,
 * CLOSED, DRAFT; a job template (`is_template: true`) is ARCHIVED whatever its status, since it
 * never takes applications; unknown values → null.
 */
export function jobStatusOf(status: string | null, isTemplate: boolean | null): JobStatus | null {
  if (isTemplate === true) return "ARCHIVED";
  switch (status) {
    case "open":
      return "OPEN";
    case "closed":
      return "CLOSED";
    case "draft":
      return "DRAFT";
    default:
      return null;
  }
}
