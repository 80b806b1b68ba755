import { EMPTY_PROGRESS } from "@atsync/core/storage";
import { describe, expect, it } from "vitest";
import { formatProgress } from "./banner.js";

const run = (progress: Partial<typeof EMPTY_PROGRESS>) => ({
  id: "r",
  integration_id: "icims:x",
  type: "full" as const,
  status: "running" as const,
  counts: {},
  api_calls: 412,
  current_model: null,
  progress: { ...EMPTY_PROGRESS, ...progress },
  started_at: null,
  finished_at: null,
  error: null,
  created_at: "2026-03-01T09:00:00.000Z",
});

describe("formatProgress", () => {
  it("prints done / total per model, the calls and the estimated end", () => {
    const line = formatProgress(
      run({
        models: { jobs: { done: 30, total: 30 }, job_hiring_team_members: { done: 7, total: null } },
        eta: "2026-03-01T09:05:00.000Z",
      }),
    );
    expect(line).toMatch(
      /^First sync: jobs 30\/30, job hiring team members 7 \(412 API calls, done about \S+\)\n$/,
    );
  });

  it("says the sync is starting before any model was counted", () => {
    expect(formatProgress(run({}))).toBe("First sync: starting (412 API calls)\n");
  });
});
