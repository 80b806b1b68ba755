import { DAY_MS, floorToMinute, formatDate } from "../dates.js";
import { hash, pick, saltOf, unit, weighted } from "../random.js";
import type { CustomFieldSpec, CustomFieldType } from "./custom-fields.js";
import type { ListNode, TenantLists } from "./lists.js";
import { BIN_NAMES, LIST_IDS } from "./lists.js";
import type { AddressLink, CollectionEntry, InternalRecord, StatusLogEntry, StoredFile } from "./model.js";
import { CITIES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, SOURCE_NAMES, STREETS, TENANT_NAMES } from "./names.js";
import type { ProfileType } from "./schema.js";

/** Number of generated records per type. */
export interface Sizes {
  companies: number;
  people: number;
  jobs: number;
  applications: number;
}

/** Inputs of the generator. */
export interface GeneratorConfig {
  seed: number;
  sizes: Sizes;
  /** Generated timestamps lie before this instant (epoch ms). */
  dataEnd: number;
  lists: TenantLists;
  /** Portal names; the first is the main career site. */
  portals: readonly string[];
  /** The tenant's custom fields per type (`tenantCustomFields`). */
  customFields: Readonly<Record<CustomFieldType, readonly CustomFieldSpec[]>>;
}

const YEAR_MS = 365 * DAY_MS;
/** Job folders of jobs that stopped taking applications: they carry an `enddate`. */
const ENDED_FOLDERS = ["Closed", "Filled", "Cancelled", "Archive"];
/** Company-name endings of generated employers in work histories. */
const EMPLOYER_SUFFIXES = ["Inc.", "LLC", "Group", "Partners", "Labs"];
const ID_STRIDE = 3;
/** Entry ids of generated collection entries are `recordId * ENTRY_FACTOR + k`. */
export const ENTRY_FACTOR = 8;
const ID_BASE: Record<ProfileType, number> = {
  companies: 200,
  jobs: 1000,
  people: 10_000,
  applicantworkflows: 100_000,
};

type FieldGenerator = (index: number, id: number) => unknown;

const slug = (text: string): string =>
  text
    .normalize("NFD")
    .toLowerCase()
    .replace(/[^a-z]/g, "");

/**
 * Computes records from (seed, type, index) without storing them. Ids are ascending with small gaps
 * (`base + 3·index + h mod 3`), so a connector cannot assume contiguous ids. Each field has its own
 * generator, so a search can evaluate one field of a million records without building them.
 */
export class DataGenerator {
  /** People with index below this are platform users (recruiters, hiring managers, the API user). */
  readonly userCount: number;
  /** Display name of the tenant. */
  readonly tenantName: string;
  /** E-mail domain of the tenant's users. */
  readonly tenantDomain: string;
  private readonly seed: number;
  private readonly sizes: Sizes;
  private readonly candidates: number;
  private readonly salts = new Map<string, number>();
  private readonly idSalts: Record<ProfileType, number> = {
    companies: saltOf("companies.id"),
    people: saltOf("people.id"),
    jobs: saltOf("jobs.id"),
    applicantworkflows: saltOf("applicantworkflows.id"),
  };
  private readonly generators: Record<ProfileType, Record<string, FieldGenerator>>;

  constructor(private readonly config: GeneratorConfig) {
    this.seed = config.seed;
    this.sizes = config.sizes;
    const people = this.sizes.people;
    this.userCount = people <= 1 ? people : Math.min(50, Math.max(1, Math.ceil(people / 50)));
    this.candidates = people - this.userCount;
    const { applications, jobs } = this.sizes;
    if (applications > 0 && applications > this.candidates * jobs) {
      throw new RangeError(
        `applications (${applications}) exceed candidate people × jobs (${this.candidates} × ${jobs}); ` +
          "each application is a unique person × job pair",
      );
    }
    this.tenantName = pick(TENANT_NAMES, this.h("tenant", 0));
    this.tenantDomain = `${slug(this.tenantName)}.example`;
    this.generators = {
      companies: this.companyGenerators(),
      people: { ...this.personGenerators(), ...this.customFieldGenerators("people") },
      jobs: { ...this.jobGenerators(), ...this.customFieldGenerators("jobs") },
      applicantworkflows: this.workflowGenerators(),
    };
  }

