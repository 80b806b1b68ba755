import * as sdk from "@kombo-api/sdk/models";
import { container } from "tsyringe";
import { beforeEach, describe, expect, it } from "vitest";
import { type StoredOverrides, TestRecordStore } from "../../test/record-store.js";
import type { ConnectorCoverage } from "../connector/definition.js";
import { toRecordInput } from "../connector/remote-record.js";
import { unifiedId } from "../ids.js";
import type { ModelKey } from "../model/common.js";
import { TOKENS } from "../runtime/tokens.js";
import type { ListPage } from "../storage/records.js";
import { sampleRemoteRecord } from "../testing/fixtures.js";
import { ReadService } from "./read-service.js";
import { READ_RESOURCES, type ReadQueryInput, type ReadResource, type ReadResult } from "./resources.js";

const INTEGRATION = "icims:ReadServiceTest0000000000";
const OTHER_INTEGRATION = "icims:OtherIntegration000000000";
const DELETED: StoredOverrides = { remote_deleted_at: "2024-02-01T00:00:00.000Z" };
const idOf = (model: ModelKey, remoteId: string) => unifiedId(INTEGRATION, model, remoteId);
const LOCATION = {
  city: "Berlin",
  country: "DE",
  raw: "Berlin, Germany",
  state: null,
  street_1: null,
  street_2: null,
  zip_code: null,
};
const ROLE = {
  remote_id: "hm",
  remote_label: "Hiring Manager",
  scope: "JOB",
  unified_type: "HIRING_MANAGER",
};

/**
 * Adds a record as a connector emits it (references as vendor keys; validated by `toRecordInput`)
 * to `integrationId`.
 */
function adder(store: TestRecordStore, integrationId: string) {
  return (
    model: ModelKey,
    remoteId: string,
    fields: Record<string, unknown> = {},
    stored: StoredOverrides = {},
  ) =>
    store.add(
      integrationId,
      model,
      toRecordInput(integrationId, model, sampleRemoteRecord(model, remoteId, fields)),
      stored,
    );
}

