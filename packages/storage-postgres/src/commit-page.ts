import {
  AtsyncError,
  type ChangeEntry,
  type ChangeKind,
  type CommitResult,
  contentHash,
  inputInvalid,
  type ModelKey,
  type PageCommit,
  TREE_RULES,
  type TreeChange,
  type TreeRule,
  validatePageCommit,
  type WriteCounts,
} from "@atsync/core/storage";
import { type Db, iso, type Query, type Tables } from "./sql.js";
import { writeCheckpoint } from "./sync-state-store.js";
import { noteChanges } from "./webhook-outbox.js";

/** Reference values (field → unified id) of one record, as far as `TREE_RULES` read them. */
type Refs = Record<string, unknown>;

/** One record this commit inserted, updated or marked deleted. */
interface Change {
  kind: TreeChange;
  id: string;
  remote_id: string;
  /** Reference fields before the commit (null for an inserted record). */
  before: Refs | null;
  /** Reference fields after the commit. */
  after: Refs;
}

const FEED_KIND: Record<TreeChange, ChangeKind> = {
  inserted: "created",
  updated: "updated",
  deleted: "deleted",
};

/** The reference fields that `TREE_RULES` read from changed records of `model` (old and new parent). */
function parentFields(model: ModelKey): string[] {
  const fields = TREE_RULES.filter((r) => r.changed === model && r.via.from === "changed").map(
    (r) => r.via.field,
  );
  return [...new Set(fields)];
}

/** SQL picking `fields` of the jsonb `data` expression into one object (NULL when `fields` is empty). */
const pickRefs = (data: string, fieldsParam: string) =>
  `(SELECT jsonb_object_agg(f, ${data} -> f) FROM unnest(${fieldsParam}::text[]) AS f)`;

/**
 * Writes a page in one transaction (see `AtsyncStorage.commitPage`):
 * 1. validates, then locks the integration row (`FOR NO KEY UPDATE`): this checks it exists and
 *    serialises the commits of one integration, so feed cursors follow commit order;
 * 2. upserts every record in one statement (`upsertSql`), which reports which ones were inserted
 *    or changed and their previous reference fields;
 * 3. marks deletions, moves `tree_changed_at` of parents/children per `TREE_RULES` (one
 *    set-based UPDATE per rule), appends the feed (inserted, updated, deleted), stores the
 *    checkpoint and adds the counts to the run (a missing run aborts the whole transaction).
 */