  /** Number of generated records of a type. */
  count(type: ProfileType): number {
    return type === "applicantworkflows" ? this.sizes.applications : this.sizes[type];
  }

  /** Id of the generated record at `index`. */
  idAt(type: ProfileType, index: number): number {
    return ID_BASE[type] + ID_STRIDE * index + (hash(this.seed, this.idSalts[type], index) % ID_STRIDE);
  }

  /** Index of a generated id, or -1 when `id` is not a generated id of `type`. */
  indexOf(type: ProfileType, id: number): number {
    const offset = id - ID_BASE[type];
    if (!Number.isInteger(id) || offset < 0) return -1;
    const index = Math.floor(offset / ID_STRIDE);
    return index < this.count(type) && this.idAt(type, index) === id ? index : -1;
  }

  /** Smallest index whose id is greater than `afterId` (may equal `count(type)`). */
  firstIndexAfter(type: ProfileType, afterId: number): number {
    const offset = afterId - ID_BASE[type];
    if (offset < 0) return 0;
    const index = Math.floor(offset / ID_STRIDE);
    if (index >= this.count(type)) return this.count(type);
    return this.idAt(type, index) > afterId ? index : index + 1;
  }

  /** First id available for records created after startup (above every generated id of the type). */
  firstFreeId(type: ProfileType): number {
    return ID_BASE[type] + ID_STRIDE * (this.count(type) + 1);
  }

  /** One field of a generated record (internal shape), or undefined when the record has no value. */
  field(type: ProfileType, index: number, name: string): unknown {
    return this.generators[type][name]?.(index, this.idAt(type, index));
  }

  /** The whole generated record. */
  record(type: ProfileType, index: number): InternalRecord {
    const id = this.idAt(type, index);
    const fields: Record<string, unknown> = {};
    for (const [name, generate] of Object.entries(this.generators[type])) {
      const value = generate(index, id);
      if (value !== undefined) fields[name] = value;
    }
    return { id, fields };
  }

  /** Indices of the generated workflows whose (generated) person is `personIndex`. */
  workflowIndicesOfPerson(personIndex: number): number[] {
    const q = personIndex - this.userCount;
    const out: number[] = [];
    if (q < 0) return out;
    for (let w = q; w < this.sizes.applications; w += this.candidates) out.push(w);
    return out;
  }

  private h(name: string, index: number, k = 0): number {
    let salt = this.salts.get(name);
    if (salt === undefined) {
      salt = saltOf(name);
      this.salts.set(name, salt);
    }
    return hash(this.seed, salt, index, k);
  }

  private chance(name: string, index: number, probability: number): boolean {
    return unit(this.h(name, index)) < probability;
  }

  private node(listId: string, value: string): string {
    return this.config.lists.byValue(listId, value).id;
  }

  /** A time between `from` and `to`, minute precision. */
  private between(name: string, index: number, from: number, to: number): number {
    return floorToMinute(from + unit(this.h(name, index)) * Math.max(0, to - from));
  }

  private addressEntry(
    name: string,
    index: number,
    entry: number,
    type: string,
    city = pick(CITIES, this.h(`${name}.city`, index)),
  ): CollectionEntry {
    const us = this.config.lists.byValue(LIST_IDS.countries, "US");
    const state = this.config.lists.findByValue(LIST_IDS.countries, city.state)?.node;
    return {
      entry,
      addresstype: this.node(LIST_IDS.addressTypes, type),
      addressstreet1: `${100 + (this.h(`${name}.street`, index) % 9800)} ${pick(STREETS, this.h(`${name}.streetname`, index))}`,
      addresscity: city.city,
      ...(state ? { addressstate: state.id } : {}),
      addresszip: city.zip,
      addresscountry: us.id,
    };
  }

  /**
   * Values of a type's custom fields, each on its `fillRate` share of records: text `<initials>-<4
   * digits>` ("CC-4821" for Cost Center), a node id of the field's list, a date in the year before
   * the data ends.
   */
  private customFieldGenerators(type: CustomFieldType): Record<string, FieldGenerator> {
    const { dataEnd, lists } = this.config;
    const generator = (spec: CustomFieldSpec): FieldGenerator => {
      const name = `${type}.${spec.id}`;
      return (index) => {
        if (!this.chance(`${name}.has`, index, spec.fillRate)) return undefined;
        const h = this.h(name, index);
        switch (spec.kind) {
          case "text": {
            const initials = spec.title.replace(/[^A-Z]/g, "");
            return `${initials}-${String(1000 + (h % 9000))}`;
          }
          case "list":
            return lists.byValue(spec.list ?? "", pick(spec.values ?? [], h)).id;
          case "date":
            return formatDate(dataEnd - (h % 365) * DAY_MS);
        }
      };
    };
    return Object.fromEntries(this.config.customFields[type].map((spec) => [spec.id, generator(spec)]));
  }