/** The shared data set: live and deleted records of every model, children pointing at both. */
function seed(store: TestRecordStore, integrationId: string): void {
  const add = adder(store, integrationId);
  add("users", "u-ada", {
    first_name: "Ada",
    email: "Ada.Lovelace@Example.com",
    system_roles: [{ ...ROLE, scope: "SYSTEM" }],
  });
  add("users", "u-bob", { first_name: "Bob", email: "bob@example.com" });
  add("users", "u-gone", {}, DELETED);

  add("application_stages", "s-screen", { name: "Screen", index: 1 });
  add("application_stages", "s-applied", { name: "Applied", index: 0 });
  add("application_stages", "s-interview", { name: "Interview", index: 1 });
  add("application_stages", "s-unordered", { name: "Archive", index: null });
  add("application_stages", "s-gone", { name: "Old", index: 2 }, DELETED);

  add("jobs", "job-eng", {
    name: "Senior Engineer",
    job_code: "ENG-1",
    status: "OPEN",
    employment_type: "FULL_TIME",
    visibility: "PUBLIC",
    post_url: "https://jobs.example.com/eng?src=a,b",
    location: LOCATION,
    remote_created_at: "2024-03-01T00:00:00.000Z",
  });
  add(
    "jobs",
    "job-sales",
    {
      name: "Sales Lead",
      job_code: "SAL-1",
      status: "CLOSED",
      employment_type: "PART_TIME",
      visibility: "INTERNAL",
      remote_created_at: "2024-01-15T12:00:00.000Z",
    },
    { tree_changed_at: "2024-05-01T00:00:00.000Z" },
  );
  add("jobs", "job-gone", { name: "Engineer (old)", status: "ARCHIVED" }, DELETED);

  add("job_postings", "p-eng", {
    job_remote_id: "job-eng",
    title: "Engineer",
    url: "https://jobs.example.com/p",
  });
  add("job_postings", "p-eng-old", { job_remote_id: "job-eng", title: "Old ad" }, DELETED);
  add("job_postings", "p-sales", { job_remote_id: "job-sales", title: "Sales" });

  add("screening_questions", "q-licence", { title: "Driving licence?", format: { type: "BOOLEAN" } });
  add("screening_questions", "q-level", {
    title: "Level",
    format: {
      type: "SINGLE_SELECT",
      display_type: "DROPDOWN",
      options: [{ id: "opt-junior", remote_id: "1", name: "Junior" }],
    },
    category: "DEMOGRAPHIC",
  });
  add("screening_questions", "q-why", {
    title: "Why us?",
    format: { type: "TEXT", display_type: null, max_length: 500 },
  });
  add("screening_questions", "q-gone", { title: "Old question" }, DELETED);
  add("job_screening_questions", "jq-eng-licence", {
    job_remote_id: "job-eng",
    question_remote_id: "q-licence",
    index: 1,
    required: false,
    precondition_question_remote_id: "q-level",
    precondition_options: ["opt-junior"],
  });
  add("job_screening_questions", "jq-eng-level", {
    job_remote_id: "job-eng",
    question_remote_id: "q-level",
    index: 0,
    required: true,
  });
  add("job_screening_questions", "jq-eng-gone-question", {
    job_remote_id: "job-eng",
    question_remote_id: "q-gone",
  });
  add(
    "job_screening_questions",
    "jq-sales-why",
    { job_remote_id: "job-sales", question_remote_id: "q-why" },
    DELETED,
  );

  add("job_hiring_team_members", "h-eng-ada", {
    job_remote_id: "job-eng",
    user_remote_id: "u-ada",
    hiring_team_roles: ["HIRING_MANAGER"],
    job_roles: [ROLE],
  });
  add("job_hiring_team_members", "h-eng-gone-user", { job_remote_id: "job-eng", user_remote_id: "u-gone" });
  add(
    "job_hiring_team_members",
    "h-eng-bob-removed",
    { job_remote_id: "job-eng", user_remote_id: "u-bob" },
    DELETED,
  );
  add("job_hiring_team_members", "h-sales-bob", { job_remote_id: "job-sales", user_remote_id: "u-bob" });

  add("candidates", "c-ada", {
    first_name: "Ada",
    last_name: "Lovelace",
    email_addresses: [
      { email_address: "ADA@example.com", type: "PERSONAL" },
      { email_address: "ada@work.example", type: "WORK" },
    ],
    phone_numbers: [{ phone_number: "+49 30 1234", type: "mobile" }],
    social_media: [{ link: "https://linkedin.com/in/ada", type: "linkedin", username: "ada" }],
    location: LOCATION,
  });
  add("candidates", "c-bob", { first_name: "Bob", last_name: "Builder" });
  add("candidates", "c-gone", { first_name: "Gone" }, DELETED);

  add("applications", "a-ada-eng", {
    candidate_remote_id: "c-ada",
    job_remote_id: "job-eng",
    current_stage_remote_id: "s-screen",
    remote_created_at: "2024-04-01T00:00:00.000Z",
    screening_question_answers: [
      {
        question: { remote_id: "q-level", title: "Level", type: "SINGLE_SELECT" },
        answer: { choice: "opt-junior" },
      },
    ],
  });
  add("applications", "a-ada-sales", {
    candidate_remote_id: "c-ada",
    job_remote_id: "job-sales",
    current_stage_remote_id: "s-applied",
    outcome: "HIRED",
    remote_created_at: "2024-02-01T00:00:00.000Z",
  });
  add("applications", "a-bob-eng", {
    candidate_remote_id: "c-bob",
    job_remote_id: "job-eng",
    current_stage_remote_id: "s-gone",
    outcome: "DECLINED",
    rejection_reason_name: "Too junior",
    rejected_at: "2024-04-02T00:00:00.000Z",
  });
  add("applications", "a-bob-sales", { candidate_remote_id: "c-bob", job_remote_id: "job-sales" }, DELETED);
  add("applications", "a-orphan", {
    candidate_remote_id: "c-gone",
    job_remote_id: "job-gone",
    outcome: null,
  });
}

