import {
  assertModelKey,
  inputInvalid,
  type ModelKey,
  type SyncRun,
  type SyncRunPatch,
  type SyncStateStore,
  type TrackedEntry,
} from "@atsync/core/storage";
import { requireIntegration, rethrowMissingIntegration } from "./integration-store.js";
import { type Db, iso, type Query, sqlState, type Tables, UNIQUE_VIOLATION } from "./sql.js";
import { withEvents } from "./webhook-outbox.js";

/**
 * SQL setting the checkpoint of a stream (or deleting it when `value` is null), with the
 * integration id, stream and value as the given placeholders; for `writeCheckpoint` and as part
 * of `commitPage`'s statements.
 */
export function checkpointSql(t: Tables, integration: string, stream: string, value: string | null): string {
  return value === null
    ? `DELETE FROM ${t.checkpoints} WHERE integration_id = ${integration} AND stream = ${stream}`
    : `INSERT INTO ${t.checkpoints} (integration_id, stream, value) VALUES (${integration}, ${stream}, ${value})
       ON CONFLICT (integration_id, stream) DO UPDATE SET value = excluded.value`;
}

/**
 * Sets the checkpoint of `stream` (or clears it when `value` is null). Throws
 * `PLATFORM.INTEGRATION_NOT_FOUND` when the integration does not exist.
 */
export async function writeCheckpoint(
  query: Query,
  t: Tables,
  integrationId: string,
  stream: string,
  value: string | null,
): Promise<void> {
  if (value === null) {
    await requireIntegration(query, t, integrationId);
    await query(checkpointSql(t, "$1", "$2", null), [integrationId, stream]);
    return;
  }
  try {
    await query(checkpointSql(t, "$1", "$2", "$3"), [integrationId, stream, value]);
  } catch (error) {
    return rethrowMissingIntegration(error, query, t, integrationId);
  }
}

interface RunRow {
  id: string;
  integration_id: string;
  type: SyncRun["type"];
  status: SyncRun["status"];
  counts: SyncRun["counts"];
  api_calls: number;
  current_model: ModelKey | null;
  progress: SyncRun["progress"];
  started_at: string | null;
  finished_at: string | null;
  error: SyncRun["error"];
  created_at: string;
}

const RUN_COLUMNS = `id, integration_id, type, status, counts, api_calls, current_model, progress,
  ${iso("started_at")} AS started_at, ${iso("finished_at")} AS finished_at, error,
  ${iso("created_at")} AS created_at`;

/** SQL type of each member of `SyncRunPatch`, naming the column it sets. */
const RUN_PATCH_TYPES: Record<keyof SyncRunPatch, string> = {
  status: "text",
  api_calls: "integer",
  current_model: "text",
  progress: "jsonb",
  started_at: "timestamptz",
  finished_at: "timestamptz",
  error: "jsonb",
};