  private companyGenerators(): Record<string, FieldGenerator> {
    const { dataEnd } = this.config;
    const isRemote = (c: number): boolean => c === 1;
    const city = (c: number) => pick(CITIES, this.h("company.city", c));
    const created = (c: number) =>
      this.between("company.created", c, dataEnd - 4 * YEAR_MS, dataEnd - 2 * YEAR_MS);
    return {
      name: (c) =>
        c === 0 ? `${this.tenantName} HQ` : `${this.tenantName} - ${isRemote(c) ? "Remote" : city(c).city}`,
      folder: (c) =>
        this.node(
          LIST_IDS.companyFolders,
          this.chance("company.inactive", c, 0.05) ? "Inactive Location" : "Active Location",
        ),
      addresses: (c, id) => {
        if (isRemote(c)) {
          const us = this.config.lists.byValue(LIST_IDS.countries, "US");
          return [
            {
              entry: id * ENTRY_FACTOR,
              addresstype: this.node(LIST_IDS.addressTypes, "Work"),
              addresscity: "Remote",
              addresscountry: us.id,
            },
          ];
        }
        const count = 1 + (this.h("company.addresses", c) % 2);
        return Array.from({ length: count }, (_, k) =>
          this.addressEntry(
            "company.address",
            c * 2 + k,
            id * ENTRY_FACTOR + k,
            "Work",
            k === 0 ? city(c) : undefined,
          ),
        );
      },
      createddate: created,
      updateddate: (c) => this.between("company.updated", c, created(c), dataEnd),
    };
  }