const SDK_RESPONSES = {
  jobs: sdk.GetAtsJobsPositiveResponse$inboundSchema,
  candidates: sdk.GetAtsCandidatesPositiveResponse$inboundSchema,
  applications: sdk.GetAtsApplicationsPositiveResponse$inboundSchema,
  "application-stages": sdk.GetAtsApplicationStagesPositiveResponse$inboundSchema,
  users: sdk.GetAtsUsersPositiveResponse$inboundSchema,
} as const;

const SDK_RESULTS = {
  jobs: sdk.GetAtsJobsPositiveResponseResult$inboundSchema,
  candidates: sdk.GetAtsCandidatesPositiveResponseResult$inboundSchema,
  applications: sdk.GetAtsApplicationsPositiveResponseResult$inboundSchema,
  "application-stages": sdk.GetAtsApplicationStagesPositiveResponseResult$inboundSchema,
  users: sdk.GetAtsUsersPositiveResponseResult$inboundSchema,
} as const;

/** Just enough of a zod 3 schema's runtime shape (the SDK uses `zod/v3`) to walk it. */
interface V3Schema {
  _def: Record<string, unknown> & { typeName: string };
}

/**
 * Member paths of the objects an SDK schema describes (`job_postings[].url`). Unions, records and
 * scalars are leaves.
 */
function sdkPaths(schema: V3Schema, prefix = "", out = new Set<string>()): Set<string> {
  const def = schema._def;
  switch (def.typeName) {
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
      return sdkPaths(def.innerType as V3Schema, prefix, out);
    case "ZodLazy":
      return sdkPaths((def.getter as () => V3Schema)(), prefix, out);
    case "ZodEffects":
      return sdkPaths(def.schema as V3Schema, prefix, out);
    case "ZodArray":
      return sdkPaths(def.type as V3Schema, `${prefix}[]`, out);
    case "ZodObject":
      for (const [key, member] of Object.entries((def.shape as () => Record<string, V3Schema>)())) {
        const path = prefix ? `${prefix}.${key}` : key;
        out.add(path);
        sdkPaths(member, path, out);
      }
      return out;
    default:
      return out;
  }
}

/** Member paths present in `value`, descending only where the SDK describes members below. */
function resultPaths(
  value: unknown,
  sdkKnown: Set<string>,
  prefix = "",
  out = new Set<string>(),
): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) resultPaths(item, sdkKnown, `${prefix}[]`, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, member] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      if ([...sdkKnown].some((p) => p.startsWith(`${path}.`) || p.startsWith(`${path}[]`))) {
        resultPaths(member, sdkKnown, path, out);
      }
    }
  }
  return out;
}

/** Lists atsync never fills (it stores no tags, interviews or offers): their items' paths never appear. */
const ALWAYS_EMPTY = /(^|\.)(tags|interviews|offers)\[\]\./;

const remoteIds = (results: readonly { remote_id: string | null }[]) =>
  results.map((r) => r.remote_id).sort();

