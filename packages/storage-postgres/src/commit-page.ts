import {
  AtsyncError,
  type ChangeEntry,
  type ChangeKind,
  type CommitResult,
  hashAndSerialize,
  inputInvalid,
  type ModelKey,
  type PageCommit,
  type RecordInput,
  TREE_RULES,
  type TreeChange,
  type TreeRule,
  validatePageCommit,
  type WriteCounts,
} from "@atsync/core/storage";
import type { PoolClient } from "pg";
import {
  copyField,
  copyFrom,
  type Db,
  iso,
  Params,
  type Query,
  sqlState,
  type Tables,
  UNIQUE_VIOLATION,
} from "./sql.js";
import { checkpointSql } from "./sync-state-store.js";
import { noteChangesSql } from "./webhook-outbox.js";

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
 * 1. locks the integration row (`FOR NO KEY UPDATE`): this checks it exists and serialises the
 *    commits of one integration, so feed cursors follow commit order and nothing else writes its
 *    records until the commit ends;
 * 2. when the last commit of this model held only new records (`FreshModels`), as in a first
 *    sync, copies all of the page in at once (`insertAll`) under a savepoint; a record that is
 *    stored after all fails the copy (primary key), which is rolled back to the savepoint, and the
 *    commit goes on as any other;
 * 3. otherwise reads which of the page's ids are stored, with their hash (`storedStates`), so each
 *    record is known as new, changed or same-hash before it is written;
 * 4. copies the new records in with `COPY … FROM STDIN` (`writeRecords`), hashing and serialising
 *    each record once as the copy streams, and validates the page (`validatePageCommit`) while the
 *    server stores the last rows; a page that fails validation aborts the copy and the transaction,
 *    so it is rejected whole as before. Stored records are updated by one statement;
 * 5. marks deletions; then, in one statement (`recordOutcome`), moves `tree_changed_at` of
 *    parents/children per `TREE_RULES` (one set-based UPDATE per rule), appends the feed
 *    (inserted, updated, deleted), notes the change for webhooks, stores the checkpoint and adds
 *    the counts to the run (a missing run aborts the whole transaction).
 * Any error before validation has passed is reported as validation's error when the page is
 * invalid, as when it was validated first.
 */
