import type { SyncRun } from "@atsync/core";
import { describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness, truthIds } from "./icims-harness.js";

/**
 * The tenant: big enough for several days of a small quota and several change-date windows. A
 * fixed start: the days' cut points depend on it (at this one, two days end inside a page of
 * people that includes staff, whose workflow searches must not be lost at the reserve).
 */
const TENANT = {
  seed: 23,
  jobs: 30,
  people: 1500,
  applications: 4000,
  startTime: "2026-12-03T10:33:00Z",
} as const;
/** Calls per simulated day. */
const DAILY_QUOTA = 1000;
/** What the sync may spend of a day: the quota less the default 5 % kept for writes. */
const USABLE = DAILY_QUOTA - Math.ceil(DAILY_QUOTA * 0.05);

/** Epoch ms of an iCIMS date (`yyyy-MM-dd hh:mm AM|PM`, UTC). */
function icimsTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) (AM|PM)$/.exec(text);
  if (!m) throw new Error(`not an iCIMS date: ${text}`);
  const hour = (Number(m[4]) % 12) + (m[6] === "PM" ? 12 : 0);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, Number(m[5]));
}

/** The simulator's change time (epoch ms) of each record of a profile type, by remote id. */
function changeTimes(h: IcimsHarness, type: "people" | "applicantworkflows"): Map<string, number> {
  return new Map(h.sim.state.list(type).map((r) => [String(r.id), icimsTime(String(r["updateddate"]))]));
}

/** Runs full syncs one simulated day after another until one ends other than paused. */
async function syncDayByDay(
  h: IcimsHarness,
  afterDay: (run: SyncRun, day: number) => Promise<void>,
): Promise<{ runs: SyncRun[]; callsPerDay: number[] }> {
  const runs: SyncRun[] = [];
  const callsPerDay: number[] = [];
  for (let day = 1; day <= 30; day++) {
    const run = await h.atsync.sync.runNow(h.integrationId, "full");
    runs.push(run);
    callsPerDay.push(h.sim.state.quota().used);

    await afterDay(run, day);
    if (run.status !== "paused") break;
    h.sim.state.advance(h.sim.state.quota().resetSeconds * 1000);
  }
  return { runs, callsPerDay };
}

