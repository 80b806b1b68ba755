import { remoteRecordSchema } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { stageOfStatusNode, stagesOfTree } from "./application-stages.js";
import { hiringTeamOf } from "./hiring-team.js";
import { postingOfRow } from "./job-postings.js";
import { jobStatusOfFolder } from "./job-status.js";
import { outcomeOf } from "./outcome.js";
import { quotaExhaustedWaitMs } from "./quota-exhausted.js";
import { REGION_ENDPOINTS } from "./region.js";
import { inferRemoteWorkStatus } from "./remote-work-status.js";
import { jobQuestionsOf, questionOfNode } from "./screening-questions.js";
import { remoteTimestamps } from "./timestamps.js";
import { loginGroupFilter } from "./users.js";

describe("§13 job status (folder)", () => {
  it.each([
    ["Approved", "OPEN"],
    ["open", "OPEN"],
    ["Closed", "CLOSED"],
    ["Filled", "CLOSED"],
    ["Cancelled", "CLOSED"],
    ["Draft", "DRAFT"],
    ["Pending Approval", "DRAFT"],
    [" Purge ", "ARCHIVED"],
    ["Archive", "ARCHIVED"],
    ["On Hold", null],
    [null, null],
  ])("%s → %s", (folder, status) => {
    expect(jobStatusOfFolder(folder)).toBe(status);
  });
});

describe("§13 remote work status", () => {
  it.each([
    [["Acme - Remote - US ", "Payroll Analyst"], "REMOTE"],
    [["Acme - Denver - 1600 Blake St", "Payroll Analyst (Hybrid)"], "HYBRID"],
    [["Acme - Remote", "Engineer (Hybrid)"], "HYBRID"],
    [["Acme - Denver", "Remote Sensing Engineer"], "REMOTE"],
    [["Acme - Denver", "Remoteness Analyst"], null],
    [[null, null], null],
  ] as [(string | null)[], string | null][])("%j → %s", (texts, status) => {
    expect(inferRemoteWorkStatus(texts)).toBe(status);
  });
});

describe("§13 outcome", () => {
  it.each([
    ["Hired", "Hired", "HIRED"],
    ["Not Selected", "Not Selected - Not Qualified", "DECLINED"],
    ["Withdrawn", "Withdrawn - Candidate Withdrew", "DECLINED"],
    ["Rejected", "Rejected", "DECLINED"],
    ["Offer", "Offer - Extended", "PENDING"],
    ["New Submissions", "New Submissions - External Portal", "PENDING"],
    [null, "Hired - Started", "HIRED"],
    [null, "Not Hired", "DECLINED"],
    [null, null, null],
  ])("bin %s / status %s → %s", (bin, status, outcome) => {
    expect(outcomeOf(bin, status)).toBe(outcome);
  });
});

describe("§13 hiring team", () => {
  it("makes one row per (job, user) with all roles", () => {
    const link = (id: number) => ({
      id,
      value: "Dana Wu",
      profile: `https://api.icims.com/customers/1/people/${id}`,
    });
    const rows = hiringTeamOf("1187", {
      recruiter: link(207),
      secondaryrecruiter: link(95),
      hiringmanager: link(207),
      accountmanager: link(300),
    });
    expect(rows.map((r) => [r.remote_id, r.user_remote_id, r.hiring_team_roles])).toEqual([
      ["1187:95", "95", ["RECRUITER"]],
      ["1187:207", "207", ["RECRUITER", "HIRING_MANAGER"]],
      ["1187:300", "300", ["COORDINATOR"]],
    ]);
    expect(rows[1]?.job_roles.map((r) => r.remote_id)).toEqual(["recruiter", "hiringmanager"]);
    for (const row of rows)
      expect(remoteRecordSchema("job_hiring_team_members").safeParse(row).success).toBe(true);
  });

  it("has no rows for a job without person links", () => {
    expect(hiringTeamOf("1", { jobtitle: "x", recruiter: "not a link" })).toEqual([]);
  });
});

describe("§13 users", () => {
  it("searches login groups only when some are configured", () => {
    expect(loginGroupFilter([])).toBeNull();
    expect(loginGroupFilter(["C123", "C124"])).toEqual({
      name: "person.logingroupid",
      value: ["C123", "C124"],
    });
  });
});