  private personGenerators(): Record<string, FieldGenerator> {
    const { dataEnd, lists } = this.config;
    const isUser = (p: number): boolean => p < this.userCount;
    const first = (p: number): string =>
      p === 0 ? "Integration" : pick(FIRST_NAMES, this.h("person.first", p));
    const last = (p: number): string => (p === 0 ? "User" : pick(LAST_NAMES, this.h("person.last", p)));
    const city = (p: number) => pick(CITIES, this.h("person.city", p));
    const created = (p: number) =>
      isUser(p)
        ? this.between("person.created", p, dataEnd - 3 * YEAR_MS, dataEnd - 2 * YEAR_MS)
        : this.between("person.created", p, dataEnd - 2 * YEAR_MS, dataEnd);
    const hasSource = (p: number) => !isUser(p) && this.chance("person.hassource", p, 0.75);
    const sources = lists.root(LIST_IDS.sources)?.children ?? [];
    /** Users who left (still named by old jobs): the last user of a tenant with ≥ 3, and ~10 % of the others from index 2. */
    const formerEmployee = (p: number) =>
      p >= 2 && (p === this.userCount - 1 || this.chance("person.former", p, 0.1));
    return {
      firstname: first,
      middlename: (p) =>
        this.chance("person.hasmiddle", p, 0.25) && p > 0
          ? pick(FIRST_NAMES, this.h("person.middle", p))
          : undefined,
      lastname: last,
      email: (p, id) =>
        isUser(p)
          ? `${slug(first(p))}.${slug(last(p))}${p}@${this.tenantDomain}`
          : `${slug(first(p))}.${slug(last(p))}${id}@example.org`,
      phones: (p, id) => {
        const count = isUser(p) ? 1 : 1 + (this.h("person.phones", p) % 2);
        const types = isUser(p) ? ["Work"] : ["Mobile", "Home"];
        return Array.from({ length: count }, (_, k) => ({
          entry: id * ENTRY_FACTOR + k,
          phonetype: this.node(LIST_IDS.phoneTypes, types[k] ?? "Mobile"),
          phonenumber: `${city(p).area}-555-${String(this.h("person.phone", p, k) % 10_000).padStart(4, "0")}`,
        }));
      },
      addresses: (p, id) =>
        !isUser(p) && this.chance("person.hasaddress", p, 0.85)
          ? [this.addressEntry("person.address", p, id * ENTRY_FACTOR + 4, "Home", city(p))]
          : undefined,
      source: (p) => (hasSource(p) ? pick(sources, this.h("person.source", p)).value : undefined),
      sourcename: (p) =>
        hasSource(p) && this.chance("person.hassourcename", p, 0.5)
          ? pick(SOURCE_NAMES, this.h("person.sourcename", p))
          : undefined,
      folder: (p) => {
        if (p === 0) return this.node(LIST_IDS.personFolders, "Employee");
        if (isUser(p) && formerEmployee(p)) return this.node(LIST_IDS.personFolders, "Former Employee");
        if (isUser(p)) return this.node(LIST_IDS.personFolders, p % 2 === 1 ? "Recruiter" : "Hiring Manager");
        const folders = ["Candidate: Active", "Candidate: Inactive", "Candidate: Hired"];
        return this.node(
          LIST_IDS.personFolders,
          folders[weighted([60, 30, 10], this.h("person.folder", p))] ?? "Candidate: Active",
        );
      },
      linkedinurl: (p, id) =>
        !isUser(p) && this.chance("person.haslinkedin", p, 0.4)
          ? `https://www.linkedin.com/in/${slug(first(p))}-${slug(last(p))}-${id}`
          : undefined,
      workexperience: (p, id): CollectionEntry[] | undefined => {
        if (isUser(p) || !this.chance("person.hasworkexperience", p, 0.6)) return undefined;
        const count = 1 + (this.h("person.jobs", p) % 2);
        return Array.from({ length: count }, (_, k) => ({
          entry: id * ENTRY_FACTOR + 5 + k,
          workemployer: `${pick(LAST_NAMES, this.h("person.employer", p, k))} ${pick(EMPLOYER_SUFFIXES, this.h("person.employersuffix", p, k))}`,
          worktitle: pick(JOB_TITLES, this.h("person.worktitle", p, k)).title,
          iscurrent: k === 0,
        }));
      },
      resume: (p): StoredFile | undefined => {
        if (isUser(p) || !this.chance("person.hasresume", p, 0.6)) return undefined;
        const pdf = this.chance("person.resumepdf", p, 0.7);
        return {
          filename: `${first(p)}_${last(p)}_Resume.${pdf ? "pdf" : "txt"}`,
          contentType: pdf ? "application/pdf" : "text/plain",
        };
      },
      logingroup: (p) => {
        if (!isUser(p)) return undefined;
        const group = p === 0 ? "Integration User" : p % 2 === 1 ? "Recruiter" : "Hiring Manager";
        return this.node(LIST_IDS.loginGroups, group);
      },
      createddate: created,
      updateddate: (p) => this.between("person.updated", p, created(p), dataEnd),
    };
  }

  /** Person index of a user playing `role` (recruiters are odd user indices, hiring managers even). */
  private userIndex(role: "recruiter" | "hiringmanager" | "other", name: string, index: number): number {
    const users = this.userCount;
    if (users <= 1) return 0;
    const r = this.h(name, index);
    if (role === "other" || users < 3) return 1 + (r % (users - 1));
    const odd = Math.floor(users / 2);
    const even = Math.ceil(users / 2) - 1;
    return role === "recruiter" ? 1 + 2 * (r % odd) : even > 0 ? 2 + 2 * (r % even) : 1;
  }

