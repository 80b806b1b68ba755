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
        // Stop after the 1st or 2nd committed page of applications (1,000 records each).
        const stopAfter = 1 + (seed % 2);
        let pages = 0;
        h.atsync.events.on("sync-progress", (e) => {
          if (e.run.current_model === "applications" && ++pages === stopAfter)
            abort.abort(new Error("crash"));
        });
        h.sim.state.resetStats();
        const first = await h.atsync.sync.runNow(h.integrationId, "full", { signal: abort.signal });
        expect(first.status).toBe("cancelled");
        const fetchedBefore = h.sim.state.stats()[GET_WORKFLOW] ?? 0;
        expect(fetchedBefore).toBeGreaterThanOrEqual(stopAfter * 1000);
        const second = await h.atsync.sync.runNow(h.integrationId, "full");
        expect(second.status).toBe("succeeded");
        const fetched = h.sim.state.stats()[GET_WORKFLOW] ?? 0;
        // Every workflow fetched once, plus at most the page that was in flight when it stopped.
        expect(fetched).toBeLessThanOrEqual(2600 + 1000);
        expect(fetched - fetchedBefore).toBe(2600 - stopAfter * 1000);
        expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
        expect(await h.storedIds("candidates")).toEqual(truthIds(h.sim, "candidates"));
      } finally {
        await h.close();
      }
    },
    60_000,
  );
});
