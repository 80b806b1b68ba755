import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { nextLink, startSimulator } from "../test/simulator.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

describe("memory", () => {
  it("pages 40,000 candidates of a 200,000-candidate tenant with heap growth under 100 MB", async () => {
    const before = heapMb();
    const { api } = await startSimulator({ candidates: 200_000, applications: 400_000, jobs: 50 });
    let next: string | undefined = "/candidates?per_page=500";
    const seen = new Set<number>();
    for (let page = 0; page < 80 && next; page++) {
      const res: Response = await api(next);
      for (const row of (await res.json()) as { id: number }[]) seen.add(row.id);
      next = nextLink(res);
    }
    const growth = heapMb() - before;
    console.info(`memory test: ${seen.size} candidates paged, heap growth ${growth.toFixed(1)} MB`);
    expect(seen.size).toBe(40_000);
    expect(growth).toBeLessThan(100);
  });
});
