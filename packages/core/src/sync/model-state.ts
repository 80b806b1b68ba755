import type { SyncType } from "../storage/sync-state.js";
import type { ReadWindow } from "./read-windows.js";

/**
 * Where the sync of one model stands, stored as the checkpoint of stream `model:<model>` and
 * committed with every page.
 */
export interface ModelSyncState {
  /** Start time (atsync clock) of the last completed read of the model; the next delta reads from here minus the overlap. */
  watermark: string | null;
  /** The read in progress (committed pages so far), or null when the last read completed. */
  inProgress: {
    /** Mode of the run that started the read; only a run of the same mode continues it. */
    type: Exclude<SyncType, "deletion_scan">;
    /** `since` the read was started with (ISO), or null for a full read. */
    since: string | null;
    /** When the read started (ISO); becomes the watermark when it completes. */
    startedAt: string;
    /** The last committed page's connector checkpoint; null when a window's read has not begun. */
    resume: string | null;
    /**
     * The change-date window being read, for a full read of a `windowedRead` model taken newest
     * first (absent: the read is one pass over the whole model).
     */
    window?: ReadWindow;
  } | null;
}

/** Checkpoint stream of a model's sync state. */
export const modelStream = (model: string): string => `model:${model}`;

/** Parses a stored state; a missing or unreadable one is a fresh state. */
export function parseModelState(value: string | null): ModelSyncState {
  if (value) {
    try {
      const parsed = JSON.parse(value) as ModelSyncState;
      if (parsed && typeof parsed === "object" && "watermark" in parsed) return parsed;
    } catch {
      // an unreadable checkpoint restarts the model from scratch
    }
  }
  return { watermark: null, inProgress: null };
}