describe("ReadService", () => {
  let store: TestRecordStore;
  let reads: ReadService;

  beforeEach(() => {
    store = new TestRecordStore();
    seed(store, INTEGRATION);
    seed(store, OTHER_INTEGRATION);
    reads = new ReadService(store);
  });

  /** Every result of one page of 250 (asserting there is no second page). */
  async function listAll<R extends ReadResource>(resource: R, query = {} as ReadQueryInput<R>) {
    const page = await reads.list(INTEGRATION, resource, { ...query, page_size: 250 });
    expect(page.next).toBeNull();
    return page.results;
  }

  describe("results parse with the SDK's own schemas", () => {
    it.each(READ_RESOURCES)("%s: every page parses and no member is dropped or missing", async (resource) => {
      const page = await reads.list(INTEGRATION, resource, { include_deleted: "true", page_size: "250" });
      const overHttp: unknown = JSON.parse(JSON.stringify({ status: "success", data: page }));
      const parsed = SDK_RESPONSES[resource].safeParse(overHttp);
      expect(parsed.error?.issues ?? []).toEqual([]);

      const known = sdkPaths(SDK_RESULTS[resource] as unknown as V3Schema);
      const present = new Set<string>();
      for (const result of page.results) resultPaths(result, known, "", present);
      const extra = [...present].filter((p) => !known.has(p));
      const missing = [...known].filter((p) => !present.has(p) && !ALWAYS_EMPTY.test(p));
      expect({ extra, missing }).toEqual({ extra: [], missing: [] });
    });
  });

  describe("nested composition", () => {
    it("a job embeds all live stages by index then name, its live postings, questions and hiring team", async () => {
      const job = await reads.get(INTEGRATION, "jobs", idOf("jobs", "job-eng"));
      expect(job?.stages).toEqual([
        { id: idOf("application_stages", "s-applied"), remote_id: "s-applied", name: "Applied", index: 0 },
        {
          id: idOf("application_stages", "s-interview"),
          remote_id: "s-interview",
          name: "Interview",
          index: 1,
        },
        { id: idOf("application_stages", "s-screen"), remote_id: "s-screen", name: "Screen", index: 1 },
        {
          id: idOf("application_stages", "s-unordered"),
          remote_id: "s-unordered",
          name: "Archive",
          index: null,
        },
      ]);
      expect(job?.job_postings).toEqual([
        {
          id: idOf("job_postings", "p-eng"),
          remote_id: "p-eng",
          title: "Engineer",
          description_html: null,
          status: "ACTIVE",
          visibility: null,
          url: "https://jobs.example.com/p",
        },
      ]);
      expect(job?.screening_questions).toEqual([
        {
          id: idOf("screening_questions", "q-level"),
          remote_id: "q-level",
          title: "Level",
          description: null,
          format: {
            type: "SINGLE_SELECT",
            display_type: "DROPDOWN",
            options: [{ id: "opt-junior", remote_id: "1", name: "Junior" }],
          },
          category: "DEMOGRAPHIC",
          index: 0,
          required: true,
          precondition_question_id: null,
          precondition_options: null,
        },
        {
          id: idOf("screening_questions", "q-licence"),
          remote_id: "q-licence",
          title: "Driving licence?",
          description: null,
          format: { type: "BOOLEAN" },
          category: null,
          index: 1,
          required: false,
          precondition_question_id: idOf("screening_questions", "q-level"),
          precondition_options: ["opt-junior"],
        },
      ]);
      expect(job?.hiring_team).toEqual([
        {
          id: idOf("users", "u-ada"),
          remote_id: "u-ada",
          first_name: "Ada",
          last_name: "u-ada",
          email: "Ada.Lovelace@Example.com",
          hiring_team_roles: ["HIRING_MANAGER"],
          job_roles: [ROLE],
        },
      ]);
    });

    it("leaves out deleted join records and their targets on another job", async () => {
      const job = await reads.get(INTEGRATION, "jobs", idOf("jobs", "job-sales"));
      expect(job?.screening_questions).toEqual([]);
      expect(job?.hiring_team.map((m) => m.remote_id)).toEqual(["u-bob"]);
      expect(job?.job_postings.map((p) => p.remote_id)).toEqual(["p-sales"]);
      expect(job?.stages).toHaveLength(4);
    });

    it("a job embeds its own stages beside the shared ones, never another job's", async () => {
      const add = adder(store, INTEGRATION);
      add("application_stages", "s-eng-code", { name: "Code review", index: 1, job_remote_id: "job-eng" });
      add("application_stages", "s-sales-pitch", { name: "Pitch", index: 0, job_remote_id: "job-sales" });
      add("application_stages", "s-eng-old", { name: "Old", index: 0, job_remote_id: "job-eng" }, DELETED);
      const page = await reads.list(INTEGRATION, "jobs", {});
      const stagesOf = (remoteId: string) =>
        page.results.find((j) => j.remote_id === remoteId)?.stages.map((s) => s.remote_id);
      expect(stagesOf("job-eng")).toEqual([
        "s-applied",
        "s-eng-code",
        "s-interview",
        "s-screen",
        "s-unordered",
      ]);
      expect(stagesOf("job-sales")).toEqual([
        "s-applied",
        "s-sales-pitch",
        "s-interview",
        "s-screen",
        "s-unordered",
      ]);
      // The stage list stays every live stage of the integration.
      const stages = await reads.list(INTEGRATION, "application-stages", {});
      expect(stages.results.map((s) => s.remote_id)).toContain("s-sales-pitch");
    });

    it("an application embeds its candidate (with tags), current stage and job; interviews and offers are empty", async () => {
      const application = await reads.get(INTEGRATION, "applications", idOf("applications", "a-ada-eng"));
      expect(application).toMatchObject({
        candidate_id: idOf("candidates", "c-ada"),
        job_id: idOf("jobs", "job-eng"),
        current_stage_id: idOf("application_stages", "s-screen"),
        candidate: {
          id: idOf("candidates", "c-ada"),
          remote_id: "c-ada",
          first_name: "Ada",
          last_name: "Lovelace",
          email_addresses: [
            { email_address: "ADA@example.com", type: "PERSONAL" },
            { email_address: "ada@work.example", type: "WORK" },
          ],
          phone_numbers: [{ phone_number: "+49 30 1234", type: "mobile" }],
          social_media: [{ link: "https://linkedin.com/in/ada", type: "linkedin", username: "ada" }],
          source: null,
          remote_url: null,
          tags: [],
        },
        current_stage: {
          id: idOf("application_stages", "s-screen"),
          remote_id: "s-screen",
          name: "Screen",
          index: 1,
        },
        job: { id: idOf("jobs", "job-eng"), remote_id: "job-eng", name: "Senior Engineer" },
        interviews: [],
        offers: [],
      });
    });

    it("a reference to a deleted record is null, the id field stays", async () => {
      const bob = await reads.get(INTEGRATION, "applications", idOf("applications", "a-bob-eng"));
      expect(bob).toMatchObject({
        current_stage_id: idOf("application_stages", "s-gone"),
        current_stage: null,
      });
      const orphan = await reads.get(INTEGRATION, "applications", idOf("applications", "a-orphan"));
      expect(orphan).toMatchObject({
        candidate_id: idOf("candidates", "c-gone"),
        candidate: null,
        job: null,
      });
    });

    it("a candidate embeds its live applications with stage and job, and empty tags", async () => {
      const ada = await reads.get(INTEGRATION, "candidates", idOf("candidates", "c-ada"));
      expect(ada?.tags).toEqual([]);
      const byRemoteId = new Map(ada?.applications.map((a) => [a.remote_id, a]));
      expect([...byRemoteId.keys()].sort()).toEqual(["a-ada-eng", "a-ada-sales"]);
      expect(byRemoteId.get("a-ada-sales")).toEqual({
        id: idOf("applications", "a-ada-sales"),
        remote_id: "a-ada-sales",
        outcome: "HIRED",
        rejection_reason_name: null,
        rejected_at: null,
        remote_url: null,
        changed_at: "2024-01-01T00:00:00.000Z",
        remote_created_at: "2024-02-01T00:00:00.000Z",
        remote_updated_at: null,
        current_stage: {
          id: idOf("application_stages", "s-applied"),
          remote_id: "s-applied",
          name: "Applied",
          index: 0,
        },
        job: { id: idOf("jobs", "job-sales"), remote_id: "job-sales", name: "Sales Lead" },
      });
      const bob = await reads.get(INTEGRATION, "candidates", idOf("candidates", "c-bob"));
      expect(
        bob?.applications.map((a) => [a.remote_id, a.outcome, a.rejection_reason_name, a.current_stage]),
      ).toEqual([["a-bob-eng", "DECLINED", "Too junior", null]]);
    });

    it("keeps changed_at and remote_deleted_at, never storage internals or payloads", async () => {
      const [job] = await listAll("jobs", { ids: idOf("jobs", "job-gone"), include_deleted: true });
      expect(job).toMatchObject({
        changed_at: "2024-01-01T00:00:00.000Z",
        remote_deleted_at: DELETED.remote_deleted_at,
      });
      for (const resource of READ_RESOURCES) {
        for (const result of await listAll(resource)) {
          expect(result).not.toHaveProperty("tree_changed_at");
          expect(result).not.toHaveProperty("remote_data");
          expect(result).not.toHaveProperty("integration_fields");
        }
      }
    });

    it("composes with a fixed number of batched storage calls, however many records a page holds", async () => {
      const callsFor = async (jobs: number) => {
        const batchStore = new TestRecordStore();
        const add = adder(batchStore, INTEGRATION);
        add("application_stages", "s");
        for (let i = 0; i < jobs; i++) {
          add("jobs", `j${i}`);
          add("users", `u${i}`);
          add("screening_questions", `q${i}`);
          add("job_postings", `p${i}`, { job_remote_id: `j${i}` });
          add("job_hiring_team_members", `h${i}`, { job_remote_id: `j${i}`, user_remote_id: `u${i}` });
          add("job_screening_questions", `jq${i}`, { job_remote_id: `j${i}`, question_remote_id: `q${i}` });
          add("candidates", `c${i}`);
          add("applications", `a${i}`, {
            candidate_remote_id: `c${i}`,
            job_remote_id: `j${i}`,
            current_stage_remote_id: "s",
          });
        }
        const batchReads = new ReadService(batchStore);
        const calls: number[] = [];
        for (const resource of ["jobs", "applications", "candidates"] as const) {
          const before = batchStore.calls;
          const page = await batchReads.list(INTEGRATION, resource, { page_size: 250 });
          expect(page.results).toHaveLength(jobs);
          calls.push(batchStore.calls - before);
        }
        return calls;
      };
      expect(await callsFor(30)).toEqual(await callsFor(1));
    });
  });

  describe("filters", () => {
    it.each<[ReadResource, Record<string, unknown>, string[]]>([
      ["jobs", {}, ["job-eng", "job-sales"]],
      ["jobs", { include_deleted: "true" }, ["job-eng", "job-gone", "job-sales"]],
      ["jobs", { ids: `${idOf("jobs", "job-eng")},${idOf("jobs", "job-gone")}` }, ["job-eng"]],
      ["jobs", { remote_ids: "job-sales,job-unknown" }, ["job-sales"]],
      ["jobs", { updated_after: "2024-04-01T00:00:00Z" }, ["job-sales"]],
      ["jobs", { job_codes: "ENG-1,XYZ" }, ["job-eng"]],
      ["jobs", { post_url: "https://jobs.example.com/eng?src=a,b" }, ["job-eng"]],
      ["jobs", { post_url: "https://jobs.example.com/ENG?src=a,b" }, []],
      ["jobs", { statuses: "CLOSED,DRAFT" }, ["job-sales"]],
      ["jobs", { employment_types: ["FULL_TIME"] }, ["job-eng"]],
      ["jobs", { visibilities: "INTERNAL" }, ["job-sales"]],
      ["jobs", { remote_created_after: "2024-03-01T00:00:00Z" }, ["job-eng"]],
      ["jobs", { remote_created_after: new Date("2024-03-01T00:00:00.001Z") }, []],
      ["jobs", { remote_created_after: "2024-01-15" }, ["job-eng", "job-sales"]],
      ["jobs", { name_contains: "ENGINEER" }, ["job-eng"]],
      ["jobs", { name_contains: "engineer", include_deleted: true }, ["job-eng", "job-gone"]],
      ["jobs", { statuses: "OPEN,CLOSED", name_contains: "lead" }, ["job-sales"]],
      ["applications", {}, ["a-ada-eng", "a-ada-sales", "a-bob-eng", "a-orphan"]],
      ["applications", { outcomes: "HIRED,DECLINED" }, ["a-ada-sales", "a-bob-eng"]],
      ["applications", { outcomes: "DECLINED", include_deleted: "true" }, ["a-bob-eng"]],
      ["applications", { job_ids: idOf("jobs", "job-sales") }, ["a-ada-sales"]],
      ["applications", { job_remote_ids: "job-eng" }, ["a-ada-eng", "a-bob-eng"]],
      ["applications", { job_remote_ids: "job-eng", outcomes: "PENDING" }, ["a-ada-eng"]],
      ["applications", { current_stage_ids: idOf("application_stages", "s-screen") }, ["a-ada-eng"]],
      ["applications", { remote_created_after: "2024-03-01T00:00:00Z" }, ["a-ada-eng"]],
      ["candidates", { email: "ada@EXAMPLE.com" }, ["c-ada"]],
      ["candidates", { email: "ada@work.example" }, ["c-ada"]],
      ["candidates", { email: "ada@" }, []],
      ["candidates", { job_ids: idOf("jobs", "job-sales") }, ["c-ada"]],
      ["candidates", { job_ids: [idOf("jobs", "job-eng")] }, ["c-ada", "c-bob"]],
      ["candidates", { first_name: "ADA" }, ["c-ada"]],
      ["candidates", { last_name: "builder" }, ["c-bob"]],
      ["candidates", { first_name: "Ad" }, []],
      ["users", { emails: "ada.lovelace@example.com" }, ["u-ada"]],
      ["users", { emails: "BOB@example.com,ada.lovelace@EXAMPLE.com" }, ["u-ada", "u-bob"]],
      ["users", { emails: "nobody@example.com,else@example.com" }, []],
      ["application-stages", {}, ["s-applied", "s-interview", "s-screen", "s-unordered"]],
      ["application-stages", { include_deleted: "true", remote_ids: "s-gone" }, ["s-gone"]],
    ])("%s %j → %j", async (resource, query, expected) => {
      expect(remoteIds(await listAll(resource, query))).toEqual(expected);
    });

    it("never returns another integration's records", async () => {
      for (const resource of READ_RESOURCES) {
        const own = await reads.list(OTHER_INTEGRATION, resource, { page_size: 250, include_deleted: true });
        const mine = await listAll(resource, { include_deleted: true });
        expect(own.results.length).toBe(mine.length);
        const mineIds = new Set(mine.map((r) => r.id));
        expect(own.results.filter((r) => mineIds.has(r.id))).toEqual([]);
      }
    });
  });

  describe("invalid input", () => {
    it("rejects bad parameters with PLATFORM.INPUT_INVALID naming each one", async () => {
      const error = await reads
        .list(INTEGRATION, "applications", {
          page_size: "500",
          include_deleted: "maybe",
          outcomes: "PENDING,LOST",
          remote_created_after: "last week",
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PLATFORM.INPUT_INVALID" });
      const { issues } = (error as { details: { issues: { path: string }[] } }).details;
      expect(issues.map((i) => i.path).sort()).toEqual([
        "include_deleted",
        "outcomes",
        "page_size",
        "remote_created_after",
      ]);
    });

    it("rejects an unknown resource", async () => {
      await expect(reads.list(INTEGRATION, "offers" as ReadResource)).rejects.toMatchObject({
        code: "PLATFORM.INPUT_INVALID",
      });
      await expect(reads.get(INTEGRATION, "tags" as ReadResource, "x")).rejects.toMatchObject({
        code: "PLATFORM.INPUT_INVALID",
      });
    });
  });

  describe("pagination", () => {
    beforeEach(() => {
      const add = adder(store, INTEGRATION);
      for (let i = 0; i < 23; i++) {
        add("jobs", `job-extra-${i}`);
        add("users", `u-extra-${i}`, {
          email: i % 3 === 0 ? `match${i}@example.com` : `other${i}@example.com`,
        });
      }
    });

    async function walk<R extends ReadResource>(resource: R, query: ReadQueryInput<R>, pageSize: number) {
      const ids: string[] = [];
      const pages: number[] = [];
      let cursor: string | null = null;
      do {
        const page: ListPage<ReadResult<R>> = await reads.list(INTEGRATION, resource, {
          ...query,
          page_size: String(pageSize),
          ...(cursor ? { cursor } : {}),
        });
        pages.push(page.results.length);
        ids.push(...page.results.map((r) => r.id));
        cursor = page.next;
      } while (cursor !== null);
      return { ids, pages };
    }

    it.each([1, 4, 7, 25])("page_size %i walks every job once, in ascending id order", async (pageSize) => {
      const all = (await listAll("jobs", { include_deleted: true })).map((j) => j.id);
      const { ids, pages } = await walk("jobs", { include_deleted: true }, pageSize);
      expect(ids).toEqual(all);
      expect(ids).toEqual([...ids].sort());
      expect(all).toHaveLength(26);
      expect(pages.every((n) => n <= pageSize)).toBe(true);
      expect(pages.slice(0, -1).every((n) => n === pageSize)).toBe(true);
    });

    it.each(READ_RESOURCES)("%s: page_size 2 walks everything once", async (resource) => {
      const all = (await listAll(resource, { include_deleted: true })).map((r) => r.id);
      expect((await walk(resource, { include_deleted: true }, 2)).ids).toEqual(all);
    });

    it("a filter checked per record still fills full pages and walks every match once", async () => {
      const emails = [...Array(23).keys()].filter((i) => i % 3 === 0).map((i) => `MATCH${i}@example.com`);
      const { ids, pages } = await walk("users", { emails: emails.join(",") }, 3);
      expect(ids).toHaveLength(emails.length);
      expect(new Set(ids).size).toBe(emails.length);
      expect(pages.slice(0, -1).every((n) => n === 3)).toBe(true);
    });
  });

  describe("unsupported filters", () => {
    const coverage: ConnectorCoverage = {
      models: {
        jobs: { fields: ["name", "status"] },
        candidates: { fields: ["first_name", "last_name", "email_addresses"] },
        users: { fields: ["email"] },
      },
      actions: {},
    };

    it("a filter on a covered field is honoured", async () => {
      const page = await reads.list(INTEGRATION, "jobs", { statuses: "OPEN" }, { coverage });
      expect(remoteIds(page.results)).toEqual(["job-eng"]);
    });

    it("a filter on a field the connector does not cover makes the list empty", async () => {
      const jobs = await reads.list(INTEGRATION, "jobs", { job_codes: "ENG-1" }, { coverage });
      expect(jobs).toMatchObject({ results: [], next: null });
      expect(jobs.warnings.map((w) => w.message)).toEqual([expect.stringContaining("`job_codes`")]);
      const candidates = await reads.list(
        INTEGRATION,
        "candidates",
        { job_ids: idOf("jobs", "job-eng") },
        { coverage },
      );
      expect(candidates.results).toEqual([]);
    });

    it("ignore_unsupported_filters drops only the unsupported filters", async () => {
      const page = await reads.list(
        INTEGRATION,
        "jobs",
        { job_codes: "NO-SUCH-CODE", statuses: "CLOSED", ignore_unsupported_filters: "true" },
        { coverage },
      );
      expect(remoteIds(page.results)).toEqual(["job-sales"]);
      expect(page.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/`job_codes`.*ignored/)]);
    });

    it("ids, remote_ids and updated_after are always supported, and without coverage every filter is", async () => {
      const page = await reads.list(
        INTEGRATION,
        "jobs",
        { remote_ids: "job-eng", updated_after: "2023-01-01T00:00:00Z" },
        { coverage },
      );
      expect(remoteIds(page.results)).toEqual(["job-eng"]);
      expect(remoteIds((await reads.list(INTEGRATION, "jobs", { job_codes: "ENG-1" })).results)).toEqual([
        "job-eng",
      ]);
    });
  });

  it("resolves from a container that provides TOKENS.RecordStore", async () => {
    const scope = container.createChildContainer();
    scope.register(TOKENS.RecordStore, { useValue: store });
    const resolved = scope.resolve(ReadService);
    expect(remoteIds((await resolved.list(INTEGRATION, "users")).results)).toEqual(["u-ada", "u-bob"]);
  });

  describe("get", () => {
    it("returns the same shape as list", async () => {
      for (const resource of READ_RESOURCES) {
        for (const result of await listAll(resource)) {
          expect(await reads.get(INTEGRATION, resource, result.id)).toEqual(result);
        }
      }
    });

    it("returns a deleted record with remote_deleted_at, and null for unknown ids or another integration's", async () => {
      expect(await reads.get(INTEGRATION, "jobs", idOf("jobs", "job-gone"))).toMatchObject({
        remote_deleted_at: DELETED.remote_deleted_at,
      });
      expect(await reads.get(INTEGRATION, "users", "no-such-id")).toBeNull();
      expect(
        await reads.get(INTEGRATION, "jobs", unifiedId(OTHER_INTEGRATION, "jobs", "job-eng")),
      ).toBeNull();
    });
  });
});
