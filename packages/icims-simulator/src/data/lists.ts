import { hash, saltOf } from "../random.js";
import { CUSTOM_LISTS } from "./custom-fields.js";
import { DEPARTMENTS, SCREENING_QUESTIONS, STATES } from "./names.js";

/** A node of an iCIMS list (folder, source, status, country, …). */
export interface ListNode {
  /** Node id: `D…` for system defaults, `C…` for tenant-defined nodes (seed-dependent). */
  id: string;
  /** Display value (also `formattedvalue` on records). */
  value: string;
  /** Country/state abbreviation (geo lists only). */
  abbrev?: string;
  /** Child nodes (status list: the statuses of a bin); absent on leaves. */
  children?: ListNode[];
}

/** A node found in a list, with its parent (undefined for first-level nodes). */
export interface FoundNode {
  node: ListNode;
  parent: ListNode | undefined;
}

interface IndexedList {
  root: ListNode;
  byId: Map<string, FoundNode>;
}

type NodeSpec = [id: string | null, value: string, children?: NodeSpec[]];

/** List ids of the simulated tenant (the recruiting-workflow status list id is configurable). */
export const LIST_IDS = {
  jobFolders: "lists.job.folders",
  personFolders: "lists.person.folders",
  companyFolders: "lists.company.folders",
  sources: "lists.sources",
  phoneTypes: "lists.phone_type",
  addressTypes: "lists.address_type",
  countries: "lists.country",
  positionTypes: "lists.job.position_type",
  departments: "lists.job.department",
  positionCategories: "lists.job.position_category",
  positionLevels: "lists.job.position_level",
  rejectionReasons: "lists.notes.rejection",
  loginGroups: "lists.person.logingroups",
  screeningQuestions: "lists.screeningquestions",
  assessmentNames: "lists.assessment.names",
  assessmentStatuses: "lists.assessment.statuses",
} as const;

/** Default id of the recruiting-workflow bins-and-statuses list (the application-stages decision, see the package README). */
export const DEFAULT_STATUS_LIST_ID = "lists.applicantworkflow.status";

/** Bin names of the status list, in list order; generation weights follow the same order. */
export const BIN_NAMES = [
  "New Submissions",
  "Reviewed",
  "Interview",
  "Offer",
  "Hired",
  "Not Selected",
  "Withdrawn",
] as const;

/**
 * The tenant's lists. System nodes have fixed `D…` ids; tenant nodes get `C…` ids derived from the seed,
 * so a connector that hard-codes them fails against another seed, as it would against another tenant.
 */
export class TenantLists {
  private readonly lists = new Map<string, IndexedList>();
  private nextCustomId: number;

  constructor(
    seed: number,
    /** Id of the recruiting-workflow status list. */
    readonly statusListId: string,
  ) {
    this.nextCustomId = 10_000 + (hash(seed, saltOf("lists"), 0) % 80_000);
    const leaves = (values: readonly string[]): NodeSpec[] => values.map((v) => [null, v]);
    this.define(LIST_IDS.jobFolders, [
      ["D31001", "Approved"],
      [null, "Open"],
      ["D31002", "Closed"],
      [null, "Filled"],
      [null, "Cancelled"],
      ["D31003", "Draft"],
      ["D31004", "Pending Approval"],
      [null, "Archive"],
      ["D31099", "Purge"],
    ]);
    this.define(LIST_IDS.personFolders, [
      ["D32001", "Candidate: Active"],
      ["D32002", "Candidate: Inactive"],
      [null, "Candidate: Hired"],
      ["D32010", "Employee"],
      ["D32011", "Former Employee"],
      [null, "Hiring Manager"],
      [null, "Recruiter"],
      ["D32099", "Purge"],
    ]);
    this.define(LIST_IDS.companyFolders, [
      ["D33001", "Active Location"],
      ["D33002", "Inactive Location"],
      ["D33099", "Purge"],
    ]);
    this.define(LIST_IDS.sources, [
      ["D35001", "Job Board"],
      ["D35002", "Career Site"],
      ["D35003", "Employee Referral"],
      ["D35004", "Agency"],
      [null, "Social Media"],
      [null, "University"],
      ["D35099", "Other (Please Specify)"],
    ]);
    this.define(LIST_IDS.phoneTypes, [
      ["D83001", "Mobile"],
      ["D83002", "Home"],
      ["D83003", "Work"],
    ]);
    this.define(LIST_IDS.addressTypes, [
      ["D84001", "Work"],
      ["D84002", "Home"],
    ]);
    const states = Object.keys(STATES)
      .sort()
      .map((abbrev, i): NodeSpec => [`D41001${String(i + 1).padStart(3, "0")}`, abbrev]);
    this.define(LIST_IDS.countries, [
      ["D41001", "US", states],
      ["D41002", "CA"],
      ["D41003", "GB"],
    ]);
    this.decorateGeo();
    this.define(
      LIST_IDS.positionTypes,
      leaves(["Full-Time Regular", "Part-Time Regular", "Contract", "Temporary", "Internship"]),
    );
    this.define(LIST_IDS.departments, leaves(DEPARTMENTS));
    this.define(LIST_IDS.positionCategories, [
      ["D35001", "Professional"],
      ["D35002", "Technical"],
      ["D35003", "Operations"],
      ["D35004", "Management"],
    ]);
    this.define(LIST_IDS.positionLevels, [
      ["D36001", "Entry Level"],
      ["D36002", "Mid Level"],
      ["D36003", "Senior"],
      ["D36004", "Director"],
    ]);
    this.define(
      LIST_IDS.rejectionReasons,
      leaves(["Not Qualified", "Position Filled", "Candidate Withdrew", "No Show"]),
    );
    this.define(LIST_IDS.loginGroups, leaves(["Integration User", "Recruiter", "Hiring Manager"]));
    this.define(LIST_IDS.screeningQuestions, leaves(SCREENING_QUESTIONS));
    this.define(
      LIST_IDS.assessmentNames,
      leaves(["Skills Assessment", "Coding Challenge", "Personality Profile"]),
    );
    this.define(LIST_IDS.assessmentStatuses, [
      ["D38001", "Sent"],
      ["D38002", "In Progress"],
      ["D38003", "Completed"],
      ["D38004", "Expired"],
    ]);
    this.define(statusListId, [
      [
        "D10001",
        "New Submissions",
        [
          ["D10100", "New Submissions - External Portal"],
          ["D10101", "New Submissions - Internal Portal"],
          [null, "New Submissions - Sourced"],
        ],
      ],
      [
        "D10002",
        "Reviewed",
        [
          [null, "Reviewed - Recruiter Screen"],
          [null, "Reviewed - Hiring Manager Review"],
        ],
      ],
      [
        "D10003",
        "Interview",
        [
          [null, "Interview - Phone Screen"],
          [null, "Interview - Onsite"],
          [null, "Interview - Final Round"],
        ],
      ],
      [
        "D10004",
        "Offer",
        [
          [null, "Offer - Extended"],
          [null, "Offer - Accepted"],
        ],
      ],
      ["D10005", "Hired", [["D10500", "Hired"]]],
      [
        "D10006",
        "Not Selected",
        [
          [null, "Not Selected - Not Qualified"],
          [null, "Not Selected - Position Filled"],
          [null, "Not Selected - Declined Offer"],
        ],
      ],
      ["D10007", "Withdrawn", [[null, "Withdrawn - Candidate Withdrew"]]],
    ]);
    // Last, so the tenant node ids of the lists above stay what they were before custom fields.
    for (const [listId, values] of Object.entries(CUSTOM_LISTS)) this.define(listId, leaves(values));
  }