  private jobGenerators(): Record<string, FieldGenerator> {
    const { dataEnd, portals } = this.config;
    const personId = (p: number) => this.idAt("people", p);
    const title = (j: number) => pick(JOB_TITLES, this.h("job.title", j));
    const hybrid = (j: number) => this.chance("job.hybrid", j, 0.1);
    const remote = (j: number) => this.sizes.companies > 1 && this.chance("job.remote", j, 0.12);
    const folders = [
      "Approved",
      "Open",
      "Closed",
      "Filled",
      "Cancelled",
      "Draft",
      "Pending Approval",
      "Archive",
    ];
    const folderValue = (j: number) =>
      folders[weighted([45, 10, 12, 8, 4, 8, 5, 8], this.h("job.folder", j))] ?? "Approved";
    const created = (j: number) =>
      this.between("job.created", j, dataEnd - 2 * YEAR_MS, dataEnd - 14 * DAY_MS);
    const positionTypes = ["Full-Time Regular", "Part-Time Regular", "Contract", "Temporary", "Internship"];
    const positionType = (j: number) =>
      positionTypes[weighted([70, 10, 10, 5, 5], this.h("job.positiontype", j))] ?? "Full-Time Regular";
    const questions = this.config.lists.root(LIST_IDS.screeningQuestions)?.children ?? [];
    const users = this.userCount > 0;
    /** Drafts and jobs pending approval never opened. */
    const opened = (j: number) => !["Draft", "Pending Approval"].includes(folderValue(j));
    const openedAt = (j: number) => this.between("job.opened", j, created(j), created(j) + 14 * DAY_MS);
    const hourly = (j: number) => ["Part-Time Regular", "Temporary", "Internship"].includes(positionType(j));
    /** ~70 % of jobs publish a range: annual 40k–160k USD, hourly 15–60 USD for part-time, temporary and interns. */
    const salary = (j: number, end: 0 | 1) => {
      if (!this.chance("job.hassalary", j, 0.7)) return undefined;
      const low = hourly(j)
        ? 15 + (this.h("job.salary", j) % 30)
        : 40_000 + 1000 * (this.h("job.salary", j) % 90);
      return {
        amount: end === 0 ? low : Math.round(low * 1.3),
        currency: "USD",
        timeframe: hourly(j) ? "Hourly" : "Annually",
      };
    };
    return {
      jobtitle: (j) => `${title(j).title}${hybrid(j) ? " (Hybrid)" : ""}`,
      jobid: (j, id) => `${new Date(created(j)).getUTCFullYear()}-${id}`,
      folder: (j) => this.node(LIST_IDS.jobFolders, folderValue(j)),
      joblocation: (j): AddressLink | undefined => {
        if (this.sizes.companies === 0) return undefined;
        const c = remote(j) ? 1 : this.h("job.company", j) % this.sizes.companies;
        const companyid = this.idAt("companies", c);
        return { companyid, entry: companyid * ENTRY_FACTOR };
      },
      positiontype: (j) => this.node(LIST_IDS.positionTypes, positionType(j)),
      department: (j) => this.node(LIST_IDS.departments, title(j).department),
      positioncategory: (j) =>
        pick(this.config.lists.root(LIST_IDS.positionCategories)?.children ?? [], this.h("job.category", j))
          .id,
      positionlevel: (j) =>
        pick(this.config.lists.root(LIST_IDS.positionLevels)?.children ?? [], this.h("job.level", j)).id,
      startdate: (j) => (opened(j) ? formatDate(openedAt(j)) : undefined),
      enddate: (j) =>
        ENDED_FOLDERS.includes(folderValue(j))
          ? formatDate(this.between("job.ended", j, openedAt(j), dataEnd))
          : undefined,
      minsalary: (j) => salary(j, 0),
      maxsalary: (j) => salary(j, 1),
      numberofpositions: (j) => 1 + (this.h("job.positions", j) % 3),
      overview: (j) =>
        `<p>Join our ${title(j).department} team as a ${title(j).title}. ${hybrid(j) ? "This role is hybrid." : remote(j) ? "This role is fully remote." : "This role is on-site."}</p>`,
      hiringmanager: (j) => (users ? personId(this.userIndex("hiringmanager", "job.hm", j)) : undefined),
      recruiter: (j) => (users ? personId(this.userIndex("recruiter", "job.recruiter", j)) : undefined),
      secondaryrecruiter: (j) =>
        users && this.chance("job.hassecondary", j, 0.3)
          ? personId(this.userIndex("recruiter", "job.secondary", j))
          : undefined,
      accountmanager: (j) =>
        users && this.chance("job.hasaccount", j, 0.2)
          ? personId(this.userIndex("other", "job.account", j))
          : undefined,
      screeningquestions: (j, id) => {
        const count = questions.length === 0 ? 0 : this.h("job.questions", j) % 5;
        if (count === 0) return undefined;
        const start = this.h("job.questionstart", j) % questions.length;
        return Array.from({ length: count }, (_, k) => ({
          entry: id * ENTRY_FACTOR + k,
          question: (questions[(start + k) % questions.length] as ListNode).id,
          required: this.chance("job.questionrequired", j * 8 + k, 0.6),
          order: k + 1,
        }));
      },
      postedto: (j) => {
        if (folderValue(j) !== "Approved" && folderValue(j) !== "Open") return undefined;
        const posted = portals.filter((_, k) => this.chance(`job.posted.${k}`, j, k === 0 ? 0.85 : 0.3));
        return posted.length > 0 ? posted : undefined;
      },
      createddate: created,
      updateddate: (j) => this.between("job.updated", j, created(j), dataEnd),
    };
  }

