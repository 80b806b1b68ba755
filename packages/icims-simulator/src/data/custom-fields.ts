import { hash, saltOf } from "../random.js";

/** Profile types that carry tenant custom fields. */
export type CustomFieldType = "people" | "jobs";

/** Value kinds of the tenant's custom fields (a subset of the schema's field kinds). */
export type CustomFieldKind = "text" | "list" | "date";

/** One tenant-defined field (iCIMS `fieldNNNNN`). */
export interface CustomFieldSpec {
  /** Field id, `field` + five digits; seed-dependent, like a real tenant's. */
  id: string;
  /** Human title, as the Schema API answers it. */
  title: string;
  kind: CustomFieldKind;
  /** `list` only: the list id of its values (`LIST_IDS`). */
  list?: string;
  /** `list` only: the values of that list, in list order. */
  values?: readonly string[];
  /** Share of generated records with a value (fixed per record). */
  fillRate: number;
}

/** List ids of the custom fields' lists. */
export const CUSTOM_LIST_IDS = {
  hiringPriority: "lists.job.custom.hiringpriority",
  workAuthorization: "lists.person.custom.workauthorization",
} as const;

/** The custom lists with their values (defined in the tenant's lists). */
export const CUSTOM_LISTS: Readonly<Record<string, readonly string[]>> = {
  [CUSTOM_LIST_IDS.hiringPriority]: ["Critical", "High", "Normal", "Low"],
  [CUSTOM_LIST_IDS.workAuthorization]: ["Citizen", "Permanent Resident", "Visa Required", "Visa Transfer"],
};

type Blueprint = Omit<CustomFieldSpec, "id">;

const BLUEPRINTS: Record<CustomFieldType, Blueprint[]> = {
  jobs: [
    { title: "Cost Center", kind: "text", fillRate: 0.85 },
    {
      title: "Hiring Priority",
      kind: "list",
      list: CUSTOM_LIST_IDS.hiringPriority,
      values: CUSTOM_LISTS[CUSTOM_LIST_IDS.hiringPriority] ?? [],
      fillRate: 0.8,
    },
    { title: "Budget Approved On", kind: "date", fillRate: 0.7 },
  ],
  people: [
    { title: "Referral Code", kind: "text", fillRate: 0.75 },
    {
      title: "Work Authorization",
      kind: "list",
      list: CUSTOM_LIST_IDS.workAuthorization,
      values: CUSTOM_LISTS[CUSTOM_LIST_IDS.workAuthorization] ?? [],
      fillRate: 0.8,
    },
    { title: "Available From", kind: "date", fillRate: 0.6 },
  ],
};

/**
 * The tenant's custom fields per type: three on jobs (Cost Center, Hiring Priority, Budget Approved
 * On) and three on people (Referral Code, Work Authorization, Available From). Their ids are five
 * digits derived from the seed, distinct across types, so a client has to discover them (Schema
 * API) rather than hard-code them.
 */
export function tenantCustomFields(seed: number): Record<CustomFieldType, CustomFieldSpec[]> {
  const base = 10_000 + (hash(seed, saltOf("customfields"), 0) % 80_000);
  let k = 0;
  const withIds = (blueprints: Blueprint[]): CustomFieldSpec[] =>
    blueprints.map((blueprint) => ({ id: `field${base + 7 * k++}`, ...blueprint }));
  return { jobs: withIds(BLUEPRINTS.jobs), people: withIds(BLUEPRINTS.people) };
}
