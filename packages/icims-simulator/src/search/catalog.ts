import type { TenantLists } from "../data/lists.js";
import type { AddressLink, CollectionEntry } from "../data/model.js";
import type { ProfileType } from "../data/schema.js";
import { SEARCH_PREFIX } from "../data/schema.js";
import type { RecordStore } from "../data/store.js";

/** Value type of a search filter; decides its valid operators and how values compare. */
export type FilterKind = "id" | "number" | "text" | "list" | "date" | "portal";

/** A searchable attribute. */
export interface FilterDef {
  kind: FilterKind;
  /** Type and field the filter reads (a hidden field makes the filter unknown). */
  type: ProfileType;
  field: string;
  /** True for `<type>.id` of the searched type itself (used to start scans at the right id). */
  ownId: boolean;
  /** The record's values for this filter (empty when it has none). */
  values(store: RecordStore, id: number): unknown[];
}

type Catalog = Record<string, FilterDef>;

const one = (value: unknown): unknown[] => (value === undefined || value === null ? [] : [value]);

/** Documented search filters per type (suffixes after the type prefix), plus workflow relations. */
export class FilterCatalog {
  private readonly catalogs: Record<ProfileType, Catalog>;

  constructor(
    lists: TenantLists,
    private readonly hidden: Record<ProfileType, ReadonlySet<string>>,
  ) {
    const field = (type: ProfileType, kind: FilterKind, name: string): FilterDef => ({
      kind,
      type,
      field: name,
      ownId: false,
      values: (store, id) => one(store.field(type, id, name)),
    });
    const id = (type: ProfileType): FilterDef => ({
      kind: "id",
      type,
      field: "id",
      ownId: true,
      values: (_, i) => [i],
    });
    const address = (type: ProfileType, kind: FilterKind, child: string): FilterDef => ({
      kind,
      type,
      field: "addresses",
      ownId: false,
      values: (store, i) =>
        ((store.field(type, i, "addresses") ?? []) as CollectionEntry[])
          .map((e) => e[child])
          .filter((v) => v !== undefined),
    });
    const addresses = (type: ProfileType): Catalog => ({
      addresscity: address(type, "text", "addresscity"),
      addressstate: address(type, "list", "addressstate"),
      addresszip: address(type, "text", "addresszip"),
      addresscountry: address(type, "list", "addresscountry"),
    });
    const dates = (type: ProfileType): Catalog => ({
      createddate: field(type, "date", "createddate"),
      updateddate: field(type, "date", "updateddate"),
    });
    const person: Catalog = {
      id: id("people"),
      firstname: field("people", "text", "firstname"),
      middlename: field("people", "text", "middlename"),
      lastname: field("people", "text", "lastname"),
      email: field("people", "text", "email"),
      emailaddress: field("people", "text", "email"),
      folder: field("people", "list", "folder"),
      logingroupid: field("people", "list", "logingroup"),
      ...addresses("people"),
      ...dates("people"),
    };
    const job: Catalog = {
      id: id("jobs"),
      jobtitle: field("jobs", "text", "jobtitle"),
      jobnumber: field("jobs", "text", "jobid"),
      folder: field("jobs", "list", "folder"),
      positiontype: field("jobs", "list", "positiontype"),
      numberofpositions: field("jobs", "number", "numberofpositions"),
      "joblocation.companyid": {
        kind: "number",
        type: "jobs",
        field: "joblocation",
        ownId: false,
        values: (store, i) =>
          one((store.field("jobs", i, "joblocation") as AddressLink | undefined)?.companyid),
      },
      postedto: field("jobs", "portal", "postedto"),
      ...dates("jobs"),
    };
    const company: Catalog = {
      id: id("companies"),
      name: field("companies", "text", "name"),
      ...addresses("companies"),
      ...dates("companies"),
    };
    const related = (catalog: Catalog, prefix: string, link: string): Catalog =>
      Object.fromEntries(
        Object.entries(catalog).map(([name, def]) => [
          `${prefix}.${name}`,
          {
            ...def,
            ownId: false,
            values: (store: RecordStore, i: number) =>
              def.values(store, store.field("applicantworkflows", i, link) as number),
          },
        ]),
      );
    const workflow: Catalog = {
      id: id("applicantworkflows"),
      status: field("applicantworkflows", "list", "status"),
      bin: {
        kind: "list",
        type: "applicantworkflows",
        field: "status",
        ownId: false,
        values: (store, i) =>
          one(
            lists.find(lists.statusListId, store.field("applicantworkflows", i, "status") as string)?.parent
              ?.id,
          ),
      },
      updateddate: field("applicantworkflows", "date", "updateddate"),
      ...related(person, "person", "associatedprofile"),
      ...related(job, "job", "baseprofile"),
    };
    this.catalogs = { people: person, jobs: job, companies: company, applicantworkflows: workflow };
  }

  /**
   * Resolves a full filter name (`person.email`) for a search of `type`: the definition, `"prefix"` when
   * the name belongs to another type, or undefined when unknown or hidden.
   */
  resolve(type: ProfileType, name: string): FilterDef | "prefix" | undefined {
    const prefix = `${SEARCH_PREFIX[type]}.`;
    if (!name.startsWith(prefix)) return "prefix";
    const def = this.catalogs[type][name.slice(prefix.length)];
    return def && !this.hidden[def.type].has(def.field) ? def : undefined;
  }
}
