import type { Atsync, Clock, SyncType } from "@atsync/core";
import { createMemoryStorage } from "@atsync/storage-memory";
import { connectIcims, MATRIX_ENCRYPTION_KEY, matrixAtsync, reactivateIcims } from "./atsync-instance.js";
import { type RunEnd, type RunRequest, runEnd, type SyncBackend } from "./backend.js";
import { type KillableStorage, killableStorage } from "./killable-storage.js";

/**
 * Memory storage, runs in this process. A kill is a hard abort at a random storage call of the
 * run: that call and everything after it never reach the storage (the run record stays
 * `running`, no cleanup), in-flight vendor requests are aborted, and the next run gets a new
 * atsync instance on the same storage — what survives a kill -9 of a process whose storage
 * outlives it.
 */
export function memoryBackend(clock: Clock): SyncBackend {
  const storage = createMemoryStorage({ encryptionKey: MATRIX_ENCRYPTION_KEY });
  const fresh = () => {
    const view = killableStorage(storage);
    return { view, atsync: matrixAtsync(view.storage, clock) };
  };
  let instance: { view: KillableStorage; atsync: Atsync } = fresh();
  /** Storage calls the last run of each mode made, to place kills within a run. */
  const callsOfMode = new Map<SyncType, number>();
  return {
    name: "memory",
    storage,
    connect: (sim) => connectIcims(instance.atsync, sim),
    reactivate: (id, sim) => reactivateIcims(instance.atsync, id, sim),
    async run(request: RunRequest): Promise<RunEnd> {
      const { view, atsync } = instance;
      const abort = new AbortController();
      const before = view.calls();
      if (request.killAt !== null) {
        const expected = callsOfMode.get(request.mode) ?? callsOfMode.get("full") ?? 50;
        view.killAtCall(before + Math.max(1, Math.round(request.killAt * expected)), () =>
          abort.abort(new Error("killed")),
        );
      }
      const off = atsync.events.on("sync-progress", request.onPage);
      try {
        return runEnd(
          await atsync.sync.runNow(request.integrationId, request.mode, { signal: abort.signal }),
        );
      } catch (e) {
        return {
          status: view.killed() ? "killed" : "threw",
          error: e instanceof Error ? e.message : String(e),
        };
      } finally {
        off();
        view.killAtCall(null);
        if (view.killed()) {
          await atsync.close().catch(() => undefined);
          instance = fresh();
        } else callsOfMode.set(request.mode, view.calls() - before);
      }
    },
    async close() {
      await instance.atsync.close().catch(() => undefined);
      await storage.close();
    },
  };
}