  /** Every list id, in definition order (the `/v2/lists` answer). */
  names(): string[] {
    return [...this.lists.keys()];
  }

  /** The root of a list (a pseudo-node whose children are the first-level nodes), or undefined. */
  root(listId: string): ListNode | undefined {
    return this.lists.get(listId)?.root;
  }

  /** A node anywhere in a list, or undefined. */
  find(listId: string, nodeId: string): FoundNode | undefined {
    return this.lists.get(listId)?.byId.get(nodeId);
  }

  /** A node anywhere in a list whose value (or abbreviation) equals `value`, ignoring case. */
  findByValue(listId: string, value: string): FoundNode | undefined {
    const wanted = value.toLowerCase();
    for (const found of this.lists.get(listId)?.byId.values() ?? []) {
      if (found.node.value.toLowerCase() === wanted || found.node.abbrev?.toLowerCase() === wanted)
        return found;
    }
    return undefined;
  }

  /** The node with the given value; throws when absent (used for values the generator relies on). */
  byValue(listId: string, value: string): ListNode {
    const found = this.findByValue(listId, value);
    if (!found) throw new Error(`list ${listId} has no node "${value}"`);
    return found.node;
  }

  /** Adds a tenant node at the first level of a list (lists that auto-add unknown values). */
  add(listId: string, value: string): ListNode {
    const list = this.lists.get(listId);
    if (!list) throw new Error(`unknown list ${listId}`);
    const node: ListNode = { id: this.customId(), value };
    list.root.children?.push(node);
    list.byId.set(node.id, { node, parent: undefined });
    return node;
  }

  /** Bins of the status list with their statuses, in list order. */
  statusBins(): { bin: ListNode; statuses: ListNode[] }[] {
    return (this.root(this.statusListId)?.children ?? []).map((bin) => ({
      bin,
      statuses: bin.children ?? [],
    }));
  }

  private customId(): string {
    return `C${this.nextCustomId++}`;
  }

  private define(listId: string, specs: NodeSpec[]): void {
    const byId = new Map<string, FoundNode>();
    const build = (spec: NodeSpec, parent: ListNode | undefined): ListNode => {
      const [id, value, childSpecs] = spec;
      const node: ListNode = { id: id ?? this.customId(), value };
      byId.set(node.id, { node, parent });
      if (childSpecs) node.children = childSpecs.map((child) => build(child, node));
      return node;
    };
    const root: ListNode = { id: listId, value: listId, children: [] };
    root.children = specs.map((spec) => build(spec, undefined));
    this.lists.set(listId, { root, byId });
  }

  private decorateGeo(): void {
    const countryNames: Record<string, string> = { US: "United States", CA: "Canada", GB: "United Kingdom" };
    for (const country of this.root(LIST_IDS.countries)?.children ?? []) {
      country.abbrev = country.value;
      country.value = countryNames[country.value] ?? country.value;
      for (const state of country.children ?? []) {
        state.abbrev = state.value;
        state.value = STATES[state.value] ?? state.value;
      }
    }
  }
}
