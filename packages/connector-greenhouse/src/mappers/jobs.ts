import type { RemoteOf } from "@atsync/core/connector";
import { flag, idKey, idKeys, record, text, timestamp } from "../api/harvest-json.js";
import { employmentTypeOf } from "../decisions/employment-type.js";
import { jobStatusOf } from "../decisions/job-status.js";
import { remoteUrls } from "../decisions/remote-urls.js";
import type { HarvestRow } from "../http/client.js";

/** What a job's mapping looks up besides the job row. */
export interface JobLookups {
  /** Department names by id (`GET /v3/departments`). */
  departments: ReadonlyMap<string, string>;
  /** Office location texts (else names) by id (`GET /v3/offices`). */
  offices: ReadonlyMap<string, string>;
  /** Origin of the Greenhouse web app. */
  appUrl: string;
}

/**
 * A Harvest job (`GET /v3/jobs`) as a unified job: name, `requisition_id` as job code, status
 * (`jobStatusOf`), `confidential`, the department's name, the first office's location as the raw
 * location, employment type from the `employment_type` custom field, opened/closed dates, the
 * job's custom fields, and its dashboard URL. Null for a row without a valid id.
 */
export function mapJob(row: HarvestRow, lookups: JobLookups): RemoteOf<"jobs"> | null {
  const remoteId = idKey(row.id);
  if (remoteId === null) return null;
  const customFields = record(row.custom_fields);
  const departmentId = idKey(row.department_id);
  const officeId = idKeys(row.office_ids)[0];
  const location = officeId === undefined ? undefined : lookups.offices.get(officeId);
  return {
    remote_id: remoteId,
    name: text(row.name),
    job_code: text(row.requisition_id),
    description: null,
    confidential: flag(row.confidential),
    weekly_hours: null,
    employment_type: employmentTypeOf(customFields.employment_type),
    status: jobStatusOf(text(row.status), flag(row.is_template)),
    visibility: null,
    category: null,
    department: departmentId === null ? null : (lookups.departments.get(departmentId) ?? null),
    post_url: null,
    experience_level: null,
    remote_work_status: null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    location:
      location === undefined
        ? null
        : {
            city: null,
            country: null,
            raw: location,
            state: null,
            street_1: null,
            street_2: null,
            zip_code: null,
          },
    remote_url: remoteUrls.job(lookups.appUrl, remoteId),
    opened_at: timestamp(row.opened_at),
    closed_at: timestamp(row.closed_at),
    contact_remote_id: null,
    integration_fields: [],
    remote_created_at: timestamp(row.created_at),
    remote_updated_at: timestamp(row.updated_at),
    remote_data: row,
    custom_fields: customFields,
  };
}
