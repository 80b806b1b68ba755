import { remoteRecordSchema } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { timestamp } from "./api/harvest-json.js";
import { attachmentKinds, harvestContactType } from "./decisions/contact-types.js";
import { employmentTypeOf } from "./decisions/employment-type.js";
import { postingStatusOf, postingVisibilityOf } from "./decisions/job-postings.js";
import { jobStatusOf } from "./decisions/job-status.js";
import { outcomeOf } from "./decisions/outcome.js";
import { socialNetworkOf } from "./decisions/social-media.js";
import { matchSource } from "./decisions/sources.js";
import { mapApplication } from "./mappers/applications.js";
import { mapCandidate } from "./mappers/candidates.js";
import { mapJob } from "./mappers/jobs.js";
import { mapUser } from "./mappers/users.js";

const APP = "https://app.greenhouse.io";

describe("decisions", () => {
  it.each([
    ["in_process", "PENDING"],
    ["hired", "HIRED"],
    ["rejected", "DECLINED"],
    ["converted", null],
    [null, null],
  ] as const)("outcome of %s is %s", (status, outcome) => expect(outcomeOf(status)).toBe(outcome));

  it.each([
    ["open", false, "OPEN"],
    ["closed", false, "CLOSED"],
    ["draft", null, "DRAFT"],
    ["open", true, "ARCHIVED"],
    ["paused", false, null],
  ] as const)("job status %s (template %s) is %s", (status, template, expected) =>
    expect(jobStatusOf(status, template)).toBe(expected),
  );

  it("job post status and visibility", () => {
    expect(postingStatusOf(true, true)).toBe("ACTIVE");
    expect(postingStatusOf(false, false)).toBe("INACTIVE");
    expect(postingStatusOf(false, true)).toBe("DRAFT");
    expect(postingStatusOf(null, null)).toBeNull();
    expect(postingVisibilityOf(true)).toBe("INTERNAL");
    expect(postingVisibilityOf(false)).toBe("PUBLIC");
  });

  it.each([
    ["Full-time", "FULL_TIME"],
    ["Part time", "PART_TIME"],
    ["Intern", "INTERNSHIP"],
    ["Temporary", "SEASONAL"],
    ["Contract", "CONTRACT"],
    ["Freelance", null],
    [42, null],
  ] as const)("employment type %s is %s", (name, expected) => expect(employmentTypeOf(name)).toBe(expected));

  it("social networks from the host, contact and attachment kinds, sources by name", () => {
    expect(socialNetworkOf("https://www.linkedin.com/in/ada")).toBe("linkedin");
    expect(socialNetworkOf("https://x.com/ada")).toBe("twitter");
    expect(socialNetworkOf("https://notlinkedin.com/ada")).toBeNull();
    expect(socialNetworkOf("ada")).toBeNull();
    expect(harvestContactType.email("WORK")).toBe("work");
    expect(harvestContactType.phone("PRIMARY")).toBe("mobile");
    expect(harvestContactType.phone("PERSONAL")).toBe("home");
    expect(attachmentKinds.toHarvest("CV")).toBe("resume");
    expect(attachmentKinds.fromHarvest("offer_packet")).toBe("OTHER");
    expect(matchSource(new Map([["301", "LinkedIn"]]), "  linkedin ")).toBe("301");
    expect(matchSource(new Map([["301", "LinkedIn"]]), "Indeed")).toBeNull();
  });

  it("timestamps: zoned ISO normalised to UTC milliseconds, anything else null", () => {
    expect(timestamp("2024-12-15T03:55:00Z")).toBe("2024-12-15T03:55:00.000Z");
    expect(timestamp("2024-12-15T05:55:00+02:00")).toBe("2024-12-15T03:55:00.000Z");
    expect(timestamp("2024-12-15")).toBeNull();
    expect(timestamp(1734234900)).toBeNull();
  });
});

describe("mappers accept any vendor data and emit schema-valid records", () => {
  const junk: Record<string, unknown>[] = [
    { id: 7 },
    { id: 7, first_name: 3, email_addresses: "x", phone_numbers: [null, 1], custom_fields: [] },
    { id: 7, candidate_id: "8", status: "weird", answers: [{ question: "Why?", answer: { a: 1 } }, "x"] },
  ];

  it("users, jobs, candidates and applications", () => {
    for (const row of junk) {
      const user = mapUser(row);
      expect(remoteRecordSchema("users").safeParse(user).success).toBe(true);
      const job = mapJob(row, { departments: new Map(), offices: new Map(), appUrl: APP });
      expect(remoteRecordSchema("jobs").safeParse(job).success).toBe(true);
      const candidate = mapCandidate(row, APP);
      expect(remoteRecordSchema("candidates").safeParse(candidate).success).toBe(true);
    }
    expect(mapUser({ id: "abc" })).toBeNull();
    const application = mapApplication(junk[2] as Record<string, unknown>, {
      rejectionReasons: new Map(),
      appUrl: APP,
    });
    expect(remoteRecordSchema("applications").safeParse(application).success).toBe(true);
    expect(application?.outcome).toBeNull();
    expect(application?.screening_question_answers).toEqual([
      { question: { remote_id: null, title: "Why?", type: "TEXT" }, answer: { content: '{"a":1}' } },
    ]);
    expect(mapApplication({ id: 1 }, { rejectionReasons: new Map(), appUrl: APP })).toBeNull();
  });

  it("a candidate's contacts: invalid e-mails dropped, types kept, first address as location", () => {
    const candidate = mapCandidate(
      {
        id: 5,
        email_addresses: [
          { value: "ada@example.com", type: "personal" },
          { value: "not-an-email", type: "work" },
        ],
        phone_numbers: [{ value: "+1 555", type: "mobile" }],
        addresses: [{ value: "Berlin", type: "home" }],
        social_media_addresses: [{ value: "https://github.com/ada" }],
        private: true,
      },
      APP,
    );
    expect(candidate?.email_addresses).toEqual([{ email_address: "ada@example.com", type: "personal" }]);
    expect(candidate?.phone_numbers).toEqual([{ phone_number: "+1 555", type: "mobile" }]);
    expect(candidate?.location?.raw).toBe("Berlin");
    expect(candidate?.social_media).toEqual([
      { link: "https://github.com/ada", type: "github", username: null },
    ]);
    expect(candidate?.confidential).toBe(true);
    expect(candidate?.remote_url).toBe("https://app.greenhouse.io/people/5");
  });

  it("a rejected application: reason name, rejected_at, stage, job and URL", () => {
    const application = mapApplication(
      {
        id: 40,
        candidate_id: 10,
        job_id: 4,
        job_interview_stage_id: 300,
        status: "rejected",
        rejected_at: "2025-01-02T03:04:05.000Z",
        rejection_reason_id: 401,
      },
      { rejectionReasons: new Map([["401", "Position filled"]]), appUrl: `${APP}/` },
    );
    expect(application).toMatchObject({
      outcome: "DECLINED",
      rejection_reason_name: "Position filled",
      rejected_at: "2025-01-02T03:04:05.000Z",
      current_stage_remote_id: "300",
      job_remote_id: "4",
      candidate_remote_id: "10",
      remote_url: "https://app.greenhouse.io/people/10?application_id=40",
    });
  });
});
