import { describe, expect, it } from "vitest";
import { startIcimsHarness, truthIds } from "./icims-harness.js";

const GET_WORKFLOW = "GET /applicantworkflows/{id}";

describe("sync engine on the iCIMS simulator: resume after interruption", () => {
  it.each([1, 2, 3, 4])(
    "seed %i: the store ends equal to the simulator, and no committed page is fetched again",
    async (seed) => {
      const h = await startIcimsHarness({ simulator: { seed, jobs: 20, people: 300, applications: 2600 } });
      try {
        const abort = new AbortController();
        // Stop after the 1st or 2nd committed page of applications, noting what had been committed.
        const stopAfter = 1 + (seed % 2);
        let pages = 0;
        let committed = 0;
        h.atsync.events.on("sync-progress", (e) => {
          if (e.run.current_model !== "applications" || abort.signal.aborted) return;
          if (++pages < stopAfter) return;
          committed = e.run.progress.models.applications?.done ?? 0;
          abort.abort(new Error("crash"));
        });
        h.sim.state.resetStats();
        const first = await h.atsync.sync.runNow(h.integrationId, "full", { signal: abort.signal });
        expect(first.status).toBe("cancelled");
        expect(committed).toBeGreaterThan(0);
        const fetchedBefore = h.sim.state.stats()[GET_WORKFLOW] ?? 0;
        expect(fetchedBefore).toBeGreaterThanOrEqual(committed);
        const second = await h.atsync.sync.runNow(h.integrationId, "full");
        expect(second.status).toBe("succeeded");
        const fetched = h.sim.state.stats()[GET_WORKFLOW] ?? 0;
        // Every workflow fetched once, plus at most the page that was in flight when it stopped:
        // the second run fetches what the first had not committed (and, newest first, the few
        // records changed in the minute two change-date windows share: at most 1 % more).
        expect(fetched - fetchedBefore).toBeGreaterThanOrEqual(2600 - committed);
        expect(fetched - fetchedBefore).toBeLessThanOrEqual(Math.ceil((2600 - committed) * 1.01));
        expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
        expect(await h.storedIds("candidates")).toEqual(truthIds(h.sim, "candidates"));
      } finally {
        await h.close();
      }
    },
    60_000,
  );
});