export async function commitPage(
  db: Db,
  t: Tables,
  fresh: FreshModels,
  commit: PageCommit,
): Promise<CommitResult> {
  let validated = false;
  const validate = (): void => {
    if (validated) return;
    validatePageCommit(commit);
    validated = true;
  };
  try {
    const { integrationId, model } = commit;
    const { result, stale } = await db.transaction(async (query, client) => {
      const found = await query(`SELECT 1 FROM ${t.integrations} WHERE id = $1 FOR NO KEY UPDATE`, [
        integrationId,
      ]);
      if (found.length === 0) {
        throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`, {
          integrationId,
        });
      }
      const refFields = parentFields(model);
      const records = new PreparedRecords(commit.records);
      let upserted = fresh.expected(commit)
        ? await insertAll(query, client, t, commit, records, validate)
        : null;
      let allNew = upserted !== null;
      if (upserted === null) {
        // The first records are hashed and serialised while the server looks up the stored ones.
        const probe = storedStates(query, t, commit, refFields);
        probe.catch(() => {});
        records.prepareUpTo(2 * COPY_CHUNK);
        const stored = await probe;
        upserted = await writeRecords(query, client, t, commit, records, stored, validate);
        allNew = stored.size === 0;
      }
      fresh.observe(commit, allNew);
      validate();
      const deleted = await markDeleted(query, t, commit, refFields);
      const changes = [...upserted, ...deleted];
      const counts: WriteCounts = {
        inserted: upserted.filter((c) => c.kind === "inserted").length,
        updated: upserted.filter((c) => c.kind === "updated").length,
        unchanged: commit.records.length - upserted.length,
        deleted: deleted.length,
      };
      const outcome = await recordOutcome(query, t, commit, changes, counts);
      return { result: { ...counts, changes: outcome.entries }, stale: outcome.stale };
    });
    if (stale) await db.query(`ANALYZE (SKIP_LOCKED) ${t.records}`);
    return result;
  } catch (error) {
    if (!validated) validatePageCommit(commit);
    throw error;
  }
}

/**
 * Rows changed since the last ANALYZE below which `records` is left to autovacuum. A page that
 * inserted records asks (`recordOutcome`) whether the changes since the last ANALYZE reach both
 * this and the number of rows held, i.e. whether a young table (a first sync) has doubled, and
 * then ANALYZEs it (skipped while another session does). Without statistics the planner takes the
 * table for tiny and looks stored rows up through whichever index is smallest, which made a first
 * sync of 100,000 records slow down page by page.
 */
const ANALYZE_AFTER_CHANGES = 1_000;

/** What is stored of one of the page's records: its hash, whether it is marked deleted, its reference fields. */
interface StoredState {
  hash: string;
  deleted: boolean;
  refs: Refs | null;
}

/** The stored state of each of the page's records that is stored, by id. */
async function storedStates(
  query: Query,
  t: Tables,
  commit: PageCommit,
  refFields: string[],
): Promise<Map<string, StoredState>> {
  if (commit.records.length === 0) return new Map();
  const rows = await query<{ id: string } & StoredState>(
    `SELECT id, hash, remote_deleted_at IS NOT NULL AS deleted, ${pickRefs("data", "$4")} AS refs
     FROM ${t.records} WHERE integration_id = $1 AND model = $2 AND id = ANY($3::text[])`,
    [commit.integrationId, commit.model, commit.records.map((r) => r.id), refFields],
  );
  return new Map(rows.map(({ id, ...state }) => [id, state]));
}

/** A record hashed and serialised once, for COPY or the update of stored rows. */
interface Prepared {
  record: RecordInput;
  hash: string;
  /** JSON of the record without `remote_data` (the `data` column). */
  data: string;
  /** JSON of `remote_data`, or null (SQL NULL) when it is null. */
  remoteData: string | null;
}

/** A page's records, each hashed and serialised once, in page order, as far as asked for. */
class PreparedRecords {
  readonly prepared: Prepared[] = [];

  constructor(readonly records: readonly RecordInput[]) {}

  /** Prepares the records up to position `end` (exclusive) not prepared yet. */
  prepareUpTo(end: number): void {
    for (let i = this.prepared.length; i < Math.min(end, this.records.length); i++) {
      const record = this.records[i] as RecordInput;
      const { remote_data, ...data } = record;
      const { hash, json } = hashAndSerialize(data);
      this.prepared.push({
        record,
        hash,
        data: json,
        remoteData: remote_data === null || remote_data === undefined ? null : JSON.stringify(remote_data),
      });
    }
  }
}

/** Records per COPY chunk: small enough that the server starts storing while later ones are serialised. */
const COPY_CHUNK = 200;

/** Records of the first COPY chunk: few, so the server starts storing soon after the copy begins. */
const FIRST_COPY_CHUNK = 20;

/**
 * Copies the page's records whose id passes `include` into `records` with one `COPY … FROM STDIN`,
 * preparing each chunk as the one before is stored, with `validate` run before the copy completes.
 */
async function copyIn(
  client: PoolClient,
  t: Tables,
  commit: PageCommit,
  records: PreparedRecords,
  include: (id: string) => boolean,
  validate: () => void,
): Promise<void> {
  const prefix = `${copyField(commit.integrationId)}\t${copyField(commit.model)}\t`;
  const at = copyField(commit.at);
  const total = commit.records.length;
  function* chunks(): Generator<string> {
    for (let start = 0, end = FIRST_COPY_CHUNK; start < total; start = end, end += COPY_CHUNK) {
      records.prepareUpTo(end);
      let chunk = "";
      for (const p of records.prepared.slice(start, end)) {
        if (!include(p.record.id)) continue;
        chunk += `${prefix}${copyField(p.record.id)}\t${copyField(p.record.remote_id)}\t${p.hash}\t${copyField(p.data)}\t${copyField(p.remoteData)}\t${at}\t${at}\n`;
      }
      if (chunk !== "") yield chunk;
    }
  }
  await copyFrom(
    client,
    `COPY ${t.records} (integration_id, model, id, remote_id, hash, data, remote_data, changed_at, tree_changed_at) FROM STDIN`,
    chunks(),
    validate,
  );
}

const insertedChange = (record: RecordInput): Change => ({
  kind: "inserted",
  id: record.id,
  remote_id: record.remote_id,
  before: null,
  after: record,
});

/**
 * Copies every record of the page in, as new, under a savepoint, without looking any up first.
 * Returns the inserted records, or null when one of them is stored (the copy fails on the primary
 * key or the remote-id key and is rolled back to the savepoint, leaving the transaction as it was).
 */
async function insertAll(
  query: Query,
  client: PoolClient,
  t: Tables,
  commit: PageCommit,
  records: PreparedRecords,
  validate: () => void,
): Promise<Change[] | null> {
  await query("SAVEPOINT insert_all");
  try {
    await copyIn(client, t, commit, records, () => true, validate);
  } catch (error) {
    if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
    await query("ROLLBACK TO SAVEPOINT insert_all");
    return null;
  }
  return commit.records.map(insertedChange);
}

/**
 * The (integration, model) pairs whose last commit held only new records, so their next page is
 * likely new too (a first sync writes page after page of them): `commitPage` then copies it in
 * without looking its ids up (`insertAll`). Only a guess of one storage instance: a page that
 * holds a stored record after all is written the usual way, so a wrong guess costs time, never data.
 */
export class FreshModels {
  /** Pairs held at most; past it the guesses start over (each costs one lookup to relearn). */
  private static readonly LIMIT = 10_000;
  private readonly fresh = new Set<string>();

  /** Whether `commit`'s records are expected to be new (it has some, and the model's last commit held only new ones). */
  expected(commit: PageCommit): boolean {
    return commit.records.length > 0 && this.fresh.has(FreshModels.key(commit));
  }

  /** Notes whether the records of `commit` (if any) were all new. */
  observe(commit: PageCommit, allNew: boolean): void {
    if (commit.records.length === 0) return;
    const key = FreshModels.key(commit);
    if (!allNew) {
      this.fresh.delete(key);
      return;
    }
    if (this.fresh.size >= FreshModels.LIMIT) this.fresh.clear();
    this.fresh.add(key);
  }

  private static key(commit: PageCommit): string {
    return `${commit.integrationId}\u0000${commit.model}`;
  }
}

/**
 * Writes the page's records: the new ones (not in `stored`) by COPY, preparing each chunk as the
 * one before is stored, with `validate` run before the copy completes; the stored ones by
 * `updateStored`. Returns the inserted and updated records (inserted first, each kind in page
 * order) with their old reference fields. Calls `validate` (idempotent) before the copy completes
 * and before stored rows are updated.
 */
async function writeRecords(
  query: Query,
  client: PoolClient,
  t: Tables,
  commit: PageCommit,
  records: PreparedRecords,
  stored: ReadonlyMap<string, StoredState>,
  validate: () => void,
): Promise<Change[]> {
  const total = commit.records.length;
  const fresh = commit.records.filter((r) => !stored.has(r.id));
  if (fresh.length > 0) await copyIn(client, t, commit, records, (id) => !stored.has(id), validate);
  validate();
  const inserted = fresh.map(insertedChange);
  if (fresh.length === total) return inserted;
  records.prepareUpTo(total);
  const existing = records.prepared.filter((p) => stored.has(p.record.id));
  return [...inserted, ...(await updateStored(query, t, commit, existing, stored))];
}

/**
 * Updates stored records in one statement: a record whose hash differs or that was marked deleted
 * is `updated` (`changed_at` and `tree_changed_at` move, `remote_deleted_at` clears); one with the
 * same hash is unchanged, and its `data`/`remote_data` are rewritten only when they differ (a
 * payload-only change keeps both timestamps). Input arrives as one JSON array assembled from the
 * records' serialised parts, through `jsonb_to_recordset`; stored rows are found by primary key
 * (`id = ANY`). Returns the updated records with their old reference fields.
 */
async function updateStored(
  query: Query,
  t: Tables,
  commit: PageCommit,
  rows: readonly Prepared[],
  stored: ReadonlyMap<string, StoredState>,
): Promise<Change[]> {
  const updated: Change[] = [];
  const input = rows.map(({ record, hash, data, remoteData }) => {
    const state = stored.get(record.id) as StoredState;
    const changed = state.hash !== hash || state.deleted;
    if (changed) {
      updated.push({
        kind: "updated",
        id: record.id,
        remote_id: record.remote_id,
        before: state.refs,
        after: record,
      });
    }
    return `{"id":${JSON.stringify(record.id)},"hash":"${hash}","changed":${changed},"data":${data},"remote_data":${remoteData ?? "null"}}`;
  });
  await query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb)
         AS x(id text, hash text, changed boolean, data jsonb, remote_data jsonb)
     )
     UPDATE ${t.records} AS r SET
       hash = i.hash,
       data = i.data,
       remote_data = i.remote_data,
       changed_at = CASE WHEN i.changed THEN $4::timestamptz ELSE r.changed_at END,
       tree_changed_at = CASE WHEN i.changed THEN greatest(r.tree_changed_at, $4::timestamptz)
         ELSE r.tree_changed_at END,
       remote_deleted_at = CASE WHEN i.changed THEN NULL ELSE r.remote_deleted_at END
     FROM input AS i
     WHERE r.integration_id = $1 AND r.model = $2 AND r.id = ANY($5::text[]) AND r.id = i.id
       AND (i.changed OR r.remote_data IS DISTINCT FROM i.remote_data OR r.data IS DISTINCT FROM i.data)`,
    [commit.integrationId, commit.model, `[${input.join(",")}]`, commit.at, rows.map((p) => p.record.id)],
  );
  return updated;
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
 * SQL moving `tree_changed_at` to the commit time (`at`, never backwards) on the records `rule`
 * links to the changes it applies to: the old and new parents named by the changed records, or the
 * children whose `via.field` holds a changed record's id. Null when it applies to none.
 */
function bumpSql(
  p: Params,
  t: Tables,
  integration: string,
  at: string,
  rule: TreeRule,
  changes: readonly Change[],
): string | null {
  const applicable = changes.filter((c) => rule.on.includes(c.kind));
  if (applicable.length === 0) return null;
  // Parameters are added only once the statement is known to run (an unused one has no type).
  const base = () => `UPDATE ${t.records} SET tree_changed_at = ${at}
    WHERE integration_id = ${integration} AND model = ${p.add(rule.bumps, "text")} AND tree_changed_at < ${at}`;
  if (rule.via.from === "changed") {
    const parents = new Set<string>();
    for (const c of applicable) {
      for (const refs of [c.before, c.after]) {
        const parent = refs?.[rule.via.field];
        if (typeof parent === "string") parents.add(parent);
      }
    }
    if (parents.size === 0) return null;
    return `${base()} AND id = ANY(${p.add([...parents], "text[]")})`;
  }
  const ids = applicable.map((c) => JSON.stringify(c.id));
  return `${base()} AND (data -> ${p.add(rule.via.field, "text")}) = ANY(${p.add(ids, "jsonb[]")})`;
}

// The bumps of a page run in one statement (`recordOutcome`), which cannot update a row twice: the
// rules of one changed model must bump distinct models.
for (const rule of TREE_RULES) {
  if (TREE_RULES.some((r) => r !== rule && r.changed === rule.changed && r.bumps === rule.bumps)) {
    throw new Error(`TREE_RULES: two rules for changes of ${rule.changed} bump ${rule.bumps}`);
  }
}

/**
 * The page's bookkeeping in one statement: the moves of `tree_changed_at` along `TREE_RULES`
 * (`bumpSql`), feed entries for the changes (inserted, updated,
 * deleted, in that order), the pending webhook `data-changed` input, the checkpoint and the run's
 * counts (a missing run throws `PLATFORM.INPUT_INVALID`, aborting the transaction), and — when
 * records were inserted — whether `records` needs an ANALYZE (`ANALYZE_AFTER_CHANGES`).
 */
async function recordOutcome(
  query: Query,
  t: Tables,
  commit: PageCommit,
  changes: readonly Change[],
  counts: WriteCounts,
): Promise<{ entries: ChangeEntry[]; stale: boolean }> {
  const p = new Params();
  const integration = p.add(commit.integrationId, "text");
  const at = p.add(commit.at, "timestamptz");
  const ctes: string[] = [];
  const columns = [`${iso(at)} AS at`];
  for (const rule of TREE_RULES) {
    const bump = rule.changed === commit.model ? bumpSql(p, t, integration, at, rule, changes) : null;
    if (bump !== null) ctes.push(`bump_${ctes.length} AS (${bump})`);
  }
  if (changes.length > 0) {
    const model = p.add(commit.model, "text");
    // Sequence numbers are drawn in the changes' order (one evaluation of `entries`, read twice);
    // only they come back (the rest of each entry is known here), which halves the statement's time.
    ctes.push(`entries AS (
      SELECT nextval(${p.add(t.changeFeedSeq, "regclass")}) AS seq, e.record_id, e.remote_id, e.kind, e.ord
      FROM unnest(${p.add(
        changes.map((c) => c.id),
        "text[]",
      )}, ${p.add(
        changes.map((c) => c.remote_id),
        "text[]",
      )}, ${p.add(
        changes.map((c) => FEED_KIND[c.kind]),
        "text[]",
      )}) WITH ORDINALITY AS e(record_id, remote_id, kind, ord)
      ORDER BY e.ord)`);
    ctes.push(`feed AS (
      INSERT INTO ${t.changeFeed} (seq, integration_id, model, record_id, remote_id, kind, at)
      SELECT seq, ${integration}, ${model}, record_id, remote_id, kind, ${at} FROM entries)`);
    ctes.push(`noted AS (${noteChangesSql(t, integration, model, at)})`);
    columns.push("(SELECT array_agg(seq ORDER BY ord) FROM entries) AS feed");
  }
  if (commit.checkpoint) {
    const { stream, value } = commit.checkpoint;
    const valueParam = value === null ? null : p.add(value, "text");
    ctes.push(`checkpoint AS (${checkpointSql(t, integration, p.add(stream, "text"), valueParam)})`);
  }
  if (commit.runId !== undefined) {
    const key = p.add(commit.model, "text");
    const add = (name: keyof WriteCounts) =>
      `'${name}', coalesce((counts -> ${key} ->> '${name}')::integer, 0) + ${p.add(counts[name], "integer")}`;
    ctes.push(`run AS (
      UPDATE ${t.syncRuns}
      SET counts = jsonb_set(counts, ARRAY[${key}], jsonb_build_object(
        ${add("inserted")}, ${add("updated")}, ${add("unchanged")}, ${add("deleted")}))
      WHERE integration_id = ${integration} AND id = ${p.add(commit.runId, "text")}
      RETURNING 1)`);
    columns.push("(SELECT count(*) FROM run)::integer AS runs");
  }
  if (counts.inserted > 0) {
    columns.push(`(SELECT n_mod_since_analyze >= greatest(${ANALYZE_AFTER_CHANGES}, n_live_tup)
      FROM pg_stat_user_tables WHERE relid = ${p.add(t.records, "regclass")}) AS stale`);
  }
  if (ctes.length === 0 && columns.length === 1) return { entries: [], stale: false };
  const [row] = await query<{
    at: string;
    /** Sequence numbers of the entries, in the order of `changes` (int8: as strings). */
    feed?: string[] | null;
    runs?: number;
    stale?: boolean | null;
  }>(`${ctes.length > 0 ? `WITH ${ctes.join(",\n")}\n` : ""}SELECT ${columns.join(", ")}`, p.values);
  if (commit.runId !== undefined && row?.runs === 0) {
    throw inputInvalid("page commit", [{ path: "runId", message: `no run ${commit.runId}` }]);
  }
  const seqs = row?.feed ?? [];
  const entries = changes.map((change, i) => ({
    cursor: seqs[i] as string,
    integration_id: commit.integrationId,
    model: commit.model,
    record_id: change.id,
    remote_id: change.remote_id,
    kind: FEED_KIND[change.kind],
    at: row?.at as string,
  }));
  return { entries, stale: row?.stale === true };
}
