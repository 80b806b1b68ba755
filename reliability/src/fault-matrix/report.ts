import type { FaultCounts } from "@atsync/icims-simulator";
import type { Defect } from "./check.js";
import type { ScenarioResult } from "./scenario.js";

/** Totals over scenarios, as the report prints them. */
export interface MatrixTotals {
  scenarios: number;
  faultyRuns: number;
  runsByStatus: Record<string, number>;
  checked: number;
  healedByFullSync: number;
  lost: number;
  duplicated: number;
  ghosts: number;
  spuriousDeletes: number;
  problems: number;
  calls: ScenarioResult["calls"];
}

/** Sums the scenarios' figures. */
export function totals(results: readonly ScenarioResult[]): MatrixTotals {
  const t: MatrixTotals = {
    scenarios: results.length,
    faultyRuns: 0,
    runsByStatus: {},
    checked: 0,
    healedByFullSync: 0,
    lost: 0,
    duplicated: 0,
    ghosts: 0,
    spuriousDeletes: 0,
    problems: 0,
    calls: { spent: 0, completedSpent: 0, minimum: 0 },
  };
  const count = (defects: readonly Defect[], kind: Defect["kind"]) =>
    defects.filter((d) => d.kind === kind).length;
  for (const r of results) {
    for (const run of r.runs) {
      if (run.phase.startsWith("fault")) t.faultyRuns += 1;
      t.runsByStatus[run.status] = (t.runsByStatus[run.status] ?? 0) + 1;
    }
    t.checked += r.checked;
    t.healedByFullSync += r.healedByFullSync;
    t.lost += count(r.defects, "lost");
    t.duplicated += count(r.defects, "duplicated");
    t.ghosts += count(r.defects, "ghost");
    t.spuriousDeletes += count(r.defects, "spurious_delete");
    t.problems += r.problems.length;
    t.calls.spent += r.calls.spent;
    t.calls.completedSpent += r.calls.completedSpent;
    t.calls.minimum += r.calls.minimum;
  }
  return t;
}

const SIM_FAULTS: [keyof FaultCounts, string][] = [
  ["latencySpikes", "latency spikes"],
  ["errors", "5xx (random, searches/GETs)"],
  ["burstErrors", "5xx (bursts)"],
  ["rateLimited", "429 storms (Retry-After)"],
  ["drops", "connection resets"],
  ["malformed", "cut bodies"],
  ["emptyPages", "empty search pages"],
  ["shortPages", "short search pages"],
];

const row = (label: string, value: string | number) => `  ${label.padEnd(42)} ${String(value).padStart(9)}`;

/** The reproduction command of one scenario. */
export function reproduction(result: ScenarioResult, runsPerScenario: number): string {
  const pg =
    result.backend === "postgres"
      ? "FAULT_MATRIX_RUNS=0 FAULT_MATRIX_PG_SCENARIOS=1 FAULT_MATRIX_PG_SEED"
      : "FAULT_MATRIX_SEED";
  const runs = result.backend === "postgres" ? "" : ` FAULT_MATRIX_RUNS=${runsPerScenario}`;
  return `cd reliability && ${pg}=${result.seed}${runs} npx vitest run src/fault-matrix.test.ts`;
}

/** One line per defect kind and model of a scenario, with a few record ids and details. */
export function describeDefects(result: ScenarioResult): string[] {
  const groups = new Map<string, (Defect & { phase: string })[]>();
  for (const d of result.defects) {
    const key = `${d.kind} ${d.model} (${d.phase})`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const lines = [...groups].map(
    ([key, ds]) =>
      `${ds.length} ${key}: ${ds
        .slice(0, 3)
        .map((d) => `${d.remoteId} ${d.detail}`)
        .join(" | ")}${ds.length > 3 ? " | …" : ""}`,
  );
  return [...lines, ...result.problems];
}

/** The table printed at the end of the suite. */
export function formatReport(results: readonly ScenarioResult[], elapsedMs: number): string {
  const t = totals(results);
  const sim: Partial<FaultCounts> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.simFaults) as [keyof FaultCounts, number][])
      sim[k] = (sim[k] ?? 0) + v;
  const own = (key: keyof ScenarioResult["harnessFaults"]) =>
    results.reduce((a, r) => a + r.harnessFaults[key], 0);
  const backends = [...new Set(results.map((r) => r.backend))].join(", ");
  const ratio = t.calls.minimum > 0 ? (t.calls.completedSpent / t.calls.minimum).toFixed(2) : "n/a";
  return [
    `fault matrix: ${t.scenarios} scenarios (${backends}), ${t.faultyRuns} faulty runs, ${Math.round(elapsedMs / 1000)} s`,
    "faults injected",
    ...SIM_FAULTS.map(([key, label]) => row(label, sim[key] ?? 0)),
    row("quota exhausted mid-sync", own("quotaCuts")),
    row("tokens expired mid-sync", own("tokenExpiries")),
    row("permission-hidden records", own("hiddenRecords")),
    row("vendor changes during runs (purge, merge…)", own("vendorChangesDuringRuns")),
    row("kill -9 (memory: hard abort; pg: SIGKILL)", own("kills")),
    "runs",
    ...Object.entries(t.runsByStatus)
      .sort()
      .map(([status, n]) => row(status, n)),
    "outcome",
    row("records checked", t.checked),
    row("lost (missing, deleted or stale)", t.lost),
    row("edited while hidden, healed by the weekly full", t.healedByFullSync),
    row("duplicated", t.duplicated),
    row("ghosts (gone at the vendor, still live)", t.ghosts),
    row("spurious deletes", t.spuriousDeletes),
    row("run problems (recovery not succeeding…)", t.problems),
    row("vendor calls of the faulty runs", t.calls.spent),
    row("calls of completed runs vs minimum", `${t.calls.completedSpent}/${t.calls.minimum}`),
    row("  ratio", ratio),
  ].join("\n");
}