export async function commitPage(db: Db, t: Tables, commit: PageCommit): Promise<CommitResult> {
  validatePageCommit(commit);
  const { integrationId, model } = commit;
  const refFields = parentFields(model);
  const result = await db.transaction(async (query) => {
    const found = await query(`SELECT 1 FROM ${t.integrations} WHERE id = $1 FOR NO KEY UPDATE`, [
      integrationId,
    ]);
    if (found.length === 0) {
      throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`, {
        integrationId,
      });
    }
    const upserted = await upsertRecords(query, t, commit, refFields);
    const deleted = await markDeleted(query, t, commit, refFields);
    const changes = [...upserted, ...deleted];
    for (const rule of TREE_RULES) {
      if (rule.changed === model) await propagate(query, t, commit, rule, changes);
    }
    const entries = await appendFeed(query, t, commit, changes);
    if (changes.length > 0) await noteChanges(query, t, integrationId, model, commit.at);
    if (commit.checkpoint) {
      await writeCheckpoint(query, t, integrationId, commit.checkpoint.stream, commit.checkpoint.value);
    }
    const counts: WriteCounts = {
      inserted: upserted.filter((c) => c.kind === "inserted").length,
      updated: upserted.filter((c) => c.kind === "updated").length,
      unchanged: commit.records.length - upserted.length,
      deleted: deleted.length,
    };
    if (commit.runId !== undefined) await addRunCounts(query, t, commit, commit.runId, counts);
    return { ...counts, changes: entries };
  });
  if (result.inserted > 0) await refreshStatistics(db, t);
  return result;
}

/** Rows changed since the last ANALYZE below which `refreshStatistics` leaves a table to autovacuum. */
const ANALYZE_AFTER_CHANGES = 1_000;

/**
 * ANALYZEs `records` once the rows changed since its last ANALYZE reach both
 * `ANALYZE_AFTER_CHANGES` and the number of rows it holds, i.e. each time a young table (a first
 * sync) doubles; later growth is autovacuum's. Without statistics the planner takes the table for
 * tiny and looks stored rows up through whichever index is smallest (`upsertSql`), which made a
 * first sync of 100,000 records slow down page by page. Skips when another session is analyzing.
 */
async function refreshStatistics(db: Db, t: Tables): Promise<void> {
  const [stats] = await db.query<{ stale: boolean }>(
    `SELECT n_mod_since_analyze >= greatest($1::bigint, n_live_tup) AS stale
     FROM pg_stat_user_tables WHERE relid = $2::regclass`,
    [ANALYZE_AFTER_CHANGES, t.records],
  );
  if (stats?.stale) await db.query(`ANALYZE (SKIP_LOCKED) ${t.records}`);
}

/**
 * The page's upsert, one statement. `plan` compares each input row with the stored one (all parts
 * of a statement read one snapshot, taken after `commitPage` locked the integration, so this is
 * the state the upsert changes): `inserted`, `updated` (hash differs or it was marked deleted),
 * `payload` (only unhashed vendor members differ: `remote_data`, vendor timestamps) or `unchanged`. Every row but the unchanged ones goes
 * through INSERT … ON CONFLICT DO UPDATE, which keeps `changed_at` and `tree_changed_at` of
 * payload-only changes. Returns the inserted and updated rows with their old reference fields.
 * Input arrives as one JSON array (`$3`: objects with id, remote_id, hash, data, remote_data) through
 * `jsonb_to_recordset`: one parameter parsed once, where parallel arrays made the server parse a
 * `jsonb[]` literal of escaped JSON strings (a JSON null `remote_data` becomes SQL NULL as before). The
 * stored row is looked up per input row (LATERAL … LIMIT 1, which the planner does not flatten
 * into a join): one primary-key probe each, where a join hashed all of the integration's records
 * on every page. The probe relies on current statistics (see `refreshStatistics`).
 */
function upsertSql(t: Tables): string {
  const payloadOnly = "r.hash = excluded.hash AND r.remote_deleted_at IS NULL";
  return `
    WITH input AS (
      SELECT * FROM jsonb_to_recordset($3::jsonb)
        AS x(id text, remote_id text, hash text, data jsonb, remote_data jsonb)
    ), plan AS (
      SELECT i.*, r.data AS old_data, CASE
          WHEN r.id IS NULL THEN 'inserted'
          WHEN r.hash <> i.hash OR r.remote_deleted_at IS NOT NULL THEN 'updated'
          WHEN r.remote_data IS DISTINCT FROM i.remote_data OR r.data IS DISTINCT FROM i.data THEN 'payload'
          ELSE 'unchanged' END AS kind
      FROM input AS i
      LEFT JOIN LATERAL (
        SELECT * FROM ${t.records} AS r WHERE r.integration_id = $1 AND r.model = $2 AND r.id = i.id LIMIT 1
      ) AS r ON true
    ), written AS (
      INSERT INTO ${t.records} AS r
        (integration_id, model, id, remote_id, hash, data, remote_data, changed_at, tree_changed_at)
      SELECT $1::text, $2::text, id, remote_id, hash, data, remote_data, $4::timestamptz, $4::timestamptz
      FROM plan WHERE kind <> 'unchanged'
      ON CONFLICT (integration_id, model, id) DO UPDATE SET
        hash = excluded.hash,
        data = excluded.data,
        remote_data = excluded.remote_data,
        changed_at = CASE WHEN ${payloadOnly} THEN r.changed_at ELSE excluded.changed_at END,
        tree_changed_at = CASE WHEN ${payloadOnly} THEN r.tree_changed_at
          ELSE greatest(r.tree_changed_at, excluded.tree_changed_at) END,
        remote_deleted_at = NULL
    )
    SELECT id, kind, ${pickRefs("old_data", "$5")} AS before
    FROM plan WHERE kind IN ('inserted', 'updated')`;
}

async function upsertRecords(
  query: Query,
  t: Tables,
  commit: PageCommit,
  refFields: string[],
): Promise<Change[]> {
  if (commit.records.length === 0) return [];
  const input = commit.records.map(({ remote_data, ...data }) => ({
    id: data.id,
    remote_id: data.remote_id,
    hash: contentHash(data),
    data,
    remote_data,
  }));
  const rows = await query<{ id: string; kind: "inserted" | "updated"; before: Refs | null }>(upsertSql(t), [
    commit.integrationId,
    commit.model,
    JSON.stringify(input),
    commit.at,
    refFields,
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Feed order: inserted then updated, each in page order.
  const changes: Change[] = [];
  for (const kind of ["inserted", "updated"] as const) {
    for (const record of commit.records) {
      const row = byId.get(record.id);
      if (row?.kind !== kind) continue;
      changes.push({ kind, id: record.id, remote_id: record.remote_id, before: row.before, after: record });
    }
  }
  return changes;
}

async function markDeleted(
  query: Query,
  t: Tables,
  commit: PageCommit,
  refFields: string[],
): Promise<Change[]> {
  const ids = commit.deletions ?? [];
  if (ids.length === 0) return [];
  const rows = await query<{ id: string; remote_id: string; refs: Refs | null }>(
    `UPDATE ${t.records}
     SET remote_deleted_at = $3::timestamptz, changed_at = $3::timestamptz,
       tree_changed_at = greatest(tree_changed_at, $3::timestamptz)
     WHERE integration_id = $1::text AND model = $2::text AND id = ANY($4::text[]) AND remote_deleted_at IS NULL
     RETURNING id, remote_id, ${pickRefs("data", "$5")} AS refs`,
    [commit.integrationId, commit.model, commit.at, ids, refFields],
  );
  // Feed order: the order of `deletions` (first occurrence).
  const position = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!position.has(id)) position.set(id, i);
  });
  return rows
    .sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0))
    .map((row) => ({
      kind: "deleted",
      id: row.id,
      remote_id: row.remote_id,
      before: row.refs,
      after: row.refs ?? {},
    }));
}

/**
 * Moves `tree_changed_at` to the commit time (never backwards) on the records `rule` links to
 * the changes it applies to: the old and new parents named by the changed records, or the
 * children whose `via.field` holds a changed record's id.
 */
async function propagate(
  query: Query,
  t: Tables,
  commit: PageCommit,
  rule: TreeRule,
  changes: readonly Change[],
): Promise<void> {
  const applicable = changes.filter((c) => rule.on.includes(c.kind));
  if (applicable.length === 0) return;
  const base = `UPDATE ${t.records} SET tree_changed_at = $3::timestamptz
    WHERE integration_id = $1::text AND model = $2::text AND tree_changed_at < $3::timestamptz`;
  const values: unknown[] = [commit.integrationId, rule.bumps, commit.at];
  if (rule.via.from === "changed") {
    const parents = new Set<string>();
    for (const c of applicable) {
      for (const refs of [c.before, c.after]) {
        const parent = refs?.[rule.via.field];
        if (typeof parent === "string") parents.add(parent);
      }
    }
    if (parents.size === 0) return;
    await query(`${base} AND id = ANY($4::text[])`, [...values, [...parents]]);
  } else {
    const ids = applicable.map((c) => JSON.stringify(c.id));
    await query(`${base} AND (data -> $4::text) = ANY($5::jsonb[])`, [...values, rule.via.field, ids]);
  }
}

async function appendFeed(
  query: Query,
  t: Tables,
  commit: PageCommit,
  changes: readonly Change[],
): Promise<ChangeEntry[]> {
  if (changes.length === 0) return [];
  const rows = await query<{
    cursor: string;
    record_id: string;
    remote_id: string;
    kind: ChangeKind;
    at: string;
  }>(
    `INSERT INTO ${t.changeFeed} (integration_id, model, record_id, remote_id, kind, at)
     SELECT $1::text, $2::text, e.record_id, e.remote_id, e.kind, $3::timestamptz
     FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(record_id, remote_id, kind, ord)
     ORDER BY e.ord
     RETURNING seq::text AS cursor, record_id, remote_id, kind, ${iso("at")} AS at`,
    [
      commit.integrationId,
      commit.model,
      commit.at,
      changes.map((c) => c.id),
      changes.map((c) => c.remote_id),
      changes.map((c) => FEED_KIND[c.kind]),
    ],
  );
  return rows
    .sort((a, b) => compareCursors(a.cursor, b.cursor))
    .map((row) => ({
      cursor: row.cursor,
      integration_id: commit.integrationId,
      model: commit.model,
      record_id: row.record_id,
      remote_id: row.remote_id,
      kind: row.kind,
      at: row.at,
    }));
}

/** Orders decimal cursor strings numerically. */
function compareCursors(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

async function addRunCounts(
  query: Query,
  t: Tables,
  commit: PageCommit,
  runId: string,
  counts: WriteCounts,
): Promise<void> {
  const add = (key: keyof typeof counts, param: string) =>
    `'${key}', coalesce((counts -> $3::text ->> '${key}')::integer, 0) + ${param}::integer`;
  const rows = await query(
    `UPDATE ${t.syncRuns}
     SET counts = jsonb_set(counts, ARRAY[$3::text], jsonb_build_object(
       ${add("inserted", "$4")}, ${add("updated", "$5")}, ${add("unchanged", "$6")}, ${add("deleted", "$7")}))
     WHERE integration_id = $1 AND id = $2
     RETURNING 1`,
    [
      commit.integrationId,
      runId,
      commit.model,
      counts.inserted,
      counts.updated,
      counts.unchanged,
      counts.deleted,
    ],
  );
  if (rows.length === 0) {
    throw inputInvalid("page commit", [{ path: "runId", message: `no run ${runId}` }]);
  }
}
