import { type Clock, type SyncType, systemClock } from "@atsync/core";
import { createIcimsSimulator, type FaultCounts, type IcimsSimulator } from "@atsync/icims-simulator";
import type { SyncBackend } from "./backend.js";
import { compareWithTruth, type Defect, readStore, spuriousDeletes } from "./check.js";
import { addCounts, FAULT_KINDS, FAULTS_OFF, type FaultKind, planRun, type RunPlan } from "./faults.js";
import { Rng } from "./random.js";
import { vendorTruth } from "./truth.js";
import { VendorChanges } from "./vendor-changes.js";

/** Faulty runs per scenario (the first two with one fault alone, the others combined). */
export const RUNS_PER_SCENARIO = 5;

/** Faults the harness itself injected (the simulator counts the rest, `FaultCounts`). */
export interface HarnessFaults {
  quotaCuts: number;
  tokenExpiries: number;
  hiddenRecords: number;
  vendorChangesDuringRuns: number;
  kills: number;
}

/** One run of a scenario as it ended. */
export interface RunOutcome {
  /** `initial`, `fault #n` or `recovery`. */
  phase: string;
  mode: SyncType;
  kinds: readonly FaultKind[];
  /** The run's final status, `killed` (hard abort) or `threw` (runNow rejected). */
  status: string;
  /** Error code or message of a run that did not succeed. */
  error: string | null;
  /** Vendor requests it caused (simulator stats). */
  calls: number;
  /** Wall-clock duration. */
  ms: number;
}

/** Everything one scenario found and counted. */
export interface ScenarioResult {
  seed: number;
  /** Backend name (`memory`, `postgres`). */
  backend: string;
  sizes: { jobs: number; people: number; applications: number };
  runs: RunOutcome[];
  /** Simulator fault counters summed over the faulty runs. */
  simFaults: Partial<FaultCounts>;
  harnessFaults: HarnessFaults;
  /** Records compared after recovery. */
  checked: number;
  /**
   * Records stale after recovery only because they were edited while hidden from the API user and
   * shown again with their old change date — no delta or listing can see that — and brought up to
   * date by the periodic full sync run after recovery. Any other stale record is a defect.
   */
  healedByFullSync: number;
  /** Spurious deletes after each run, lost/duplicated/ghost records after recovery. */
  defects: (Defect & { phase: string })[];
  /** Problems of the runs themselves (recovery not succeeding, integration invalidated). */
  problems: string[];
  /**
   * Vendor calls of the faulty runs: `spent` by all of them; `completedSpent` by those that did all
   * their work (succeeded or quarantined), against `minimum`, what the fault-free run of the same
   * mode needed in this scenario (the initial full, the baseline delta and deletion scan).
   */
  calls: { spent: number; completedSpent: number; minimum: number };
}

const totalCalls = (stats: Record<string, number>) => Object.values(stats).reduce((a, b) => a + b, 0);

/** Run statuses whose run did all its work (the ones whose calls are held against the minimum). */
const COMPLETED = new Set(["succeeded", "deletion_quarantined"]);

/** The sizes of a scenario's tenant: small, so hundreds of runs fit in minutes. */
export function tenantSizes(rng: Rng): ScenarioResult["sizes"] {
  return { jobs: rng.int(20, 30), people: rng.int(200, 280), applications: rng.int(300, 420) };
}

/** Options of `runScenario`. */
export interface ScenarioOptions {
  /** Faulty runs (default `RUNS_PER_SCENARIO`). */
  runs?: number;
  /** Makes the scenario's backend, on the simulator's clock. */
  backend: (clock: Clock) => Promise<SyncBackend> | SyncBackend;
  /** A fault kind every faulty run includes (PostgreSQL: `kill`). */
  always?: FaultKind;
}

/**
 * One seeded scenario (see reliability/README.md, "Fault matrix"): a clean full sync of a small
 * tenant, then faulty runs with vendor changes between and during them and a spurious-delete
 * check after each, then recovery (faults off, hidden records visible again, a delta and a
 * deletion scan — never a full, which would paper over a lost update) and the comparison of every
 * model with the simulator's truth.
 */
