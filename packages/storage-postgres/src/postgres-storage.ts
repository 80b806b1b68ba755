import {
  type ActionLedger,
  type ApiKeyStore,
  type AtsyncStorage,
  type ChangeFeed,
  type CommitResult,
  type ConnectLinkStore,
  type CredentialCipher,
  createCredentialCipher,
  type FieldConfigStore,
  type IntegrationStore,
  type PageCommit,
  type RecordStore,
  type SyncStateStore,
  type VendorEventInbox,
  type WebhookOutbox,
} from "@atsync/core/storage";
import type { Pool } from "pg";
import { createActionLedger } from "./action-ledger.js";
import { createApiKeyStore, upgradeApiKeyHashes } from "./api-key-store.js";
import { createChangeFeed } from "./change-feed.js";
import { commitPage, FreshModels } from "./commit-page.js";
import { createConnectLinkStore } from "./connect-link-store.js";
import { createFieldConfigStore } from "./field-config-store.js";
import { createIntegrationStore } from "./integration-store.js";
import { runMigrations } from "./migrations.js";
import { createRecordStore } from "./record-store.js";
import { Db, quoteIdent, type Tables, tablesOf } from "./sql.js";
import { createSyncStateStore } from "./sync-state-store.js";
import { createVendorEventInbox } from "./vendor-event-inbox.js";
import { createWebhookOutbox } from "./webhook-outbox.js";

/** Options of `createPostgresStorage`. */
export interface PostgresStorageOptions {
  /** The host's `pg` pool. Storage borrows connections and, unless `ownsPool`, never ends it. */
  pool: Pool;
  /**
   * Schema holding atsync's tables, created by `migrate()`: lower-case letters, digits and `_`,
   * at most 63 characters. Default `atsync`. Throws `PLATFORM.INPUT_INVALID` otherwise.
   */
  schema?: string;
  /** AES-256-GCM key for credentials at rest: 32 bytes, or 64 hex chars / base64 of 32 bytes. */
  encryptionKey: Uint8Array | string;
  /** When true, `close()` ends the pool. Default false: the host ends the pool it created. */
  ownsPool?: boolean;
}

/**
 * All storage ports on PostgreSQL. Call `migrate()` once before use (any number of processes may
 * call it at once). Each `commitPage` is one transaction; timestamps are stored as `timestamptz`
 * and returned in `Date#toISOString` form (UTC, milliseconds).
 */
export class PostgresStorage implements AtsyncStorage {
  /** Record reads on the `records` table. */
  readonly records: RecordStore;
  /** Integrations; credentials stored as AES-256-GCM ciphertext only. */
  readonly integrations: IntegrationStore;
  /** Checkpoints, sync runs and the tracked set. */
  readonly syncState: SyncStateStore;
  /** Change feed; a cursor is the decimal sequence number of an entry. */
  readonly changeFeed: ChangeFeed;
  /** Idempotency ledger; `reserve` is one atomic INSERT … ON CONFLICT DO NOTHING. */
  readonly actionLedger: ActionLedger;
  /** API keys, stored as hashes keyed with the storage secret only. */
  readonly apiKeys: ApiKeyStore;
  /** Webhook endpoints (secrets as ciphertext), events and deliveries; claims serialised by an advisory lock. */
  readonly webhooks: WebhookOutbox;
  /** Links of the connect flow, by token hash; a claim is one conditional UPDATE. */
  readonly connectLinks: ConnectLinkStore;
  /** Integration fields and custom-field mappings, removed with their integration. */
  readonly fields: FieldConfigStore;
  /** Vendor events seen and pending refreshes (`vendor_events`, `vendor_event_refreshes`), removed with their integration. */
  readonly vendorEvents: VendorEventInbox;
  /** Name of the schema holding the tables. */
  readonly schema: string;
  private readonly db: Db;
  private readonly tables: Tables;
  private readonly ownsPool: boolean;
  private readonly cipher: CredentialCipher;
  private readonly freshModels = new FreshModels();

  constructor(options: PostgresStorageOptions) {
    const cipher = createCredentialCipher(options.encryptionKey);
    this.cipher = cipher;
    this.db = new Db(options.pool);
    this.tables = tablesOf(options.schema ?? "atsync");
    this.schema = this.tables.name;
    this.ownsPool = options.ownsPool ?? false;
    this.records = createRecordStore(this.db, this.tables);
    this.integrations = createIntegrationStore(this.db, this.tables, cipher);
    this.syncState = createSyncStateStore(this.db, this.tables);
    this.changeFeed = createChangeFeed(this.db, this.tables);
    this.actionLedger = createActionLedger(this.db, this.tables);
    this.apiKeys = createApiKeyStore(this.db, this.tables, cipher);
    this.webhooks = createWebhookOutbox(this.db, this.tables, cipher);
    this.fields = createFieldConfigStore(this.db, this.tables);
    this.connectLinks = createConnectLinkStore(this.db, this.tables);
    this.vendorEvents = createVendorEventInbox(this.db, this.tables);
  }

  /**
   * Creates the schema and applies pending migrations in one transaction, serialised across
   * processes by an advisory lock, then rewrites API keys stored before migration 2 as keyed
   * hashes (`upgradeApiKeyHashes`). Idempotent. Returns the migration versions this call applied.
   */
  async migrate(): Promise<number[]> {
    const applied = await runMigrations(this.db, this.tables);
    await upgradeApiKeyHashes(this.db, this.tables, this.cipher);
    return applied;
  }

  /**
   * `AtsyncStorage.commitPage` as one transaction: new records by COPY (a page after a page of
   * only new ones without looking its ids up first), stored ones in one UPDATE, then deletions,
   * and `tree_changed_at` propagation, feed, checkpoint and run counts in one statement. Commits of
   * one integration are serialised (its row is locked), so feed cursors follow commit order.
   */
  commitPage(commit: PageCommit): Promise<CommitResult> {
    return commitPage(this.db, this.tables, this.freshModels, commit);
  }

  /**
   * Every row of every table in the schema as text (`row::text`), one per line, for tests that
   * check what sits at rest (credentials must appear only as ciphertext, API keys only as hashes).
   */
  async dumpAtRest(): Promise<string> {
    const tables = await this.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
      [this.tables.name],
    );
    const lines: string[] = [];
    for (const { name } of tables) {
      const rows = await this.db.query<{ row: string }>(
        `SELECT t::text AS row FROM ${this.tables.schema}.${quoteIdent(name)} AS t`,
      );
      lines.push(...rows.map((r) => `${name}: ${r.row}`));
    }
    return lines.join("\n");
  }

  /**
   * Makes this storage unusable (later calls throw) and ends the pool when `ownsPool` was set;
   * a pool the host owns stays open for the host to end.
   */
  async close(): Promise<void> {
    this.db.close();
    if (this.ownsPool) await this.db.pool.end();
  }
}

/** A PostgreSQL storage (see `PostgresStorage`); call `migrate()` before first use. */
export function createPostgresStorage(options: PostgresStorageOptions): PostgresStorage {
  return new PostgresStorage(options);
}
