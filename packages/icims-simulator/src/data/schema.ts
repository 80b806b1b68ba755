import type { CustomFieldSpec, CustomFieldType } from "./custom-fields.js";
import { LIST_IDS } from "./lists.js";

/** The profile types the simulator serves (path segment under `/customers/{customerId}`). */
export type ProfileType = "people" | "jobs" | "companies" | "applicantworkflows";

/** Every profile type, in dependency order. */
export const PROFILE_TYPES: readonly ProfileType[] = ["companies", "people", "jobs", "applicantworkflows"];

/** Type guard for a path segment naming a profile type. */
export function isProfileType(value: string): value is ProfileType {
  return (PROFILE_TYPES as readonly string[]).includes(value);
}

/** Search filter prefix per type (`person.firstname`, `applicantworkflow.status`, …). */
export const SEARCH_PREFIX: Record<ProfileType, string> = {
  people: "person",
  jobs: "job",
  companies: "company",
  applicantworkflows: "applicantworkflow",
};

/** Human label per type, used in error messages ("Person not found."). */
export const TYPE_LABEL: Record<ProfileType, string> = {
  people: "Person",
  jobs: "Job",
  companies: "Company",
  applicantworkflows: "Applicant Workflow",
};

/** How a field's value is stored internally, rendered on GET and accepted on POST/PATCH. */
export type FieldKind =
  | "text"
  | "number"
  | "boolean"
  | "date"
  | "datetime"
  | "list"
  | "geo"
  | "person"
  | "job"
  | "address"
  | "source"
  | "collection"
  | "file"
  | "statuslog"
  | "portals"
  | "currency";

/**
 * Who may set a field: `write` (REST and `state.mutate`), `create` (only when the record is created),
 * `system` (the simulator itself; rendered on GET), `internal` (never rendered; searchable; settable
 * only through `state.mutate`).
 */
export type FieldAccess = "write" | "create" | "system" | "internal";

/** Definition of one field of a profile type or of a collection entry. */
export interface FieldDef {
  kind: FieldKind;
  access: FieldAccess;
  /** List id for `list` and `geo` fields. */
  list?: string;
  /** `geo` only: 1 = country, 2 = state. */
  geoLevel?: 1 | 2;
  /** `list` only: values unknown to the list are added to it on write. */
  autoAdd?: boolean;
  /** Returned only when named in `fields=` (not part of the default field set). */
  onRequest?: boolean;
  /** `collection` only: the child fields of one entry. */
  children?: Record<string, FieldDef>;
  /** The tenant's title of a custom field (the Schema API's `title`); standard fields have none. */
  title?: string;
}

const f = (kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef => ({ kind, access: "write", ...extra });

const address: Record<string, FieldDef> = {
  addresstype: f("list", { list: LIST_IDS.addressTypes }),
  addressstreet1: f("text"),
  addressstreet2: f("text"),
  addresscity: f("text"),
  addressstate: f("geo", { list: LIST_IDS.countries, geoLevel: 2 }),
  addresszip: f("text"),
  addresscountry: f("geo", { list: LIST_IDS.countries, geoLevel: 1 }),
};

const timestamps: Record<string, FieldDef> = {
  createddate: f("datetime", { access: "system" }),
  updateddate: f("datetime", { access: "system" }),
};

/** Field definitions per profile type; `statusListId` is the list backing `applicantworkflows.status`. */
export type Schema = Record<ProfileType, Record<string, FieldDef>>;

/** Schema entries of a type's custom fields: returned only when named in `fields=`, writable. */
function customDefs(specs: readonly CustomFieldSpec[]): Record<string, FieldDef> {
  return Object.fromEntries(
    specs.map((spec) => [
      spec.id,
      f(spec.kind, { onRequest: true, title: spec.title, ...(spec.list ? { list: spec.list } : {}) }),
    ]),
  );
}

/** Builds the tenant schema: the standard fields plus the tenant's custom fields on people and jobs. */
export function buildSchema(
  statusListId: string,
  customFields: Readonly<Record<CustomFieldType, readonly CustomFieldSpec[]>>,
): Schema {
  return {
    companies: {
      name: f("text"),
      folder: f("list", { list: LIST_IDS.companyFolders }),
      addresses: f("collection", { children: address }),
      ...timestamps,
    },
    people: {
      firstname: f("text"),
      middlename: f("text"),
      lastname: f("text"),
      email: f("text"),
      phones: f("collection", {
        children: { phonetype: f("list", { list: LIST_IDS.phoneTypes }), phonenumber: f("text") },
      }),
      addresses: f("collection", { children: address }),
      source: f("source"),
      sourcename: f("text"),
      folder: f("list", { list: LIST_IDS.personFolders }),
      linkedinurl: f("text"),
      workexperience: f("collection", {
        children: { workemployer: f("text"), worktitle: f("text"), iscurrent: f("boolean") },
      }),
      resume: f("file", { access: "system" }),
      logingroup: f("list", { list: LIST_IDS.loginGroups, access: "internal" }),
      ...customDefs(customFields.people),
      ...timestamps,
    },
    jobs: {
      jobtitle: f("text"),
      jobid: f("text"),
      folder: f("list", { list: LIST_IDS.jobFolders }),
      joblocation: f("address"),
      positiontype: f("list", { list: LIST_IDS.positionTypes }),
      department: f("list", { list: LIST_IDS.departments }),
      positioncategory: f("list", { list: LIST_IDS.positionCategories }),
      positionlevel: f("list", { list: LIST_IDS.positionLevels }),
      startdate: f("date"),
      enddate: f("date"),
      minsalary: f("currency"),
      maxsalary: f("currency"),
      numberofpositions: f("number"),
      overview: f("text"),
      hiringmanager: f("person"),
      recruiter: f("person"),
      secondaryrecruiter: f("person"),
      accountmanager: f("person"),
      screeningquestions: f("collection", {
        children: {
          question: f("list", { list: LIST_IDS.screeningQuestions }),
          required: f("boolean"),
          order: f("number"),
        },
      }),
      postedto: f("portals", { access: "internal" }),
      ...customDefs(customFields.jobs),
      ...timestamps,
    },
    applicantworkflows: {
      baseprofile: f("job", { access: "create" }),
      associatedprofile: f("person", { access: "create" }),
      status: f("list", { list: statusListId }),
      source: f("source"),
      sourcename: f("text"),
      submittalstatuslog: f("statuslog", { access: "system", onRequest: true }),
      assessmentresults: f("collection", {
        children: {
          assessmentname: f("list", { list: LIST_IDS.assessmentNames, autoAdd: true }),
          assessmentstatus: f("list", { list: LIST_IDS.assessmentStatuses }),
          assessmentscore: f("number"),
          assessmentdate: f("date"),
          assessmentresult: f("text"),
          assessmentnotes: f("text"),
          assessmenturl: f("text"),
        },
      }),
      ...timestamps,
    },
  };
}

/** Names of the collection fields of a type. */
export function collectionsOf(schema: Schema, type: ProfileType): string[] {
  return Object.entries(schema[type])
    .filter(([, def]) => def.kind === "collection")
    .map(([name]) => name);
}
