import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../test/simulator.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const rssMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

describe("memory", () => {
  it("serves pages from a 1,000,000-application simulator with RSS growth under 200 MB", async () => {
    const before = rssMb();
    const { api, search } = await startSimulator({ jobs: 2000, people: 100_000, applications: 1_000_000 });
    let last = 0;
    let total = 0;
    for (let page = 0; page < 40; page++) {
      const ids = await search("applicantworkflows", {
        filters: [{ name: "applicantworkflow.id", value: [String(last)], operator: ">" }],
      });
      total += ids.length;
      last = ids.at(-1) ?? last;
      const res = await api(
        `/applicantworkflows/${ids[0]}?fields=baseprofile,associatedprofile,status,submittalstatuslog`,
      );
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const delta = await search("applicantworkflows", {
      filters: [{ name: "applicantworkflow.updateddate", value: ["2025-03-09 12:00 AM"], operator: ">=" }],
    });
    expect(delta.length).toBeGreaterThan(0);
    const last1000 = await search("applicantworkflows", {
      filters: [{ name: "applicantworkflow.id", value: ["3000000"], operator: ">" }],
    });
    expect(last1000.length).toBeGreaterThan(0);
    const growth = rssMb() - before;
    console.info(`memory test: ${total} ids paged, RSS growth ${growth.toFixed(1)} MB`);
    expect(total).toBe(40_000);
    expect(growth).toBeLessThan(200);
  }, 60_000);
});
