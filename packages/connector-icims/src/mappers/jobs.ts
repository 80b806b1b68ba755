import type { RemoteOf } from "@atsync/core/connector";
import { parseIcimsDate } from "../api/dates.js";
import { jobStatusOfFolder } from "../decisions/job-status.js";
import { inferRemoteWorkStatus } from "../decisions/remote-work-status.js";
import { remoteTimestamps, TIMESTAMP_FIELDS } from "../decisions/timestamps.js";
import { employmentTypeOf } from "./employment-type.js";
import { linkId, listValue, obj, text } from "./icims-json.js";
import { integrationFields, NO_LABELS } from "./integration-fields.js";
import { rawLocation } from "./location.js";
import { SALARY_FIELDS, salaryOf } from "./salary.js";

/** Job fields the connector asks for (`fields=`). */
export const JOB_FIELDS = [
  "jobtitle",
  "jobid",
  "folder",
  "joblocation",
  "positiontype",
  "positioncategory",
  "positionlevel",
  "department",
  "overview",
  "responsibilities",
  "qualifications",
  "startdate",
  "enddate",
  "recruiter",
  SALARY_FIELDS.from,
  SALARY_FIELDS.to,
  ...TIMESTAMP_FIELDS,
] as const;

/** A job as the connector emits it. */
export type RemoteJob = RemoteOf<"jobs">;

/**
 * Maps a job profile: `jobtitle` → name, `jobid` → job_code, `overview` + `responsibilities` +
 * `qualifications` → description, `positiontype` → employment_type, `folder` → status,
 * `positioncategory` → category, `department`, `positionlevel` → experience_level, the location
 * label → location.raw and (with the title) remote_work_status, `startdate` / `enddate` →
 * opened_at / closed_at, `recruiter` → contact, every field → integration_fields (labelled with
 * `labels`, the Schema API's titles). `windowEnd`: see `remoteTimestamps`.
 */
export function mapJob(
  id: string,
  job: Record<string, unknown>,
  windowEnd: Date | null,
  labels: ReadonlyMap<string, string> = NO_LABELS,
): RemoteJob {
  const name = text(job["jobtitle"]);
  const locationLabel = text(obj(job["joblocation"])?.["value"]);
  const description = ["overview", "responsibilities", "qualifications"]
    .map((field) => text(job[field]))
    .filter((part): part is string => part !== null)
    .join("\n");
  return {
    remote_id: id,
    name,
    job_code: text(job["jobid"]),
    description: description === "" ? null : description,
    confidential: null,
    weekly_hours: null,
    employment_type: employmentTypeOf(listValue(job["positiontype"])),
    status: jobStatusOfFolder(listValue(job["folder"])),
    visibility: null,
    category: listValue(job["positioncategory"]),
    department: listValue(job["department"]),
    post_url: null,
    experience_level: listValue(job["positionlevel"]),
    remote_work_status: inferRemoteWorkStatus([locationLabel, name]),
    salary_amount: null,
    ...salaryOf(job),
    location: rawLocation(locationLabel),
    remote_url: null,
    opened_at: parseIcimsDate(job["startdate"]),
    closed_at: parseIcimsDate(job["enddate"]),
    contact_remote_id: linkId(job["recruiter"]),
    ...integrationFields("jobs", job, labels),
    ...remoteTimestamps(job, windowEnd),
    remote_data: job,
  };
}