export async function runScenario(seed: number, options: ScenarioOptions): Promise<ScenarioResult> {
  const runs = options.runs ?? RUNS_PER_SCENARIO;
  const rng = new Rng(seed);
  const sizes = tenantSizes(rng);
  const sim = await createIcimsSimulator({ seed, ...sizes });
  const changes = new VendorChanges(sim, new Rng(rng.fork()));
  const clock: Clock = { now: () => new Date(sim.state.now()), sleep: systemClock.sleep };
  const result: ScenarioResult = {
    seed,
    backend: "",
    sizes,
    runs: [],
    simFaults: {},
    harnessFaults: { quotaCuts: 0, tokenExpiries: 0, hiddenRecords: 0, vendorChangesDuringRuns: 0, kills: 0 },
    checked: 0,
    healedByFullSync: 0,
    defects: [],
    problems: [],
    calls: { spent: 0, completedSpent: 0, minimum: 0 },
  };
  let backend: SyncBackend | null = null;
  try {
    backend = await options.backend(clock);
    const b = backend;
    result.backend = b.name;
    const integrationId = await b.connect(sim);
    /** Vendor calls of the fault-free run of each mode. */
    const cleanCalls = new Map<SyncType, number>();

    const run = async (phase: string, mode: SyncType, plan: RunPlan | null): Promise<void> => {
      const before = await b.reactivate(integrationId, sim);
      if (before !== "ACTIVE")
        result.problems.push(`before ${phase}: integration was ${before} after transient faults`);
      const since = clock.now().toISOString();
      sim.state.resetStats();
      const onPage = plan ? armMidRunFaults(sim, plan, changes, result.harnessFaults) : () => undefined;
      const started = Date.now();
      const end = await b.run({ integrationId, mode, killAt: plan?.killAt ?? null, onPage });
      sim.state.setFaults(FAULTS_OFF);
      const calls = totalCalls(sim.state.stats());
      if (plan) addCounts(result.simFaults, sim.state.faultStats());
      result.runs.push({ phase, mode, kinds: plan?.kinds ?? [], ...end, calls, ms: Date.now() - started });
      if (end.status === "killed") result.harnessFaults.kills += 1;
      if (!plan && end.status !== "succeeded")
        result.problems.push(`${phase} ${mode} ended ${end.status}${end.error ? ` (${end.error})` : ""}`);
      if (phase === "baseline" || phase === "initial") cleanCalls.set(mode, calls);
      if (plan) {
        result.calls.spent += calls;
        if (COMPLETED.has(end.status)) {
          result.calls.completedSpent += calls;
          result.calls.minimum += cleanCalls.get(mode) ?? 0;
        }
      }
      // A cut quota lasts until the tenant's next 00:00 UTC: jump there.
      if (sim.state.quota().remaining < 1000)
        sim.state.advance(sim.state.quota().resetSeconds * 1000 + 60_000);
      const store = await readStore(b.storage, integrationId);
      for (const d of spuriousDeletes(store, vendorTruth(sim, integrationId, "visible"), since))
        result.defects.push({ ...d, phase });
    };

    await run("initial", "full", null);
    // Fault-free runs of the other modes, for the calls a run of each mode needs without faults.
    for (const mode of ["delta", "deletion_scan"] as const) {
      changes.apply(rng.int(2, 8));
      sim.state.advance(rng.int(1, 20) * 60_000);
      await run("baseline", mode, null);
    }
    for (let i = 0; i < runs; i++) {
      changes.apply(rng.int(2, 8));
      sim.state.advance(rng.int(1, 20) * 60_000);
      const alone = i < 2 ? (FAULT_KINDS[(seed * 2 + i) % FAULT_KINDS.length] as FaultKind) : null;
      const plan = planRun(rng, alone);
      if (options.always && !plan.kinds.includes(options.always)) {
        const forced = planRun(new Rng(rng.fork()), options.always);
        plan.kinds.push(options.always);
        plan.killAt ??= forced.killAt;
      }
      for (let h = 0; h < plan.hideBefore; h++) changes.hideOne();
      await run(`fault #${i + 1}`, plan.mode, plan);
    }
    result.harnessFaults.hiddenRecords = changes.hiddenCount;

    changes.unhideAll();
    sim.state.advance(60_000);
    for (const mode of ["delta", "deletion_scan"] as const) await run("recovery", mode, null);

    const compare = async () =>
      compareWithTruth(
        await readStore(b.storage, integrationId),
        vendorTruth(sim, integrationId, "all"),
        changes.mergedAway,
      );
    const comparison = await compare();
    result.checked = comparison.checked;
    const key = (d: Defect) => `${d.kind} ${d.model} ${d.remoteId}`;
    // Edited while hidden: only the periodic full sync can see it. Run it, and count what it heals.
    const hiddenStale = comparison.defects.filter(
      (d) => d.kind === "lost" && d.detail.startsWith("stale") && hiddenHint(sim, changes, d) !== "",
    );
    const remaining = new Set<string>();
    if (hiddenStale.length > 0) {
      await run("periodic full", "full", null);
      for (const d of (await compare()).defects) remaining.add(key(d));
    }
    for (const d of comparison.defects) {
      if (hiddenStale.includes(d) && !remaining.has(key(d))) {
        result.healedByFullSync += 1;
        continue;
      }
      result.defects.push({ ...d, detail: d.detail + hiddenHint(sim, changes, d), phase: "after recovery" });
    }
    return result;
  } finally {
    await backend?.close();
    await sim.close();
  }
}

