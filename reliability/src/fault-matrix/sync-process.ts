// One sync in a process of its own, on PostgreSQL (see postgres-backend.ts): reads its JSON config
// from ATSYNC_FAULT_MATRIX_PROCESS, runs `atsync.sync.runNow` once and prints JSON lines —
// `{"type":"page"}` after every committed page, `{"type":"done",...}` at the end — then exits.
// The fault matrix kills it with SIGKILL at random pages.
import { type Clock, systemClock } from "@atsync/core";
import { createPostgresStorage } from "@atsync/storage-postgres";
import { createPool } from "../../../packages/storage-postgres/test/pg-helpers.js";
import { matrixAtsync } from "./atsync-instance.js";
import type { SyncProcessConfig, SyncProcessMessage } from "./postgres-backend.js";

const config = JSON.parse(process.env.ATSYNC_FAULT_MATRIX_PROCESS ?? "null") as SyncProcessConfig | null;
if (!config) throw new Error("sync-process: set ATSYNC_FAULT_MATRIX_PROCESS to its JSON config");
const emit = (message: SyncProcessMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

// The simulator's clock runs at real speed from an offset (it is never advanced during this run).
const clock: Clock = { now: () => new Date(Date.now() + config.clockOffsetMs), sleep: systemClock.sleep };
const pool = createPool(config.databaseUrl, 6);
const storage = createPostgresStorage({ pool, schema: config.schema, encryptionKey: config.encryptionKey });
const atsync = matrixAtsync(storage, clock);
atsync.events.on("sync-progress", () => {
  emit({ type: "page" });
});
try {
  const run = await atsync.sync.runNow(config.integrationId, config.mode);
  emit({
    type: "done",
    status: run.status,
    error: run.error ? `${run.error.code}: ${run.error.message}` : null,
  });
} catch (error) {
  emit({ type: "done", status: "threw", error: error instanceof Error ? error.message : String(error) });
}
await atsync.close();
await pool.end();
