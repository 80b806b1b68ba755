import { AtsyncError, type IntegrationField, type Logger } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { readAll, startTest } from "../../test/harness.js";
import type { IcimsClient } from "../http/client.js";
import { NO_FIELDS_KNOWN, ProfileSchemas, profileFieldsOf } from "./custom-fields.js";

const SCHEMA = {
  type: "object",
  properties: {
    jobtitle: { title: "Job Title", type: "string" },
    field12345: { title: "Cost Center", type: "string" },
    field12352: { title: "Hiring Priority", type: "object" },
    untitled: { type: "string" },
  },
};

/** A client whose `getJson` answers from `answers` in turn, counting calls; a logger keeping warnings. */
function fakes(answers: (() => unknown)[]) {
  let calls = 0;
  const client = {
    getJson: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      return answer?.();
    },
  } as unknown as IcimsClient;
  const warnings: string[] = [];
  const logger = { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as Logger;
  let now = Date.parse("2025-03-10T12:00:00Z");
  const clock = { now: () => new Date(now), sleep: async () => undefined };
  return {
    schemas: new ProfileSchemas(client, logger, clock),
    calls: () => calls,
    warnings,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const serverError = () => {
  throw new AtsyncError("REMOTE.SERVICE_UNAVAILABLE", "iCIMS answered 503", { kind: "transient" });
};

describe("custom fields decision (Schema API discovery)", () => {
  it("reads custom field ids and every title from a schema answer", () => {
    const fields = profileFieldsOf(SCHEMA);
    expect(fields.custom).toEqual(["field12345", "field12352"]);
    expect([...fields.labels]).toEqual([
      ["jobtitle", "Job Title"],
      ["field12345", "Cost Center"],
      ["field12352", "Hiring Priority"],
    ]);
    expect(profileFieldsOf("not a schema")).toEqual(NO_FIELDS_KNOWN);
  });

  it("asks once per session and type, and again after a day", async () => {
    const f = fakes([() => SCHEMA]);
    await f.schemas.fields("jobs", undefined);
    await Promise.all([f.schemas.fields("jobs", undefined), f.schemas.fields("jobs", undefined)]);
    expect(f.calls()).toBe(1);
    await f.schemas.fields("people", undefined);
    expect(f.calls()).toBe(2);
    f.advance(24 * 60 * 60_000 + 1);
    await f.schemas.fields("jobs", undefined);
    expect(f.calls()).toBe(3);
  });

  it("fails the read on a transient failure (after core's retries) and asks again next time", async () => {
    const f = fakes([serverError, () => SCHEMA]);
    await expect(f.schemas.fields("jobs", undefined)).rejects.toThrow("503");
    expect((await f.schemas.fields("jobs", undefined)).custom).toEqual(["field12345", "field12352"]);
    expect(f.calls()).toBe(2);
    expect(f.warnings).toEqual([]);
  });

  it("treats 404 (no Schema API: getJson null) and 403 as no custom fields known, with a warning, cached", async () => {
    const notFound = fakes([() => null]);
    expect(await notFound.schemas.fields("people", undefined)).toEqual(NO_FIELDS_KNOWN);
    await notFound.schemas.fields("people", undefined);
    expect(notFound.calls()).toBe(1);
    expect(notFound.warnings).toEqual([expect.stringContaining("404")]);

    const forbidden = fakes([
      () => {
        throw new AtsyncError("INTEGRATION.PERMISSION_MISSING", "iCIMS answered 403");
      },
    ]);
    expect(await forbidden.schemas.fields("jobs", undefined)).toEqual(NO_FIELDS_KNOWN);
    expect(forbidden.warnings).toEqual([expect.stringContaining("403")]);
  });
});

/** The CUSTOM integration fields of a record, by key. */
function customOf(record: Record<string, unknown>): Record<string, IntegrationField> {
  const fields = (record["integration_fields"] ?? []) as IntegrationField[];
  return Object.fromEntries(fields.filter((f) => f.type === "CUSTOM").map((f) => [f.key, f]));
}

describe("custom fields on reads (against the simulator)", () => {
  it("asks for the tenant's job and person custom fields and labels them with the schema's titles", async () => {
    const { sim, session } = await startTest();
    const jobs = await readAll(session, "jobs");
    const truthJobs = new Map(sim.state.list("jobs").map((j) => [String(j.id), j]));
    const labels = new Set<string | null>();
    let valued = 0;
    for (const job of jobs) {
      const truth: Record<string, unknown> = truthJobs.get(job.remote_id) ?? {};
      const expected = Object.keys(truth).filter((k) => /^field\d+$/.test(k));
      const custom = customOf(job);
      expect(Object.keys(custom).sort()).toEqual(expected.sort());
      for (const key of expected) {
        expect(custom[key]).toMatchObject({ id: `jobs.${key}`, value: truth[key] });
        expect(job["custom_fields"]).toMatchObject({ [key]: truth[key] });
        labels.add(custom[key]?.label ?? null);
        valued++;
      }
    }
    expect(valued).toBeGreaterThan(jobs.length);
    expect(labels).toEqual(new Set(["Cost Center", "Hiring Priority", "Budget Approved On"]));
    const title = ((jobs[0]?.["integration_fields"] ?? []) as IntegrationField[]).find(
      (f) => f.key === "jobtitle",
    );
    expect(title?.label).toBe("Job Title");

    const candidates = await readAll(session, "candidates");
    const people = new Set<string | null>();
    for (const candidate of candidates) {
      const truth: Record<string, unknown> = sim.state.get("people", Number(candidate.remote_id)) ?? {};
      for (const [key, field] of Object.entries(customOf(candidate))) {
        expect(field).toMatchObject({ id: `people.${key}`, value: truth[key] });
        people.add(field.label);
      }
    }
    expect(people).toEqual(new Set(["Referral Code", "Work Authorization", "Available From"]));
  });

  it("reads on without custom fields when the Schema API is refused (403) or absent (404)", async () => {
    for (const status of [403, 404] as const) {
      const { sim, session } = await startTest({
        schemaApiStatus: status,
        jobs: 8,
        people: 60,
        applications: 40,
      });
      const jobs = await readAll(session, "jobs");
      const candidates = await readAll(session, "candidates");
      expect(jobs).toHaveLength(8);
      expect(candidates.length).toBeGreaterThan(0);
      for (const record of [...jobs, ...candidates]) expect(customOf(record)).toEqual({});
      expect(sim.state.stats()["GET /profiledefinitions/v1/job/schema"]).toBe(1);
      expect(sim.state.stats()["GET /profiledefinitions/v1/person/schema"]).toBe(1);
    }
  });

  it("retries a schema call answered 500 with core's retry, losing no custom field", async () => {
    const { sim, session } = await startTest({ jobs: 5 });
    await session.check();
    // Targeted GETs 2, 4, 6, …: the schema call (the read's first GET after the check) fails once.
    sim.state.setFaults({ errorBurst: { every: 2, length: 1 }, faultTargets: ["get"] });
    const jobs = await readAll(session, "jobs");
    expect(sim.state.stats()["GET /profiledefinitions/v1/job/schema"]).toBe(2);
    expect(jobs.some((job) => Object.keys(customOf(job)).length > 0)).toBe(true);
  });
});