  private workflowGenerators(): Record<string, FieldGenerator> {
    const { dataEnd } = this.config;
    const jobs = this.sizes.jobs;
    const bins = this.config.lists.statusBins();
    const personIndex = (w: number) => this.userCount + (w % this.candidates);
    const jobIndex = (w: number) => {
      const p = personIndex(w);
      return (Math.floor(w / this.candidates) + (this.h("workflow.joboffset", p) % jobs)) % jobs;
    };
    const bin = (w: number) => weighted([25, 15, 10, 3, 5, 35, 7], this.h("workflow.bin", w));
    const statusIn = (b: number, name: string, w: number, k = 0): string => {
      const statuses = bins[b]?.statuses ?? [];
      return pick(statuses, this.h(name, w, k)).id;
    };
    const created = (w: number) => {
      const from = Math.max(
        this.field("jobs", jobIndex(w), "createddate") as number,
        this.field("people", personIndex(w), "createddate") as number,
      );
      return this.between("workflow.created", w, from, dataEnd);
    };
    const updated = (w: number) => this.between("workflow.updated", w, created(w), dataEnd);
    const hasSource = (w: number) => this.chance("workflow.hassource", w, 0.7);
    const sources = this.config.lists.root(LIST_IDS.sources)?.children ?? [];
    const notSelected = BIN_NAMES.indexOf("Not Selected");
    const withdrawn = BIN_NAMES.indexOf("Withdrawn");
    /** Bins visited, oldest first, ending at the current bin. */
    const path = (w: number): number[] => {
      const b = bin(w);
      if (b !== notSelected && b !== withdrawn) return Array.from({ length: b + 1 }, (_, k) => k);
      const reached = this.h("workflow.reached", w) % (b === withdrawn ? 2 : 3);
      return [...Array.from({ length: reached + 1 }, (_, k) => k), b];
    };
    return {
      baseprofile: (w) => this.idAt("jobs", jobIndex(w)),
      associatedprofile: (w) => this.idAt("people", personIndex(w)),
      status: (w) => statusIn(bin(w), "workflow.status", w),
      source: (w) => (hasSource(w) ? pick(sources, this.h("workflow.source", w)).value : undefined),
      sourcename: (w) =>
        hasSource(w) && this.chance("workflow.hassourcename", w, 0.4)
          ? pick(SOURCE_NAMES, this.h("workflow.sourcename", w))
          : undefined,
      submittalstatuslog: (w): StatusLogEntry[] => {
        const steps = path(w);
        const from = created(w);
        const to = updated(w);
        const by =
          this.userCount > 0 ? this.idAt("people", this.userIndex("recruiter", "workflow.by", w)) : 0;
        const log = steps.map((b, k) => ({
          status:
            k === steps.length - 1
              ? statusIn(b, "workflow.status", w)
              : statusIn(b, "workflow.pathstatus", w, k),
          at: steps.length === 1 ? to : floorToMinute(from + ((to - from) * k) / (steps.length - 1)),
          by,
        }));
        return log.reverse();
      },
      assessmentresults: (w, id): CollectionEntry[] | undefined => {
        const b = bin(w);
        if (b < 1 || b > 4 || !this.chance("workflow.hasassessment", w, 0.2)) return undefined;
        const names = this.config.lists.root(LIST_IDS.assessmentNames)?.children ?? [];
        return [
          {
            entry: id * ENTRY_FACTOR,
            assessmentname: pick(names, this.h("workflow.assessment", w)).id,
            assessmentstatus: this.node(LIST_IDS.assessmentStatuses, "Completed"),
            assessmentscore: 40 + (this.h("workflow.score", w) % 61),
            assessmentdate: formatDate(updated(w)),
            assessmenturl: `https://assessments.example.com/results/${id}`,
          },
        ];
      },
      createddate: created,
      updateddate: updated,
    };
  }
}
