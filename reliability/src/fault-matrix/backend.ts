import type { AtsyncStorage, SyncType } from "@atsync/core";
import type { IcimsSimulator } from "@atsync/icims-simulator";

/** How one run ended. */
export interface RunEnd {
  /** The run's final status, `killed` (the process died) or `threw` (the run call rejected). */
  status: string;
  /** Error code and message of a run that did not succeed, else null. */
  error: string | null;
}

/** What a backend is asked to run. */
export interface RunRequest {
  integrationId: string;
  mode: SyncType;
  /** Kill the process after about this share (0–1) of the run, or null (never). */
  killAt: number | null;
  /** Called after every page the run commits (mid-run faults and vendor changes hook in here). */
  onPage: () => void;
}

/**
 * Where a scenario's syncs run and its records live: in-process memory storage with a simulated
 * hard abort, or PostgreSQL with runs in child processes that are killed with SIGKILL.
 */
export interface SyncBackend {
  /** Name in the report (`memory`, `postgres`). */
  readonly name: string;
  /** The scenario's storage (the checks read it directly). */
  readonly storage: AtsyncStorage;
  /** Connects one iCIMS integration to the simulator (created-applications-only off); returns its id. */
  connect(sim: IcimsSimulator): Promise<string>;
  /** Puts the integration back to ACTIVE when faults made it INVALID; returns its status before. */
  reactivate(integrationId: string, sim: IcimsSimulator): Promise<string>;
  /** Runs one sync (kill-able when `killAt` is set) and says how it ended. */
  run(request: RunRequest): Promise<RunEnd>;
  /** Releases everything (storage included). */
  close(): Promise<void>;
}

/** Ends a run record as a `RunEnd`. */
export function runEnd(run: { status: string; error: { code: string; message: string } | null }): RunEnd {
  return { status: run.status, error: run.error ? `${run.error.code}: ${run.error.message}` : null };
}
