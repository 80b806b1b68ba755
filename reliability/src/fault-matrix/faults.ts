import type { SyncType } from "@atsync/core";
import { type FaultCounts, type FaultOptions, type FaultTarget, NO_FAULTS } from "@atsync/icims-simulator";
import type { Rng } from "./random.js";

/**
 * The fault kinds of the matrix. Most are simulator knobs set for the whole run; `quota_exhaustion`
 * and `token_expiry` strike mid-run (from a `sync-progress` handler), `hidden_records` hides records
 * before and during the run, `vendor_changes` purges, merges, creates and updates records during
 * it, `kill` ends the process (memory: a hard abort with the storage kept; PostgreSQL: SIGKILL).
 */
export const FAULT_KINDS = [
  "latency_spikes",
  "server_errors",
  "error_bursts",
  "rate_limit_storm",
  "quota_exhaustion",
  "token_expiry",
  "connection_resets",
  "cut_bodies",
  "empty_pages",
  "short_pages",
  "hidden_records",
  "vendor_changes",
  "kill",
] as const;

/** One of `FAULT_KINDS`. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One faulty run, drawn from the scenario's generator. */
export interface RunPlan {
  /** Sync mode of the run. */
  mode: SyncType;
  /** Fault kinds switched on (one alone, or several combined). */
  kinds: FaultKind[];
  /** Simulator fault settings for the run (`state.setFaults`). */
  sim: Partial<FaultOptions>;
  /** Committed pages after which the quota is cut to `quotaLeft` calls, or null. */
  quotaAtPage: number | null;
  /** Calls left when the quota is cut. */
  quotaLeft: number;
  /** Committed pages after which every access token is invalidated (each once). */
  expireAtPages: number[];
  /** Records hidden before the run starts. */
  hideBefore: number;
  /** Committed pages after which a record is hidden. */
  hideAtPages: number[];
  /** Committed pages after which a vendor change (incl. purges and merges) is applied. */
  changeAtPages: number[];
  /** Kill after this share (0–1) of the storage calls a run of this mode made last time, or null. */
  killAt: number | null;
}

/** Every simulator fault off (what recovery runs with). */
export const FAULTS_OFF: Partial<FaultOptions> = NO_FAULTS;

const TARGET_CHOICES: (readonly FaultTarget[] | null)[] = [["search"], ["get"], ["search", "get"], null];

const pages = (rng: Rng, count: number, max: number) =>
  Array.from({ length: count }, () => rng.int(1, max)).sort((a, b) => a - b);

/**
 * Draws a faulty run: `alone` switches on just that kind, otherwise 2–4 kinds are combined. Rates
 * are kept where the connector's retries (3) absorb most faults but not all, so some runs fail,
 * pause or are cut short and the next ones must resume.
 */
export function planRun(rng: Rng, alone: FaultKind | null): RunPlan {
  const kinds = alone ? [alone] : rng.sample(FAULT_KINDS, rng.int(2, 4));
  const roll = rng.next();
  const mode: SyncType = roll < 0.45 ? "delta" : roll < 0.7 ? "full" : "deletion_scan";
  const plan: RunPlan = {
    mode,
    kinds,
    sim: { ...FAULTS_OFF },
    quotaAtPage: null,
    quotaLeft: 0,
    expireAtPages: [],
    hideBefore: 0,
    hideAtPages: [],
    changeAtPages: [],
    killAt: null,
  };
  const targets = () => rng.pick(TARGET_CHOICES);
  for (const kind of kinds) {
    switch (kind) {
      case "latency_spikes":
        Object.assign(plan.sim, {
          spikeRate: 0.002 + rng.next() * 0.01,
          spikeMs: rng.int(200, 2500),
          jitterMs: 3,
        });
        break;
      case "server_errors":
        Object.assign(plan.sim, { errorRate: 0.02 + rng.next() * 0.2, faultTargets: targets() });
        break;
      case "error_bursts":
        Object.assign(plan.sim, { errorBurst: { every: rng.int(20, 200), length: rng.int(2, 8) } });
        if (plan.sim.faultTargets === null) plan.sim.faultTargets = targets();
        break;
      case "rate_limit_storm": {
        const slow = rng.chance(0.25);
        plan.sim.rateLimitStorm = {
          every: slow ? rng.int(200, 400) : rng.int(20, 200),
          length: rng.int(1, 6),
          retryAfterS: slow ? 1 : 0,
        };
        break;
      }
      case "quota_exhaustion":
        plan.quotaAtPage = rng.int(0, 6);
        plan.quotaLeft = rng.int(0, 80);
        break;
      case "token_expiry":
        plan.expireAtPages = pages(rng, rng.int(1, 3), 8);
        break;
      case "connection_resets":
        plan.sim.dropRate = 0.005 + rng.next() * 0.04;
        break;
      case "cut_bodies":
        plan.sim.malformedRate = 0.005 + rng.next() * 0.05;
        break;
      case "empty_pages":
        plan.sim.emptyPageRate = 0.05 + rng.next() * 0.4;
        break;
      case "short_pages":
        plan.sim.shortPageRate = 0.05 + rng.next() * 0.4;
        break;
      case "hidden_records":
        plan.hideBefore = rng.int(0, 4);
        plan.hideAtPages = pages(rng, rng.int(1, 3), 8);
        break;
      case "vendor_changes":
        plan.changeAtPages = pages(rng, rng.int(1, 6), 8);
        break;
      case "kill":
        plan.killAt = rng.next();
        break;
    }
  }
  return plan;
}

/** Adds the simulator's injected-fault counters of one run to a total. */
export function addCounts(total: Partial<FaultCounts>, counts: FaultCounts): void {
  for (const [key, value] of Object.entries(counts) as [keyof FaultCounts, number][])
    total[key] = (total[key] ?? 0) + value;
}