/**
 * The mid-run faults of a plan: the simulator's fault settings now, and a page hook that cuts the
 * quota, invalidates tokens, hides records and applies vendor changes (purges and merges
 * included) after the planned pages.
 */
function armMidRunFaults(sim: IcimsSimulator, plan: RunPlan, changes: VendorChanges, counts: HarnessFaults) {
  sim.state.setFaults(plan.sim);
  const cutQuota = () => {
    sim.state.setQuotaRemaining(Math.min(plan.quotaLeft, sim.state.quota().remaining));
    counts.quotaCuts += 1;
  };
  if (plan.quotaAtPage === 0) cutQuota();
  let pages = 0;
  return () => {
    pages += 1;
    if (plan.quotaAtPage === pages) cutQuota();
    for (const p of plan.expireAtPages) {
      if (p !== pages) continue;
      sim.state.expireTokens();
      counts.tokenExpiries += 1;
    }
    for (const p of plan.hideAtPages) if (p === pages) changes.hideOne();
    for (const p of plan.changeAtPages) {
      if (p !== pages) continue;
      changes.applyOne();
      counts.vendorChangesDuringRuns += 1;
    }
  };
}

/** " (hidden during the scenario)" when the record, its job or its person was hidden at some point. */
function hiddenHint(sim: IcimsSimulator, changes: VendorChanges, defect: Defect): string {
  const was = (type: "people" | "jobs" | "applicantworkflows", id: unknown) =>
    changes.everHidden.get(type)?.has(Number(id)) ?? false;
  const linkOf = (value: unknown) => (value as { id?: unknown } | undefined)?.id;
  const [first = "", second = ""] = defect.remoteId.split(":");
  let hidden: string | null = null;
  switch (defect.model) {
    case "candidates":
    case "users":
      if (was("people", first)) hidden = "it";
      break;
    case "jobs":
    case "job_screening_questions":
    case "job_hiring_team_members":
      if (was("jobs", first)) hidden = "its job";
      break;
    case "job_postings":
      if (was("jobs", second)) hidden = "its job";
      break;
    case "applications": {
      const workflow = sim.state.get("applicantworkflows", Number(first));
      if (was("applicantworkflows", first)) hidden = "it";
      else if (was("jobs", linkOf(workflow?.["baseprofile"]))) hidden = "its job";
      else if (was("people", linkOf(workflow?.["associatedprofile"]))) hidden = "its person";
      break;
    }
  }
  return hidden ? ` (${hidden} was hidden during the scenario)` : "";
}
