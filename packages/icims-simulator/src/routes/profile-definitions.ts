import type { SimContext } from "../context.js";
import type { FieldDef, FieldKind, ProfileType } from "../data/schema.js";
import { ErrorCode, IcimsError, notFound } from "../errors.js";
import { json } from "../http.js";
import type { Router } from "../router.js";

/** Profile names of the Schema API path, with the type each describes. */
const SCHEMA_PROFILES: Record<string, ProfileType> = {
  person: "people",
  job: "jobs",
  submittal: "applicantworkflows",
};

/** Titles of the standard fields (custom fields carry their tenant's title). */
const STANDARD_TITLES: Readonly<Record<string, string>> = {
  firstname: "First Name",
  middlename: "Middle Name",
  lastname: "Last Name",
  email: "Email",
  phones: "Phones",
  addresses: "Addresses",
  source: "Source",
  sourcename: "Source Name",
  folder: "Folder",
  linkedinurl: "LinkedIn URL",
  workexperience: "Work Experience",
  resume: "Resume",
  jobtitle: "Job Title",
  jobid: "Job ID",
  joblocation: "Job Location",
  positiontype: "Position Type",
  department: "Department",
  positioncategory: "Position Category",
  positionlevel: "Position Level",
  startdate: "Start Date",
  enddate: "End Date",
  minsalary: "Minimum Salary",
  maxsalary: "Maximum Salary",
  numberofpositions: "Number of Positions",
  overview: "Overview",
  hiringmanager: "Hiring Manager",
  recruiter: "Recruiter",
  secondaryrecruiter: "Secondary Recruiter",
  accountmanager: "Account Manager",
  screeningquestions: "Screening Questions",
  baseprofile: "Job",
  associatedprofile: "Person",
  status: "Status",
  submittalstatuslog: "Status Log",
  assessmentresults: "Assessment Results",
  createddate: "Created Date",
  updateddate: "Updated Date",
};

/** A list node as records carry it. */
const LIST_NODE = {
  type: "object",
  properties: { id: { type: "string" }, value: { type: "string" }, formattedvalue: { type: "string" } },
};

/** The JSON-Schema type (and format) of a field kind. */
function typeOf(kind: FieldKind): Record<string, unknown> {
  switch (kind) {
    case "text":
    case "source":
      return { type: "string" };
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "list":
      return LIST_NODE;
    case "collection":
    case "statuslog":
      return { type: "array", items: { type: "object" } };
    default:
      return { type: "object" };
  }
}

/** The schema property of one field: its title and type. */
function property(name: string, def: FieldDef): Record<string, unknown> {
  return { title: def.title ?? STANDARD_TITLES[name] ?? name, ...typeOf(def.kind) };
}

/**
 * The Schema API: `GET /profiledefinitions/v1/{person|job|submittal}/schema` answers a JSON-Schema
 * object of the profile type whose `properties` are every field the API user can read (standard
 * and the tenant's `fieldNNNNN` custom fields; hidden and internal fields left out), each with
 * `title` and `type` (and `format` for dates). Mounted under `/customers/{customerId}` like the
 * other profile routes (see the package README). With `schemaApiStatus` 403 or 404 it answers that
 * error instead (a tenant whose API user may not read profile definitions).
 */
export function profileDefinitionRoutes(router: Router, sim: SimContext): void {
  for (const [profile, type] of Object.entries(SCHEMA_PROFILES)) {
    router.on("GET", `/profiledefinitions/v1/${profile}/schema`, (ctx) => {
      const refusal = sim.options.schemaApiStatus;
      if (refusal === 404) throw notFound("The requested resource was not found.");
      if (refusal === 403) {
        throw new IcimsError(
          403,
          ErrorCode.RESOURCE_ACCESS_DENIED,
          "The user does not have access to profile definitions.",
        );
      }
      const properties: Record<string, unknown> = {};
      for (const [name, def] of Object.entries(sim.schema[type])) {
        if (def.access === "internal" || sim.hidden[type].has(name)) continue;
        properties[name] = property(name, def);
      }
      return json(200, {
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: `${ctx.apiBase}/profiledefinitions/v1/${profile}/schema`,
        title: profile,
        type: "object",
        properties,
      });
    });
  }
}