describe("§13 application stages", () => {
  const tree = [
    {
      bin: { id: "D10001", value: "New Submissions" },
      statuses: [
        { id: "D10100", value: "New Submissions - External Portal" },
        { id: "C5", value: "New Submissions - Sourced" },
      ],
    },
    { bin: { id: "D10005", value: "Hired" }, statuses: [{ id: "D10500", value: "Hired" }] },
  ];

  it("makes each status a stage, indexed in list order across bins", () => {
    const stages = stagesOfTree(tree);
    expect(stages.map((s) => [s.remote_id, s.name, s.index])).toEqual([
      ["D10100", "New Submissions - External Portal", 0],
      ["C5", "New Submissions - Sourced", 1],
      ["D10500", "Hired", 2],
    ]);
    for (const stage of stages)
      expect(remoteRecordSchema("application_stages").safeParse(stage).success).toBe(true);
  });

  it("harvests a stage from a workflow status node (no index)", () => {
    expect(stageOfStatusNode({ id: "C9", value: "Interview", formattedvalue: "Interview" })).toMatchObject({
      remote_id: "C9",
      name: "Interview",
      index: null,
    });
    expect(stageOfStatusNode(undefined)).toBeNull();
  });
});

describe("§13 job postings", () => {
  it("maps a portal row to an ACTIVE posting keyed by portal and job", () => {
    const posting = postingOfRow("jobs", {
      id: "1187",
      self: "https://api.icims.com/customers/1/portals/jobs/1187",
      portalUrl: "https://jobs-acme.icims.com/jobs/1187/analyst/job",
      updatedDate: "2024-05-17 03:45 PM",
    });
    expect(posting).toMatchObject({
      remote_id: "jobs:1187",
      job_remote_id: "1187",
      status: "ACTIVE",
      url: "https://jobs-acme.icims.com/jobs/1187/analyst/job",
      remote_updated_at: "2024-05-17T15:45:00.000Z",
    });
    expect(remoteRecordSchema("job_postings").safeParse(posting).success).toBe(true);
  });
});

describe("§13 screening questions", () => {
  it("maps library nodes to questions with a title only", () => {
    const question = questionOfNode({ id: "C77", value: "Are you authorized to work in the US?" });
    expect(question).toMatchObject({
      remote_id: "C77",
      title: "Are you authorized to work in the US?",
      format: null,
    });
    expect(remoteRecordSchema("screening_questions").safeParse(question).success).toBe(true);
  });

  it("maps a job's screeningquestions collection, skipping entries without a question and repeats", () => {
    const rows = jobQuestionsOf("1187", {
      screeningquestions: [
        { entry: 1, question: { id: "C77", value: "Q1" }, required: true, order: 1 },
        { entry: 2, question: { id: "C78", value: "Q2" }, required: false },
        { entry: 3, required: true },
        { entry: 4, question: { id: "C77", value: "Q1" }, required: false, order: 9 },
      ],
    });
    expect(rows.map((r) => [r.remote_id, r.question_remote_id, r.index, r.required])).toEqual([
      ["1187:C77", "C77", 1, true],
      ["1187:C78", "C78", 1, false],
    ]);
    for (const row of rows)
      expect(remoteRecordSchema("job_screening_questions").safeParse(row).success).toBe(true);
  });
});

describe("§13 createddate / updateddate", () => {
  it.each([
    [
      { createddate: "2024-05-17 03:45 PM", updateddate: "2024-05-18 12:00 AM" },
      null,
      "2024-05-17T15:45:00.000Z",
      "2024-05-18T00:00:00.000Z",
    ],
    [{}, new Date("2025-03-10T12:00:00Z"), null, "2025-03-10T12:00:00.000Z"],
    [{}, null, null, null],
    [{ updateddate: "garbage" }, null, null, null],
  ] as [Record<string, unknown>, Date | null, string | null, string | null][])(
    "%j (window %s) → created %s, updated %s",
    (json, windowEnd, created, updated) => {
      expect(remoteTimestamps(json, windowEnd)).toEqual({
        remote_created_at: created,
        remote_updated_at: updated,
      });
    },
  );
});

describe("§13 quota exhausted", () => {
  it.each([
    [429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "3600" }, 3_600_000],
    [403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "12" }, 12_000],
    [503, { "x-ratelimit-remaining": ["0"], "x-ratelimit-reset": "1" }, 1000],
    [429, { "x-ratelimit-remaining": "0" }, 3_600_000],
    [429, { "x-ratelimit-remaining": "5", "retry-after": "7" }, undefined],
    [500, { "x-ratelimit-remaining": "0" }, undefined],
  ] as [number, Record<string, string | string[]>, number | undefined][])(
    "%i %j → %s ms",
    (status, headers, wait) => {
      expect(quotaExhaustedWaitMs(status, headers)).toBe(wait);
    },
  );
});

describe("§13 region / hosts", () => {
  it.each([
    ["us", "https://api.icims.com", "https://login.icims.com/oauth/token"],
    ["eu", "https://api-eu.icims.com", "https://login.icims.eu/oauth/token"],
    ["ca", "https://api.icims.com", "https://login.icims.ca/oauth/token"],
    ["isv", "https://api.icims.com", "https://login-isv.icimsmco.net/oauth/token"],
  ] as const)("%s → %s, %s", (region, api, token) => {
    expect(REGION_ENDPOINTS[region]).toMatchObject({ apiOrigin: api, tokenUrl: token });
  });
});
