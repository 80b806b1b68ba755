// The sync fault matrix (reliability/README.md, "Fault matrix"): seeded scenarios against the iCIMS
// simulator over real HTTP, each fault alone and combined, on memory storage (kill = hard abort
// with the storage kept) and on PostgreSQL (kill = SIGKILL of a real sync process). Asserts no
// lost, duplicated or ghost record and no spurious delete; prints a table at the end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectOrStartPostgres,
  type PostgresServer,
} from "../../packages/storage-postgres/test/postgres-server.js";
import { memoryBackend } from "./fault-matrix/memory-backend.js";
import { postgresBackend } from "./fault-matrix/postgres-backend.js";
import { describeDefects, formatReport, reproduction, totals } from "./fault-matrix/report.js";
import { RUNS_PER_SCENARIO, runScenario, type ScenarioResult } from "./fault-matrix/scenario.js";

const env = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
};

/** First memory scenario seed; scenario i uses SEED + i. */
const SEED = env("FAULT_MATRIX_SEED", 1);
/** Faulty runs on memory storage (RUNS_PER_SCENARIO per scenario). */
const RUNS = env("FAULT_MATRIX_RUNS", 200);
/** First PostgreSQL scenario seed. */
const PG_SEED = env("FAULT_MATRIX_PG_SEED", 1001);
/** PostgreSQL scenarios (each: PG_RUNS faulty runs, every one in a process killed with SIGKILL). */
const PG_SCENARIOS = env("FAULT_MATRIX_PG_SCENARIOS", 3);
const PG_RUNS = 3;

const memorySeeds = Array.from({ length: Math.ceil(RUNS / RUNS_PER_SCENARIO) }, (_, i) => SEED + i);
const pgSeeds = Array.from({ length: PG_SCENARIOS }, (_, i) => PG_SEED + i);
const results: ScenarioResult[] = [];
const started = Date.now();

/** Fails with the scenario's defects, its seed and a one-line reproduction command. */
function expectClean(result: ScenarioResult, runsPerScenario: number): void {
  const lines = describeDefects(result);
  const message = [
    `seed ${result.seed} (${result.backend}): ${lines.length} finding(s)`,
    ...lines.map((l) => `  ${l}`),
    `  runs: ${result.runs.map((r) => `${r.phase} ${r.mode} [${r.kinds.join("+")}] → ${r.status}`).join("; ")}`,
    `  reproduce: ${reproduction(result, runsPerScenario)}`,
  ].join("\n");
  if (lines.length > 0) console.error(message);
  expect(lines, message).toEqual([]);
}

afterAll(() => {
  console.log(formatReport(results, Date.now() - started));
});

describe("fault matrix on memory storage", () => {
  it.each(memorySeeds)(
    "seed %i: the store ends equal to the vendor, no spurious delete on the way",
    async (seed) => {
      const result = await runScenario(seed, { backend: memoryBackend, runs: RUNS_PER_SCENARIO });
      results.push(result);
      expectClean(result, RUNS_PER_SCENARIO);
    },
  );
});

describe("fault matrix on PostgreSQL: kill -9 of a real sync process", () => {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    if (pgSeeds.length > 0) server = await connectOrStartPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(pgSeeds)("seed %i: the store ends equal to the vendor after SIGKILLs", async (seed) => {
    const url = server?.url;
    if (!url) throw new Error("no PostgreSQL server");
    const result = await runScenario(seed, { backend: postgresBackend(url), runs: PG_RUNS, always: "kill" });
    results.push(result);
    expectClean(result, PG_RUNS);
  });
});

describe("fault matrix totals", () => {
  it(`ran at least ${RUNS + PG_SCENARIOS * PG_RUNS} seeded faulty runs`, () => {
    expect(totals(results).faultyRuns).toBeGreaterThanOrEqual(RUNS + PG_SCENARIOS * PG_RUNS);
  });
});
