import type { JobStatus } from "@atsync/core/connector";

/**
 * §13 decision "Job status": the job's `folder` value — Approved/Open → OPEN,
 * Closed/Filled/Cancelled → CLOSED, Draft/Pending Approval → DRAFT, Purge/Archive → ARCHIVED.
 * Folder names are tenant-configurable: an unknown one maps to null (the raw value stays in
 * `remote_data`). Matching ignores case and surrounding space.
 */
const FOLDER_STATUS: Readonly<Record<string, JobStatus>> = {
  approved: "OPEN",
  open: "OPEN",
  closed: "CLOSED",
  filled: "CLOSED",
  cancelled: "CLOSED",
  canceled: "CLOSED",
  draft: "DRAFT",
  "pending approval": "DRAFT",
  purge: "ARCHIVED",
  archive: "ARCHIVED",
  archived: "ARCHIVED",
};

/** The unified status of a job folder value, or null when unknown. */
export function jobStatusOfFolder(folder: string | null): JobStatus | null {
  return folder === null ? null : (FOLDER_STATUS[folder.trim().toLowerCase()] ?? null);
}
