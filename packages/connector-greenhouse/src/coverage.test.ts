import { type ModelKey, remoteRecordSchema } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { readAll, startTest } from "../test/harness.js";
import { GREENHOUSE_COVERAGE } from "./coverage.js";

/** A field is filled when it holds something: not null, not an empty list, not an empty object. */
function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** The unified field a record key stands for (`job_remote_id` → `job_id`). */
const unifiedField = (key: string) => key.replace(/_remote_id$/, "_id");

describe("coverage is honest over a synced tenant", () => {
  it("every declared field is filled somewhere, every other one never", async () => {
    const { sim, session } = await startTest({ jobs: 30, candidates: 300, applications: 600 });
    // The generated tenant has no application answers; give two applications some.
    for (const row of sim.state.list("applications").slice(0, 2))
      sim.state.update("applications", row.id, {
        answers: [{ question: "Why us?", answer: "The mission." }],
      });
    for (const [model, coverage] of Object.entries(GREENHOUSE_COVERAGE.models) as [
      ModelKey,
      { fields: readonly string[] },
    ][]) {
      const records = await readAll(session, model);
      expect(records.length, model).toBeGreaterThan(0);
      const keys = Object.keys(remoteRecordSchema(model).shape).filter((k) => k !== "remote_id");
      for (const key of keys) {
        const declared = coverage.fields.includes(unifiedField(key));
        const anyFilled = records.some((r) => filled(r[key]));
        expect(
          anyFilled,
          `${model}.${key} is ${declared ? "declared but never filled" : "filled but not declared"}`,
        ).toBe(declared);
      }
    }
  });
});
