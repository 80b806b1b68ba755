import type { ModelKey } from "../model/common.js";
import type { WriteCounts } from "./records.js";
import type { OutboxEvents } from "./webhooks.js";

/** Kombo's force-sync types plus our deletion scan. */
export type SyncType = "full" | "delta" | "deletion_scan";

/**
 * Life of a sync run: `queued` → `running` → one of `succeeded`, `failed`, `cancelled`,
 * `paused` (quota reserve reached; resumes from its checkpoints), or `deletion_quarantined`
 * (the listing would have deleted more than the threshold; nothing was deleted).
 */
export type SyncRunStatus =
  | "queued"
  | "running"
  | "succeeded"
  | "failed"
  | "cancelled"
  | "paused"
  | "deletion_quarantined";

/** How far the read of one model has come in a run. */
export interface ModelProgress {
  /**
   * Records of the model this run's read has committed (for a read resumed from an interrupted
   * run of the same series, including what the interrupted runs committed). Never decreases.
   */
  done: number;
  /**
   * Records the vendor holds, counted before the read from a cheap id listing
   * (`ModelCoverage.cheapIdListing`) at the start of a full run; once a full read of the model
   * completes, the number it read (a listing may name records the read leaves out). Null while
   * unknown (deltas, models fed by another's read or without a cheap listing, before their read
   * completes).
   */
  total: number | null;
  /**
   * For a model read newest first in change-date windows (`ModelCoverage.windowedRead`): the
   * change time from which on the read has stored every record (ISO; records changed after the
   * read's start come with the next delta), null once it has covered every change time. Absent for
   * reads taken in one pass.
   */
  covered_since?: string | null;
}

/**
 * A run's progress, stored with the run and updated as pages commit and every few seconds while
 * the run makes vendor calls (so `SyncRun.api_calls` never stands still for long).
 */
export interface SyncRunProgress {
  /** Per read model, in the order the run reads them; a model appears once its read starts. */
  models: Partial<Record<ModelKey, ModelProgress>>;
  /** Vendor calls left in the integration's quota window at the last update; null when unknown. */
  quota_remaining: number | null;
  /** When that window resets (ISO), or null when unknown. */
  quota_resets_at: string | null;
  /**
   * Estimated end of the run (ISO) while it runs, or null: from the records per second observed so
   * far and the records left of models with a known total; when the calls those records need
   * exceed what the quota window has left above the reserve, the estimate moves past the window's
   * reset. Null before the first records are committed, when no remaining work is known and once
   * the run has ended.
   */
  eta: string | null;
}

/** The progress of a run that has not read anything yet. */
export const EMPTY_PROGRESS: SyncRunProgress = {
  models: {},
  quota_remaining: null,
  quota_resets_at: null,
  eta: null,
};

/** One sync run of one integration. */
export interface SyncRun {
  /** Unique run id. */
  id: string;
  /** Integration synced. */
  integration_id: string;
  /** Mode. */
  type: SyncType;
  /** Current state. */
  status: SyncRunStatus;
  /** Per-model write counts, accumulated by each committed page. */
  counts: Partial<Record<ModelKey, WriteCounts>>;
  /** Vendor API calls made by this run. */
  api_calls: number;
  /** Model being read while running, or null. */
  current_model: ModelKey | null;
  /** Per-model done / total, quota left and ETA (see `SyncRunProgress`). */
  progress: SyncRunProgress;
  /** ISO timestamps; null until reached. */
  started_at: string | null;
  /** ISO timestamp the run reached a final state, or null. */
  finished_at: string | null;
  /**
   * Why a run did not succeed: a Kombo code and message for `failed`/`paused`, code
   * `DELETION_QUARANTINED` with the models over the threshold for `deletion_quarantined`; else null.
   */
  error: { code: string; message: string } | null;
  /** ISO timestamp of creation (queueing). */
  created_at: string;
}

/** The members of a run the engine changes while it runs. */
export type SyncRunPatch = Partial<
  Pick<
    SyncRun,
    "status" | "api_calls" | "current_model" | "progress" | "started_at" | "finished_at" | "error"
  >
>;

/** One entry of the tracked set (records created through atsync or imported). */
export interface TrackedEntry {
  /** Model of the tracked record (`candidates` or `applications`). */
  model: ModelKey;
  /** Vendor key. */
  remote_id: string;
  /** ISO timestamp it was first tracked. */
  tracked_at: string;
  /** How it entered the set. */
  origin: "created" | "imported";
}

/**
 * Checkpoints, sync runs and the tracked set. Checkpoints are opaque strings keyed by
 * (integration, stream); the engine names streams (e.g. `delta:jobs`). Checkpoints written with a
 * page go through `AtsyncStorage.commitPage` so they commit with the page's records.
 */
export interface SyncStateStore {
  /** The checkpoint of a stream, or null when none was committed. */
  getCheckpoint(integrationId: string, stream: string): Promise<string | null>;
  /** Sets (or with null, clears) a checkpoint outside a page commit. */
  setCheckpoint(integrationId: string, stream: string, value: string | null): Promise<void>;
  /** All checkpoints of an integration whose stream starts with `prefix` (all when omitted). */
  listCheckpoints(integrationId: string, prefix?: string): Promise<Record<string, string>>;
  /** Clears every checkpoint of an integration whose stream starts with `prefix`. */
  clearCheckpoints(integrationId: string, prefix: string): Promise<void>;

  /** Stores a new run. Throws `PLATFORM.INPUT_INVALID` when the id exists. */
  createRun(run: SyncRun): Promise<void>;
  /**
   * Applies a patch and returns the run. Throws `PLATFORM.INPUT_INVALID` when the run does not
   * exist. `events` (see `OutboxEvents`) gets the updated run and its events are appended in the
   * same atomic unit (the engine's `sync-finished`).
   */
  updateRun(
    integrationId: string,
    runId: string,
    patch: SyncRunPatch,
    events?: OutboxEvents<SyncRun>,
  ): Promise<SyncRun>;
  /** A run, or null. */
  getRun(integrationId: string, runId: string): Promise<SyncRun | null>;
  /**
   * Runs of an integration, newest first, at most `limit` (default 50); with `types` / `statuses`,
   * only runs of those modes / outcomes (the scheduler asks for the last successful run of each
   * mode however many runs came since).
   */
  listRuns(
    integrationId: string,
    options?: { limit?: number; types?: readonly SyncType[]; statuses?: readonly SyncRunStatus[] },
  ): Promise<SyncRun[]>;

  /** Adds entries to the tracked set; an already tracked (model, remote_id) keeps its first entry. Returns how many were new. */
  track(integrationId: string, entries: readonly TrackedEntry[]): Promise<number>;
  /** Tracked entries of a model, oldest first. */
  listTracked(integrationId: string, model: ModelKey): Promise<TrackedEntry[]>;
}
