import type { SyncRun } from "@atsync/core";
import { FIXTURE_MODELS } from "@atsync/core/testing";
import { describe, expect, it } from "vitest";
import { expectStoreMatchesVendor, type Harness, startHarness } from "./harness.js";

/** A small deterministic PRNG (mulberry32), so each seed replays the same interruption. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `after` positions requested per model since `since` (a snapshot of earlier positions). */
function pagesSince(h: Harness, before: Map<string, number>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const model of FIXTURE_MODELS)
    out.set(model, h.vendor.pageRequests(model).slice(before.get(model) ?? 0));
  return out;
}

function snapshot(h: Harness): Map<string, number> {
  return new Map(FIXTURE_MODELS.map((m) => [m, h.vendor.pageRequests(m).length]));
}

/**
 * Interrupts a sync after a random number of committed pages — by aborting it (a shutdown) or by
 * making the vendor fail past the retries (a crash of the read) — then runs the same mode until it
 * succeeds.
 */
async function interruptedSync(h: Harness, type: "full" | "delta", rand: () => number) {
  // A delta commits at least one page per model (5 here), a full read about 25.
  const pagesBeforeStop = 1 + Math.floor(rand() * (type === "full" ? 20 : 5));
  const byAbort = rand() < 0.5;
  const abort = new AbortController();
  let committed = 0;
  const off = h.atsync.events.on("sync-progress", () => {
    committed += 1;
    if (committed !== pagesBeforeStop) return;
    if (byAbort) abort.abort(new Error("shutdown"));
    else h.vendor.injectFault({ kind: "server_error" }, 3);
  });
  const first = await h.atsync.sync.runNow(h.integrationId, type, { signal: abort.signal });
  off();
  const runs: SyncRun[] = [first];
  while (runs.at(-1)?.status !== "succeeded") {
    runs.push(await h.atsync.sync.runNow(h.integrationId, type));
    if (runs.length > 5)
      throw new Error(`no success after ${runs.length} runs: ${JSON.stringify(runs.at(-1))}`);
  }
  return runs;
}

describe("sync engine: resume after interruption", () => {
  it.each(Array.from({ length: 50 }, (_, i) => i + 1))(
    "seed %i: the store ends equal to the vendor, with no duplicate and no committed page read again",
    async (seed) => {
      const rand = random(seed);
      const h = await startHarness({ vendor: { sizes: { candidates: 20, applications: 30 }, pageSize: 3 } });
      try {
        const mode: "full" | "delta" = seed % 2 === 0 ? "delta" : "full";
        if (mode === "delta") {
          h.clock.advance(3_600_000);
          expect((await h.atsync.sync.runNow(h.integrationId, "full")).status).toBe("succeeded");
          h.clock.advance(3_600_000);
          for (let i = 0; i < 12; i++) {
            const model = FIXTURE_MODELS[
              Math.floor(rand() * FIXTURE_MODELS.length)
            ] as (typeof FIXTURE_MODELS)[number];
            const ids = h.vendor.records(model).map((r) => r.remote_id);
            h.vendor.touch(model, ids[Math.floor(rand() * ids.length)]);
          }
          h.clock.advance(60_000);
        }
        const before = snapshot(h);
        const runs = await interruptedSync(h, mode, rand);
        expect(runs[0]?.status).not.toBe("succeeded");
        await expectStoreMatchesVendor(h);
        let repeats = 0;
        for (const [, positions] of pagesSince(h, before))
          repeats += positions.length - new Set(positions).size;
        expect(repeats, "pages read again").toBeLessThanOrEqual(1);
      } finally {
        await h.close();
      }
    },
  );
});
