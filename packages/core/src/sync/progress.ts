import type { QuotaSnapshot } from "../connector/budget.js";
import type { ModelKey } from "../model/common.js";
import type { ModelProgress, SyncRunProgress } from "../storage/sync-state.js";

/** What `estimateEnd` needs to know about a run at one moment. */
export interface EstimateInput {
  /** The current time. */
  now: Date;
  /** When the run started. */
  startedAt: Date;
  /** Records this run has committed so far (its own reads only, not carried over). */
  recordsRead: number;
  /** Vendor calls this run has made so far. */
  callsMade: number;
  /** Records left to read among models with a known total; null when none has one. */
  recordsLeft: number | null;
  /** The integration's quota at this moment. */
  quota: QuotaSnapshot;
  /** Calls the sync leaves in each window for writes (`quotaReserve`). */
  reserve: number;
}

/**
 * Estimated end of a run: the records left at the records per second observed so far; when the
 * calls they need (at the calls per record observed so far) exceed what the quota window has left
 * above the reserve, the run pauses at the reserve, so the estimate is the window's reset plus the
 * time to read the rest. Null before any record was read, when no remaining work is known, or
 * when the quota runs out before an unknown reset.
 */
export function estimateEnd(input: EstimateInput): Date | null {
  const { now, recordsRead, recordsLeft, callsMade, quota } = input;
  if (recordsRead <= 0 || recordsLeft === null) return null;
  const msPerRecord = Math.max(0, now.getTime() - input.startedAt.getTime()) / recordsRead;
  const byThroughput = now.getTime() + recordsLeft * msPerRecord;
  if (quota.remaining === null || callsMade <= 0) return new Date(byThroughput);
  const callsPerRecord = callsMade / recordsRead;
  const usable = Math.max(0, quota.remaining - input.reserve);
  if (recordsLeft * callsPerRecord <= usable) return new Date(byThroughput);
  if (quota.resetAt === null) return null;
  const afterReset = quota.resetAt.getTime() + (recordsLeft - usable / callsPerRecord) * msPerRecord;
  return new Date(Math.max(byThroughput, afterReset));
}

/**
 * The progress of one running sync: per-model done / total, counted by the engine as pages
 * commit, turned into the run's `SyncRunProgress` on demand.
 */
export class RunProgress {
  private readonly models: Partial<Record<ModelKey, ModelProgress>>;
  private recordsRead = 0;

  /**
   * @param startedAt when the run started (throughput is measured from here)
   * @param carried the per-model progress of the interrupted run this one continues (its series'
   *   done counts carry over), or empty
   */
  constructor(
    private readonly startedAt: Date,
    carried: Partial<Record<ModelKey, ModelProgress>> = {},
  ) {
    this.models = structuredClone(carried);
  }

  /** Sets the total of `model` (counted before its read), keeping what is done. */
  setTotal(model: ModelKey, total: number): void {
    this.models[model] = { ...this.models[model], done: this.models[model]?.done ?? 0, total };
  }

  /**
   * Marks the start of `model`'s read. A read resumed from an interrupted run keeps the done count
   * carried over (and how far it has covered); a fresh read starts from 0. A known total is kept.
   */
  startRead(model: ModelKey, resumed: boolean): void {
    const entry = this.models[model];
    const total = entry?.total ?? null;
    this.models[model] = resumed && entry ? { ...entry, total } : { done: 0, total };
  }

  /**
   * Marks the end of a full read of `model`: its total becomes what was read (a listing may name
   * records the read leaves out, e.g. iCIMS people who are not candidates; fed models had none).
   */
  finishRead(model: ModelKey): void {
    const entry = this.models[model];
    const done = entry?.done ?? 0;
    this.models[model] = {
      done,
      total: done,
      ...(entry?.covered_since !== undefined ? { covered_since: null } : {}),
    };
  }

  /** Records how far a read of `model` newest first has come (`ModelProgress.covered_since`). */
  cover(model: ModelKey, since: string | null): void {
    const entry = this.models[model] ?? { done: 0, total: null };
    this.models[model] = { ...entry, covered_since: since };
  }

  /** The known total of `model`, or null. */
  total(model: ModelKey): number | null {
    return this.models[model]?.total ?? null;
  }

  /** Records of `model` committed so far (carried over from the series included). */
  done(model: ModelKey): number {
    return this.models[model]?.done ?? 0;
  }

  /** Counts `count` records of `model` committed by this run. */
  add(model: ModelKey, count: number): void {
    if (count <= 0) return;
    const entry = this.models[model] ?? { done: 0, total: null };
    this.models[model] = { ...entry, done: entry.done + count };
    this.recordsRead += count;
  }

  /** The progress to store while the run goes on, with the estimated end. */
  snapshot(now: Date, callsMade: number, quota: QuotaSnapshot, reserve: number): SyncRunProgress {
    return {
      ...this.final(quota),
      eta:
        estimateEnd({
          now,
          startedAt: this.startedAt,
          recordsRead: this.recordsRead,
          callsMade,
          recordsLeft: this.recordsLeft(),
          quota,
          reserve,
        })?.toISOString() ?? null,
    };
  }

  /** The progress to store when the run ends: no estimated end. */
  final(quota: QuotaSnapshot): SyncRunProgress {
    return {
      models: structuredClone(this.models),
      quota_remaining: quota.remaining,
      quota_resets_at: quota.resetAt?.toISOString() ?? null,
      eta: null,
    };
  }

  /** Records left among models with a known total, or null when none has one. */
  private recordsLeft(): number | null {
    const known = Object.values(this.models).filter(
      (m): m is { done: number; total: number } => m.total !== null,
    );
    if (known.length === 0) return null;
    return known.reduce((sum, m) => sum + Math.max(0, m.total - m.done), 0);
  }
}
