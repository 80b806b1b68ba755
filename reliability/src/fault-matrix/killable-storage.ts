import type { AtsyncStorage } from "@atsync/core";

/** Thrown by every storage call of a killed process. */
export class ProcessKilled extends Error {
  constructor() {
    super("process killed (simulated kill -9): storage unreachable");
  }
}

/** A storage view that dies like a process: see `killableStorage`. */
export interface KillableStorage {
  /** The view to hand one atsync instance. */
  storage: AtsyncStorage;
  /** Storage calls made through the view so far. */
  calls(): number;
  /** Kills at once: this and every later call throws `ProcessKilled`, nothing more is written. */
  kill(): void;
  /**
   * Kills when call number `n` (from 1) is about to start; `onKill` runs first (e.g. aborting
   * HTTP). Null disarms a kill that did not happen.
   */
  killAtCall(n: number | null, onKill?: () => void): void;
  /** True once killed. */
  killed(): boolean;
}

/**
 * Wraps a memory storage so one atsync instance can be "killed -9" at a storage call boundary:
 * the call about to run and everything after it never reach the storage (no run status written,
 * no cleanup), while what was committed stays — the memory counterpart of SIGKILL with the
 * database kept. `close()` never closes the shared storage: the next instance gets a new view.
 */
export function killableStorage(target: AtsyncStorage): KillableStorage {
  let calls = 0;
  let dead = false;
  let killAt: { n: number; onKill: () => void } | null = null;
  const tick = () => {
    if (dead) throw new ProcessKilled();
    calls += 1;
    if (killAt && calls >= killAt.n) {
      dead = true;
      killAt.onKill();
      throw new ProcessKilled();
    }
  };
  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(obj, key, receiver) {
        const value = Reflect.get(obj, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          tick();
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  // Every port of the target, each call counted; commitPage and close as below.
  const ports = Object.fromEntries(
    Object.entries(target).map(([key, value]) => [
      key,
      value && typeof value === "object" ? wrap(value) : value,
    ]),
  );
  const storage = {
    ...ports,
    commitPage: (commit: Parameters<AtsyncStorage["commitPage"]>[0]) => {
      tick();
      return target.commitPage(commit);
    },
    close: async () => undefined,
  } as AtsyncStorage;
  return {
    storage,
    calls: () => calls,
    kill: () => {
      dead = true;
    },
    killAtCall: (n, onKill = () => undefined) => {
      killAt = n === null ? null : { n, onKill };
    },
    killed: () => dead,
  };
}