/** `SyncStateStore` on the `checkpoints`, `sync_runs` and `tracked` tables. */
export function createSyncStateStore(db: Db, t: Tables): SyncStateStore {
  return {
    getCheckpoint: async (integrationId, stream) => {
      const rows = await db.query<{ value: string }>(
        `SELECT value FROM ${t.checkpoints} WHERE integration_id = $1 AND stream = $2`,
        [integrationId, stream],
      );
      return rows[0]?.value ?? null;
    },

    setCheckpoint: (integrationId, stream, value) =>
      writeCheckpoint(db.query, t, integrationId, stream, value),

    listCheckpoints: async (integrationId, prefix = "") => {
      const rows = await db.query<{ stream: string; value: string }>(
        `SELECT stream, value FROM ${t.checkpoints}
         WHERE integration_id = $1 AND starts_with(stream, $2) ORDER BY stream`,
        [integrationId, prefix],
      );
      return Object.fromEntries(rows.map((r) => [r.stream, r.value]));
    },

    clearCheckpoints: async (integrationId, prefix) => {
      await db.query(`DELETE FROM ${t.checkpoints} WHERE integration_id = $1 AND starts_with(stream, $2)`, [
        integrationId,
        prefix,
      ]);
    },

    createRun: async (run) => {
      try {
        await db.query(
          `INSERT INTO ${t.syncRuns} (integration_id, id, type, status, counts, api_calls, current_model,
             progress, started_at, finished_at, error, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            run.integration_id,
            run.id,
            run.type,
            run.status,
            JSON.stringify(run.counts),
            run.api_calls,
            run.current_model,
            JSON.stringify(run.progress),
            run.started_at,
            run.finished_at,
            run.error === null ? null : JSON.stringify(run.error),
            run.created_at,
          ],
        );
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw inputInvalid("sync run", [{ path: "id", message: `run ${run.id} exists` }]);
        }
        return rethrowMissingIntegration(error, db.query, t, run.integration_id);
      }
    },

    updateRun: async (integrationId, runId, patch: SyncRunPatch, events) => {
      const values: unknown[] = [integrationId, runId];
      const sets: string[] = [];
      for (const [key, type] of Object.entries(RUN_PATCH_TYPES)) {
        const value = patch[key as keyof SyncRunPatch];
        if (value === undefined) continue;
        values.push(type === "jsonb" && value !== null ? JSON.stringify(value) : value);
        sets.push(`${key} = $${values.length}::${type}`);
      }
      const rows = await withEvents(
        db,
        t,
        events && ((found: RunRow[]) => (found[0] ? events(found[0]) : [])),
        (query) =>
          query<RunRow>(
            sets.length === 0
              ? `SELECT ${RUN_COLUMNS} FROM ${t.syncRuns} WHERE integration_id = $1 AND id = $2`
              : `UPDATE ${t.syncRuns} SET ${sets.join(", ")} WHERE integration_id = $1 AND id = $2
             RETURNING ${RUN_COLUMNS}`,
            values,
          ),
      );
      const row = rows[0];
      if (!row) {
        await requireIntegration(db.query, t, integrationId);
        throw inputInvalid("sync run", [{ path: "id", message: `no run ${runId}` }]);
      }
      return row;
    },

    getRun: async (integrationId, runId) => {
      const rows = await db.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM ${t.syncRuns} WHERE integration_id = $1 AND id = $2`,
        [integrationId, runId],
      );
      return rows[0] ?? null;
    },

    listRuns: (integrationId, options = {}) =>
      db.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM ${t.syncRuns} WHERE integration_id = $1
           AND ($3::text[] IS NULL OR type = ANY($3::text[]))
           AND ($4::text[] IS NULL OR status = ANY($4::text[]))
         ORDER BY created_at DESC, seq DESC LIMIT $2`,
        [integrationId, options.limit ?? 50, options.types ?? null, options.statuses ?? null],
      ),

    track: async (integrationId, entries) => {
      for (const e of entries) assertModelKey(e.model);
      const rows = await db.query<{ added: number; found: boolean }>(
        `WITH integration AS (SELECT 1 FROM ${t.integrations} WHERE id = $1),
         added AS (
           INSERT INTO ${t.tracked} (integration_id, model, remote_id, tracked_at, origin)
           SELECT $1, e.model, e.remote_id, e.tracked_at, e.origin
           FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[]) WITH ORDINALITY
             AS e(model, remote_id, tracked_at, origin, ord)
           WHERE EXISTS (SELECT 1 FROM integration)
           ORDER BY e.ord
           ON CONFLICT (integration_id, model, remote_id) DO NOTHING
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM added)::integer AS added, EXISTS (SELECT 1 FROM integration) AS found`,
        [
          integrationId,
          entries.map((e) => e.model),
          entries.map((e) => e.remote_id),
          entries.map((e) => e.tracked_at),
          entries.map((e) => e.origin),
        ],
      );
      if (!rows[0]?.found) await requireIntegration(db.query, t, integrationId);
      return rows[0]?.added ?? 0;
    },

    listTracked: async (integrationId, model) => {
      assertModelKey(model);
      return db.query<TrackedEntry>(
        `SELECT model, remote_id, ${iso("tracked_at")} AS tracked_at, origin FROM ${t.tracked}
         WHERE integration_id = $1 AND model = $2 ORDER BY tracked_at, seq`,
        [integrationId, model],
      );
    },
  };
}
