import type { Db, Tables } from "./sql.js";

/** One schema change. Applied once per schema, in `version` order, inside the migration transaction. */
interface Migration {
  /** Position in the sequence; recorded in `schema_migrations` when applied. */
  version: number;
  /** What it does, for people reading `schema_migrations`. */
  name: string;
  /** SQL run with `search_path` set to the storage schema, so names are unqualified. */
  sql: string;
}

/**
 * The schema, as an append-only list: never edit a released migration, add a new one.
 *
 * Layout notes:
 * - `records` and `change_feed` carry no foreign key to `integrations` (a per-row check would cost
 *   on every page); `IntegrationStore.delete` removes their rows in its transaction, and
 *   `commitPage` locks the integration row, so no row can outlive its integration.
 * - Ids and remote ids use `COLLATE "C"`: lists and `listRemoteIds` order by plain string order.
 * - `data` is the record as the engine gave it, without `remote_data` (kept in its own column);
 *   storage-owned timestamps are real columns. Filters read fields with `data -> 'field'`; the
 *   expression indexes below serve the reference lookups of `TREE_RULES` and `has_related` and
 *   the HTTP API's equality filters (`job_ids`, `current_stage_ids`, `statuses`, `outcomes`,
 *   `last_name`), `remote_created_after` and `updated_after`.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: String.raw`
      -- text -> timestamptz for ISO 8601 strings with an explicit offset (what records hold);
      -- anything else is NULL. Immutable for such strings, so it can back an expression index.
      CREATE FUNCTION parse_iso(value text) RETURNS timestamptz
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT CASE
          WHEN value ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$'
          THEN value::timestamptz END $$;

      CREATE TABLE integrations (
        id text COLLATE "C" PRIMARY KEY,
        tool text NOT NULL,
        status text NOT NULL,
        setup_status text NOT NULL,
        end_user jsonb NOT NULL,
        settings jsonb NOT NULL,
        credentials text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX integrations_created ON integrations (created_at, seq);

      CREATE TABLE records (
        integration_id text COLLATE "C" NOT NULL,
        model text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        remote_id text COLLATE "C" NOT NULL,
        hash text NOT NULL,
        data jsonb NOT NULL,
        remote_data jsonb,
        changed_at timestamptz NOT NULL,
        remote_deleted_at timestamptz,
        tree_changed_at timestamptz NOT NULL,
        PRIMARY KEY (integration_id, model, id),
        UNIQUE (integration_id, model, remote_id)
      );
      CREATE INDEX records_tree_changed ON records (integration_id, model, tree_changed_at);
      CREATE INDEX records_remote_created
        ON records (integration_id, model, parse_iso(data ->> 'remote_created_at'));
      CREATE INDEX records_job_id ON records (integration_id, model, (data -> 'job_id'))
        WHERE model IN ('job_postings', 'job_screening_questions', 'job_hiring_team_members', 'applications');
      CREATE INDEX records_candidate_id ON records (integration_id, (data -> 'candidate_id'))
        WHERE model = 'applications';
      CREATE INDEX records_current_stage_id ON records (integration_id, (data -> 'current_stage_id'))
        WHERE model = 'applications';
      CREATE INDEX records_application_outcome ON records (integration_id, (data -> 'outcome'))
        WHERE model = 'applications';
      CREATE INDEX records_job_status ON records (integration_id, (data -> 'status'))
        WHERE model = 'jobs';
      CREATE INDEX records_candidate_last_name ON records (integration_id, lower(data ->> 'last_name'))
        WHERE model = 'candidates';

      CREATE TABLE change_feed (
        seq bigserial,
        integration_id text COLLATE "C" NOT NULL,
        model text NOT NULL,
        record_id text NOT NULL,
        remote_id text NOT NULL,
        kind text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (integration_id, seq)
      );

      CREATE TABLE checkpoints (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        stream text COLLATE "C" NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (integration_id, stream)
      );

      CREATE TABLE sync_runs (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        id text NOT NULL,
        type text NOT NULL,
        status text NOT NULL,
        counts jsonb NOT NULL,
        api_calls integer NOT NULL,
        current_model text,
        started_at timestamptz,
        finished_at timestamptz,
        error jsonb,
        created_at timestamptz NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (integration_id, id)
      );
      CREATE INDEX sync_runs_newest ON sync_runs (integration_id, created_at DESC, seq DESC);

      CREATE TABLE tracked (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        model text NOT NULL,
        remote_id text NOT NULL,
        tracked_at timestamptz NOT NULL,
        origin text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (integration_id, model, remote_id)
      );
      CREATE INDEX tracked_oldest ON tracked (integration_id, model, tracked_at, seq);

      CREATE TABLE action_ledger (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        key text NOT NULL,
        fingerprint text NOT NULL,
        outcome jsonb,
        reserved_at timestamptz NOT NULL,
        PRIMARY KEY (integration_id, key)
      );

      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        seq bigint GENERATED ALWAYS AS IDENTITY
      );
    `,
  },
  {
    version: 2,
    name: "api keys: keyed hashes, short prefixes",
    // Existing rows keep their bare sha256 digest marked `sha256` until `upgradeApiKeyHashes`
    // (run by `PostgresStorage.migrate()`, which holds the secret) rewrites them.
    sql: String.raw`
      ALTER TABLE api_keys ADD COLUMN hash_scheme text NOT NULL DEFAULT 'sha256';
      ALTER TABLE api_keys ALTER COLUMN hash_scheme SET DEFAULT 'hmac-sha256';
      UPDATE api_keys SET prefix = left(prefix, 4) || '…' WHERE prefix NOT LIKE '%…';
    `,
  },
  {
    version: 3,
    name: "webhook outbox",
    // Events and deliveries outlive their integration (integration-deleted is delivered after the
    // deletion), so they carry no foreign key to it. `lane` is the integration id or '' (events
    // about no integration); pending deliveries are found per lane in event order.
    sql: String.raw`
      CREATE TABLE webhook_endpoints (
        id text PRIMARY KEY,
        url text NOT NULL,
        events text[],
        secret text NOT NULL,
        created_at timestamptz NOT NULL,
        disabled_at timestamptz,
        disabled_reason text,
        seq bigint GENERATED ALWAYS AS IDENTITY
      );
      CREATE TABLE webhook_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        type text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        event_seq bigint NOT NULL REFERENCES webhook_events (seq) ON DELETE CASCADE,
        endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        lane text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        retrying_since timestamptz,
        last_attempt_at timestamptz,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        lease text,
        lease_until timestamptz
      );
      CREATE INDEX webhook_deliveries_lanes ON webhook_deliveries (endpoint_id, lane, event_seq)
        WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_seq);
      CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (delivered_at) WHERE status = 'delivered';
      CREATE TABLE webhook_changes (
        integration_id text NOT NULL,
        model text NOT NULL,
        since timestamptz NOT NULL,
        PRIMARY KEY (integration_id, model)
      );
    `,
  },
  {
    version: 4,
    name: "connect links",
    // Links hold the SHA-256 of their token, never the token. No foreign key to integrations: a
    // completed connect link answers "integration not found" once its integration is deleted.
    sql: String.raw`
      CREATE TABLE connect_links (
        token_hash text COLLATE "C" PRIMARY KEY,
        kind text NOT NULL,
        tool text,
        integration_id text COLLATE "C",
        end_user jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX connect_links_expires ON connect_links (expires_at);
    `,
  },
  {
    version: 5,
    name: "integration fields and custom-field mappings",
    sql: String.raw`
      CREATE TABLE integration_fields (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        id text COLLATE "C" NOT NULL,
        model text NOT NULL,
        key text NOT NULL,
        type text NOT NULL,
        label text,
        is_passthrough_enabled boolean NOT NULL DEFAULT false,
        PRIMARY KEY (integration_id, id)
      );
      CREATE TABLE custom_field_mappings (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        custom_field_id text COLLATE "C" NOT NULL,
        integration_field_id text NOT NULL,
        PRIMARY KEY (integration_id, custom_field_id)
      );
    `,
  },
  {
    version: 6,
    name: "sync run progress",
    // Runs stored before this version get an empty progress (no model read, nothing estimated).
    sql: String.raw`
      ALTER TABLE sync_runs ADD COLUMN progress jsonb NOT NULL
        DEFAULT '{"models": {}, "quota_remaining": null, "quota_resets_at": null, "eta": null}';
    `,
  },
  {
    version: 7,
    name: "vendor event inbox",
    // Event keys seen (deduplication, pruned by received_at) and one pending refresh per record.
    sql: `
      CREATE TABLE vendor_events (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        key text COLLATE "C" NOT NULL,
        type text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (integration_id, key)
      );
      CREATE INDEX vendor_events_received_at ON vendor_events (received_at);
      CREATE TABLE vendor_event_refreshes (
        integration_id text COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        model text NOT NULL,
        remote_id text COLLATE "C" NOT NULL,
        requested_at timestamptz NOT NULL,
        PRIMARY KEY (integration_id, model, remote_id)
      );
      CREATE INDEX vendor_event_refreshes_order
        ON vendor_event_refreshes (integration_id, requested_at, model, remote_id);
    `,
  },
];

/**
 * Creates the schema if needed and applies the migrations it has not seen, all in one
 * transaction under an advisory lock keyed by the schema name, so processes starting at once
 * apply each migration exactly once and none sees a half-migrated schema. Returns the versions
 * applied by this call (empty when the schema was current).
 */
export async function runMigrations(db: Db, t: Tables): Promise<number[]> {
  return db.transaction(async (query) => {
    await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`atsync:migrate:${t.name}`]);
    await query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
    await query(
      `CREATE TABLE IF NOT EXISTS ${t.schemaMigrations} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await query<{ version: number }>(`SELECT version FROM ${t.schemaMigrations}`);
    const done = new Set(rows.map((r) => r.version));
    await query(`SET LOCAL search_path TO ${t.schema}`);
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await query(migration.sql);
      await query(`INSERT INTO ${t.schemaMigrations} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
