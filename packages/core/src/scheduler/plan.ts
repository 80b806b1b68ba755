import type { AtsyncError } from "../errors.js";
import type { IntegrationSettings } from "../storage/integrations.js";
import type { SyncRun, SyncType } from "../storage/sync-state.js";

/** Scheduling defaults an integration's settings may override. */
export interface ScheduleDefaults {
  /** Minutes between delta syncs. */
  deltaIntervalMinutes: number;
  /** Minutes between deletion scans. */
  deletionScanIntervalMinutes: number;
  /**
   * Minutes between full syncs after the first one (vendors' usual weekly re-sync): a full read
   * catches what no delta or id listing can see, such as a record edited while hidden from the API
   * user and shown again with its old change date.
   */
  fullSyncIntervalMinutes: number;
  /** First retry delay after a failure; doubles per consecutive failure. */
  backoffBaseMs: number;
  /** Longest retry delay. */
  backoffMaxMs: number;
}

/** The next sync to queue for an integration, or null for none. */
export interface PlannedSync {
  /** Mode. */
  type: SyncType;
  /** When (ms epoch). */
  runAt: number;
  /** Why. */
  reason: "scheduled" | "retry" | "resume";
}

const OK = new Set(["succeeded", "deletion_quarantined"]);

/**
 * When the regular schedule wants the next sync: a full sync until one succeeded, then the
 * earliest of delta and deletion scan — or the periodic full sync when it is due by then (a full
 * sync counts as both).
 */
export function planRegularSync(
  runs: readonly SyncRun[],
  settings: IntegrationSettings,
  defaults: ScheduleDefaults,
  now: number,
): PlannedSync {
  const finished = (types: SyncType[]) =>
    runs
      .filter((r) => OK.has(r.status) && types.includes(r.type) && r.finished_at)
      .reduce((max, r) => Math.max(max, Date.parse(r.finished_at as string)), Number.NEGATIVE_INFINITY);
  const lastFull = finished(["full"]);
  if (lastFull === Number.NEGATIVE_INFINITY) return { type: "full", runAt: now, reason: "scheduled" };
  const deltaAt =
    finished(["delta", "full"]) + (settings.deltaIntervalMinutes ?? defaults.deltaIntervalMinutes) * 60_000;
  const scanAt =
    finished(["deletion_scan", "full"]) +
    (settings.deletionScanIntervalMinutes ?? defaults.deletionScanIntervalMinutes) * 60_000;
  const fullAt = lastFull + (settings.fullSyncIntervalMinutes ?? defaults.fullSyncIntervalMinutes) * 60_000;
  // A full sync due by the time the next delta or scan would run takes its place (it covers both).
  if (fullAt <= Math.max(now, Math.min(deltaAt, scanAt)))
    return { type: "full", runAt: Math.max(now, fullAt), reason: "scheduled" };
  return deltaAt <= scanAt
    ? { type: "delta", runAt: Math.max(now, deltaAt), reason: "scheduled" }
    : { type: "deletion_scan", runAt: Math.max(now, scanAt), reason: "scheduled" };
}

/**
 * What to queue after a run ended: nothing after an authentication failure (the integration goes
 * INVALID until its credentials change); the same mode after the quota reset for a paused run;
 * the same mode after exponential backoff (at least the error's `retryAfterMs`) for a failed run;
 * otherwise the regular schedule. `runs` are the integration's runs, newest first, including the
 * one that just ended.
 */
export function planAfterRun(
  ended: SyncRun,
  failure: AtsyncError | null,
  runs: readonly SyncRun[],
  settings: IntegrationSettings,
  defaults: ScheduleDefaults,
  now: number,
): PlannedSync | null {
  if (ended.status === "failed" && failure?.code === "INTEGRATION.AUTHENTICATION_INVALID") return null;
  if (ended.status === "paused")
    return { type: ended.type, runAt: now + (failure?.retryAfterMs ?? 3_600_000), reason: "resume" };
  if (ended.status === "cancelled") return { type: ended.type, runAt: now, reason: "resume" };
  if (ended.status === "failed") {
    let failures = 0;
    for (const r of runs) {
      if (r.status !== "failed") break;
      failures += 1;
    }
    const backoff = Math.min(defaults.backoffMaxMs, defaults.backoffBaseMs * 2 ** Math.max(0, failures - 1));
    return { type: ended.type, runAt: now + Math.max(backoff, failure?.retryAfterMs ?? 0), reason: "retry" };
  }
  return planRegularSync(runs, settings, defaults, now);
}
