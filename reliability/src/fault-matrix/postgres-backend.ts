import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Clock, SyncType } from "@atsync/core";
import { createPostgresStorage } from "@atsync/storage-postgres";
import { createPool, dropSchema, uniqueSchema } from "../../../packages/storage-postgres/test/pg-helpers.js";
import { connectIcims, matrixAtsync, reactivateIcims } from "./atsync-instance.js";
import { type RunEnd, type RunRequest, runEnd, type SyncBackend } from "./backend.js";

/** The configuration `sync-process.ts` reads from `ATSYNC_FAULT_MATRIX_PROCESS`. */
export interface SyncProcessConfig {
  databaseUrl: string;
  schema: string;
  encryptionKey: string;
  integrationId: string;
  mode: SyncType;
  /** Simulator time minus real time when the process starts (the simulator clock runs at real speed). */
  clockOffsetMs: number;
}

/** A line `sync-process.ts` prints. */
export type SyncProcessMessage = { type: "page" } | { type: "done"; status: string; error: string | null };

const RUN_TS = fileURLToPath(new URL("../../../scripts/run-ts.mjs", import.meta.url));
const SYNC_PROCESS = fileURLToPath(new URL("./sync-process.ts", import.meta.url));

/**
 * Runs `sync-process.ts` (TypeScript sources through `scripts/run-ts.mjs` and the `@atsync/source`
 * condition, as the storage-postgres cluster harness runs its workers) and SIGKILLs it right after
 * its `killAfterPages`-th committed page (never when null): it dies wherever it is in the next
 * page — fetching, mapping or inside the commit transaction. Calls `onPage` per page line.
 */
async function runSyncProcess(
  config: SyncProcessConfig,
  killAfterPages: number | null,
  onPage: () => void,
): Promise<RunEnd> {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=@atsync/source", RUN_TS, SYNC_PROCESS], {
    env: { ...process.env, ATSYNC_FAULT_MATRIX_PROCESS: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let end: RunEnd | null = null;
  let pages = 0;
  let killed = false;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const message = JSON.parse(line) as SyncProcessMessage;
    if (message.type === "done") {
      end = { status: message.status, error: message.error };
      return;
    }
    pages += 1;
    onPage();
    if (killAfterPages !== null && pages >= killAfterPages && !killed) {
      killed = true;
      child.kill("SIGKILL");
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  if (killed && end === null) return { status: "killed", error: `SIGKILL after page ${pages}` };
  return (
    end ?? {
      status: "threw",
      error: `sync process exited (${code}) without a result:\n${stderr.slice(-2000)}`,
    }
  );
}

/**
 * PostgreSQL storage in a schema of its own. Runs to be killed (`killAt` set) happen in a child
 * process that gets SIGKILL after a random share of the pages the last run of its mode committed;
 * the others (initial full, recovery) run in this process. Returns a backend factory.
 */
export function postgresBackend(databaseUrl: string): (clock: Clock) => Promise<SyncBackend> {
  return async (clock) => {
    const pool = createPool(databaseUrl, 8);
    const encryptionKey = randomBytes(32).toString("hex");
    const storage = createPostgresStorage({ pool, schema: uniqueSchema(), encryptionKey });
    await storage.migrate();
    const atsync = matrixAtsync(storage, clock);
    const pagesOfMode = new Map<SyncType, number>();
    return {
      name: "postgres",
      storage,
      connect: (sim) => connectIcims(atsync, sim),
      reactivate: (id, sim) => reactivateIcims(atsync, id, sim),
      async run(request: RunRequest): Promise<RunEnd> {
        let pages = 0;
        const onPage = () => {
          pages += 1;
          request.onPage();
        };
        let end: RunEnd;
        if (request.killAt === null) {
          const off = atsync.events.on("sync-progress", onPage);
          try {
            end = runEnd(await atsync.sync.runNow(request.integrationId, request.mode));
          } catch (e) {
            end = { status: "threw", error: e instanceof Error ? e.message : String(e) };
          } finally {
            off();
          }
        } else {
          const expected = pagesOfMode.get(request.mode) ?? pagesOfMode.get("full") ?? 10;
          const config: SyncProcessConfig = {
            databaseUrl,
            schema: storage.schema,
            encryptionKey,
            integrationId: request.integrationId,
            mode: request.mode,
            clockOffsetMs: clock.now().getTime() - Date.now(),
          };
          end = await runSyncProcess(config, Math.max(1, Math.round(request.killAt * expected)), onPage);
        }
        if (end.status !== "killed") pagesOfMode.set(request.mode, pages);
        return end;
      },
      async close() {
        await atsync.close().catch(() => undefined);
        await dropSchema(pool, storage.schema);
        await pool.end();
      },
    };
  };
}