describe("priority first sync under a daily quota (iCIMS simulator, simulated days)", () => {
  it("reads the small models and jobs first, then candidates and applications newest first, in the fewest days", async () => {
    // The same tenant without a quota problem: the calls one unconstrained full sync makes.
    const baseline = await startIcimsHarness({
      simulator: { ...TENANT, freezeClock: true, dailyQuota: 1_000_000 },
    });
    const unconstrained = await baseline.atsync.sync.runNow(baseline.integrationId, "full");
    expect(unconstrained.status).toBe("succeeded");
    const baselineCalls = baseline.sim.state.quota().used;
    // Read newest first, windows sharing a minute, each record is still counted once.
    expect(unconstrained.progress.models.applications).toMatchObject({
      done: truthIds(baseline.sim, "applicantworkflows").length,
      total: truthIds(baseline.sim, "applicantworkflows").length,
      covered_since: null,
    });
    await baseline.close();

    const h = await startIcimsHarness({
      simulator: { ...TENANT, freezeClock: true, dailyQuota: DAILY_QUOTA },
    });
    try {
      const applied = changeTimes(h, "applicantworkflows");
      const people = changeTimes(h, "people");
      const { runs, callsPerDay } = await syncDayByDay(h, async (run, day) => {
        if (day !== 1) return;
        // Day 1: paused at the reserve, with every small model and all jobs stored …
        expect(run.status).toBe("paused");
        expect(run.error?.code).toBe("REMOTE.RATE_LIMIT_EXCEEDED");
        expect(await h.storedIds("jobs")).toEqual(truthIds(h.sim, "jobs"));
        expect((await h.storedIds("users")).length).toBeGreaterThan(0);
        expect((await h.storedIds("application_stages")).length).toBeGreaterThan(0);
        // … and, for candidates and applications, every record changed since the time the run
        // says it has covered: the newest ones.
        for (const [model, times] of [
          ["applications", applied],
          ["candidates", people],
        ] as const) {
          const truth = new Set(
            truthIds(h.sim, model === "candidates" ? "candidates" : "applicantworkflows"),
          );
          const stored = new Set(await h.storedIds(model));
          // Every record changed since the time the run says its read has covered is stored …
          const covered = run.progress.models[model]?.covered_since;
          expect(covered, `${model} covered_since`).toEqual(expect.any(String));
          const newer = [...times].filter(([id, t]) => truth.has(id) && t >= Date.parse(covered as string));
          expect(newer.length, `${model} changed since ${covered}`).toBeGreaterThan(20);
          expect(
            newer.filter(([id]) => !stored.has(id)),
            `${model} newest not stored`,
          ).toEqual([]);
          // … and what is stored is the newest: all of it among the 2 × as many most recently changed.
          const byRecency = [...times].filter(([id]) => truth.has(id)).sort((x, y) => y[1] - x[1]);
          const newest = new Set(byRecency.slice(0, 2 * stored.size).map(([id]) => id));
          expect(
            [...stored].filter((id) => !newest.has(id)),
            `${model} stored but not among the newest`,
          ).toEqual([]);
        }
        expect((await h.storedIds("applications")).length, "applications stored on day 1").toBeGreaterThan(
          500,
        );
        // The newest data is readable while the first sync goes on, and the integration says how far
        // each model has come.
        const details = await h.atsync.integrations.get(h.integrationId);
        expect(details.setup_status).toBe("COMPLETED");
        const sync = Object.fromEntries(details.read_models.map((m) => [m.id, m.sync]));
        expect(sync["jobs"]).toMatchObject({ complete: true, covered_since: null });
        expect(sync["users"]).toMatchObject({ complete: true, covered_since: null });
        for (const model of ["applications", "candidates"] as const) {
          expect(sync[model]).toEqual({
            complete: false,
            covered_since: run.progress.models[model]?.covered_since,
            synced_at: null,
          });
        }
        const page = await h.atsync.ats(h.integrationId).applications.list({ page_size: 5 });
        expect(page.results.length).toBe(5);
      });
      const last = runs.at(-1) as SyncRun;
      expect(last.status).toBe("succeeded");
      expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
      expect(await h.storedIds("candidates")).toEqual(truthIds(h.sim, "candidates"));
      expect(last.progress.models.applications?.covered_since).toBeNull();
      const after = await h.atsync.integrations.get(h.integrationId);
      for (const m of after.read_models)
        expect(m.sync, m.id).toMatchObject({ complete: true, covered_since: null });
      // The arithmetic minimum of days: every day but the last spent its quota down to the reserve,
      // and the calls of all days are those of one unconstrained sync plus what a new day's session
      // costs (a token, the status list, the searches that resume windows, the GETs in flight when the
      // reserve stopped the day: at most 20).
      const days = runs.length;
      for (const used of callsPerDay.slice(0, -1)) expect(used).toBeGreaterThanOrEqual(USABLE);
      const calls = callsPerDay.reduce((a, b) => a + b, 0);
      expect(calls, `calls over ${days} days (${callsPerDay.join(", ")})`).toBeLessThanOrEqual(
        baselineCalls + 20 * (days - 1),
      );
    } finally {
      await h.close();
    }
  }, 180_000);

  it("fetches and counts a record changed in the minute two windows share once", async () => {
    const start = Date.parse("2026-06-01T10:00:00Z");
    const h = await startIcimsHarness({
      simulator: { seed: 5, jobs: 10, people: 300, applications: 600, freezeClock: true, startTime: start },
    });
    try {
      // 40 applications changed at `start`, then the clock moved to a minute short of a day later:
      // the newest window is [start, now + 1 min], and the next one ends a minute after `start`.
      const changed = truthIds(h.sim, "applicantworkflows").slice(0, 40);
      for (const id of changed)
        h.sim.state.mutate({
          op: "update",
          type: "applicantworkflows",
          id: Number(id),
          fields: { source: "Referral" },
        });
      h.sim.state.advance(24 * 60 * 60_000 - 60_000);
      h.sim.state.resetStats();
      const run = await h.atsync.sync.runNow(h.integrationId, "full");
      expect(run.status).toBe("succeeded");
      const truth = truthIds(h.sim, "applicantworkflows").length;
      expect(run.progress.models.applications).toMatchObject({ done: truth, total: truth });
      // Both windows' searches list the 40; only the first window's read fetches them.
      expect(h.sim.state.stats()["GET /applicantworkflows/{id}"]).toBe(truth);
    } finally {
      await h.close();
    }
  }, 60_000);
});
