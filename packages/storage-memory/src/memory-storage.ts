import {
  type ActionLedger,
  type ActionOutcome,
  type ApiKeyRecord,
  type ApiKeyStore,
  AtsyncError,
  type AtsyncStorage,
  assertModelKey,
  type ChangeEntry,
  type ChangeFeed,
  type ChangeKind,
  type CommitResult,
  type CredentialCipher,
  contentHash,
  createCredentialCipher,
  decodeCursor,
  encodeCursor,
  type FieldConfigStore,
  type IntegrationPatch,
  type IntegrationRecord,
  type IntegrationStore,
  inputInvalid,
  type ListPage,
  MODELS,
  type ModelKey,
  type PageCommit,
  parseIntegrationSettings,
  type RecordInput,
  type RecordStore,
  type ReserveResult,
  type StoredRecordWithTree,
  type SyncRun,
  type SyncRunPatch,
  type SyncStateStore,
  TREE_RULES,
  type TrackedEntry,
  type TreeChange,
  type VendorEventInbox,
  validateListQuery,
  validatePageCommit,
} from "@atsync/core/storage";
import { ChangeLog } from "./change-log.js";
import { MemoryConnectLinks } from "./connect-links.js";
import { createMemoryFieldConfig } from "./field-config.js";
import { type EncodedRecord, sameEncoding } from "./record-codec.js";
import { RecordTable, Row } from "./record-table.js";
import { createMemoryVendorEventInbox } from "./vendor-event-inbox.js";
import { MemoryWebhookOutbox } from "./webhook-outbox.js";

/** Options of `createMemoryStorage`. */
export interface MemoryStorageOptions {
  /** AES-256-GCM key for credentials at rest: 32 bytes, or 64 hex chars / base64 of 32 bytes. */
  encryptionKey: Uint8Array | string;
}

interface LedgerEntry {
  fingerprint: string;
  outcome: ActionOutcome | null;
}

/** Everything stored for one integration. */
class IntegrationData {
  readonly tables = new Map<ModelKey, RecordTable>();
  readonly feed: ChangeLog;
  readonly checkpoints = new Map<string, string>();
  readonly runs = new Map<string, SyncRun>();
  readonly tracked = new Map<ModelKey, Map<string, TrackedEntry>>();
  readonly ledger = new Map<string, LedgerEntry>();

  constructor(
    public record: IntegrationRecord,
    public credentials: string,
  ) {
    this.feed = new ChangeLog(record.id);
    for (const def of Object.values(MODELS)) {
      this.tables.set(
        def.key,
        new RecordTable(
          record.id,
          def.key,
          def.references.map((r) => r.field),
        ),
      );
    }
  }

  table(model: ModelKey): RecordTable {
    return this.tables.get(model) as RecordTable;
  }
}

/**
 * All storage ports in process memory (the embedded default). Writes are applied synchronously
 * after validation, so each `commitPage` is atomic; nothing survives the process.
 */
export class MemoryStorage implements AtsyncStorage {
  private readonly data = new Map<string, IntegrationData>();
  /** API keys by id, each with the keyed hash of its key (`CredentialCipher.apiKeyHash`). */
  private readonly keys = new Map<string, { record: ApiKeyRecord; hash: string }>();
  private readonly cipher: CredentialCipher;

  readonly records: RecordStore;
  readonly integrations: IntegrationStore;
  readonly syncState: SyncStateStore;
  readonly changeFeed: ChangeFeed;
  readonly actionLedger: ActionLedger;
  readonly apiKeys: ApiKeyStore;
  readonly webhooks: MemoryWebhookOutbox;
  /** Integration fields and custom-field mappings, dropped with their integration. */
  readonly fields: FieldConfigStore;
  readonly connectLinks = new MemoryConnectLinks();
  /** Vendor events seen and pending refreshes, dropped with their integration. */
  readonly vendorEvents: VendorEventInbox;

  constructor(options: MemoryStorageOptions) {
    this.cipher = createCredentialCipher(options.encryptionKey);
    this.records = this.recordStore();
    this.integrations = this.integrationStore();
    this.syncState = this.syncStateStore();
    this.changeFeed = this.changeFeedPort();
    this.actionLedger = this.ledgerPort();
    this.apiKeys = this.apiKeyStore();
    this.webhooks = new MemoryWebhookOutbox(this.cipher);
    this.fields = createMemoryFieldConfig((id) => this.data.get(id));
    this.vendorEvents = createMemoryVendorEventInbox(
      (id) => this.data.get(id),
      () => this.data.values(),
    );
  }

  /**
   * Everything held, serialised as it sits in memory (credentials as ciphertext, keys as keyed hashes).
   * For tests that check what is stored at rest.
   */
  dumpAtRest(): string {
    const integrations = [...this.data.values()].map((d) => ({
      record: d.record,
      credentials: d.credentials,
      tables: [...d.tables.values()].map((t) => [...t.rows()].map((r) => t.record(r))),
      feed: d.feed.slice(0, d.feed.length),
      checkpoints: [...d.checkpoints],
      runs: [...d.runs.values()],
      ledger: [...d.ledger],
    }));
    return JSON.stringify({
      integrations,
      apiKeys: [...this.keys.values()],
      webhooks: this.webhooks.dump(),
      connectLinks: this.connectLinks.dump(),
    });
  }

  async commitPage(commit: PageCommit): Promise<CommitResult> {
    validatePageCommit(commit);
    const d = this.require(commit.integrationId);
    const run = commit.runId === undefined ? undefined : d.runs.get(commit.runId);
    if (commit.runId !== undefined && !run) {
      throw inputInvalid("page commit", [{ path: "runId", message: `no run ${commit.runId}` }]);
    }
    const table = d.table(commit.model);
    const at = commit.at;
    // Encoding copies each record once (and throws, as structuredClone would, on what cannot be
    // copied) before anything is written.
    const inputs = commit.records.map((input) => ({
      input,
      hash: hashOf(input),
      encoded: table.encode(input),
    }));
    // Everything below is synchronous: no other call can observe a half-applied page.
    const result: CommitResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, changes: [] };
    const changed: Change[] = [];

    for (const { input, hash, encoded } of inputs) {
      const old = table.get(input.id);
      if (old && old.hash === hash && old.deletedAt === null) {
        result.unchanged += 1;
        // A payload-only change (remote_data, vendor timestamps, key order) is stored as is.
        if (!sameEncoding(old, encoded)) table.replace(old, encoded);
        continue;
      }
      if (old) {
        const before = snapshot(old);
        table.replace(old, encoded);
        old.hash = hash;
        old.changedAt = at;
        old.deletedAt = null;
        old.treeChangedAt = maxIso(old.treeChangedAt, at);
        result.updated += 1;
        changed.push({ kind: "updated", row: old, before });
      } else {
        const row = new Row(
          input.id,
          input.remote_id,
          hash,
          encoded.fields,
          encoded.payload,
          encoded.refs,
          at,
          null,
          at,
        );
        table.insert(row);
        result.inserted += 1;
        changed.push({ kind: "inserted", row, before: null });
      }
    }
    for (const id of commit.deletions ?? []) {
      const old = table.get(id);
      if (!old || old.deletedAt !== null) continue;
      old.changedAt = at;
      old.deletedAt = at;
      old.treeChangedAt = maxIso(old.treeChangedAt, at);
      result.deleted += 1;
      changed.push({ kind: "deleted", row: old, before: snapshot(old) });
    }

    for (const change of changed) this.propagate(d, table, change, at);
    const order: TreeChange[] = ["inserted", "updated", "deleted"];
    for (const kind of order) {
      for (const c of changed) {
        if (c.kind !== kind) continue;
        result.changes.push(d.feed.append(commit.model, c.row.id, c.row.remoteId, FEED_KIND[kind], at));
      }
    }
    if (changed.length > 0) this.webhooks.noteChanges(commit.integrationId, commit.model, at);
    if (commit.checkpoint) setOrDelete(d.checkpoints, commit.checkpoint.stream, commit.checkpoint.value);
    if (run) {
      const prev = run.counts[commit.model] ?? { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
      run.counts[commit.model] = {
        inserted: prev.inserted + result.inserted,
        updated: prev.updated + result.updated,
        unchanged: prev.unchanged + result.unchanged,
        deleted: prev.deleted + result.deleted,
      };
    }
    return result;
  }

  async close(): Promise<void> {
    this.data.clear();
    this.keys.clear();
  }

  /** Moves `tree_changed_at` of records whose nested child changed (`TREE_RULES`). */
  private propagate(d: IntegrationData, table: RecordTable, change: Change, at: string): void {
    for (const rule of TREE_RULES) {
      if (rule.changed !== table.model || !rule.on.includes(change.kind)) continue;
      const target = d.table(rule.bumps);
      const ids = new Set<string>();
      if (rule.via.from === "changed") {
        for (const state of [change.before, change.row]) {
          const v = state === null ? undefined : table.valueOf(state, change.row, rule.via.field);
          if (typeof v === "string") ids.add(v);
        }
      } else {
        for (const id of target.idsReferencing(rule.via.field, change.row.id)) ids.add(id);
      }
      for (const id of ids) {
        const row = target.get(id);
        if (row) row.treeChangedAt = maxIso(row.treeChangedAt, at);
      }
    }
  }

  private require(integrationId: string): IntegrationData {
    const d = this.data.get(integrationId);
    if (!d) throw new AtsyncError("PLATFORM.INTEGRATION_NOT_FOUND", `Integration ${integrationId} not found`);
    return d;
  }

  /** The integration's data, or null for an unknown integration (reads of unknown integrations see nothing). */
  private find(integrationId: string): IntegrationData | null {
    return this.data.get(integrationId) ?? null;
  }

  private recordStore(): RecordStore {
    return {
      get: async (integrationId, model, id) => {
        assertModelKey(model);
        const table = this.find(integrationId)?.table(model);
        const row = table?.get(id);
        return table && row ? table.record(row) : null;
      },
      getMany: async (integrationId, model, ids) => {
        assertModelKey(model);
        const table = this.find(integrationId)?.table(model);
        if (!table) return [];
        const out: StoredRecordWithTree[] = [];
        for (const id of new Set(ids)) {
          const row = table.get(id);
          if (row) out.push(table.record(row));
        }
        return out;
      },
      list: async (integrationId, model, query): Promise<ListPage<StoredRecordWithTree>> => {
        validateListQuery(model, query);
        const afterId = query.cursor ? cursorId(query.cursor) : null;
        const d = this.find(integrationId);
        if (!d) return { results: [], next: null };
        const table = d.table(model);
        const rows = table.scan(query, afterId, query.page_size + 1, (m) => d.table(m));
        const page = rows.slice(0, query.page_size);
        const last = page[page.length - 1];
        return {
          results: page.map((r) => table.record(r)),
          next: rows.length > query.page_size && last ? encodeCursor({ after: last.id }) : null,
        };
      },
      listRemoteIds: (integrationId, model, pageSize = 1000) => {
        assertModelKey(model);
        const table = this.find(integrationId)?.table(model);
        return (async function* () {
          if (!table) return;
          const ids = [...table.rows()]
            .filter((r) => r.deletedAt === null)
            .map((r) => r.remoteId)
            .sort();
          for (let i = 0; i < ids.length; i += pageSize) yield ids.slice(i, i + pageSize);
        })();
      },
      count: async (integrationId, model, options = {}) => {
        assertModelKey(model);
        const table = this.find(integrationId)?.table(model);
        if (!table) return 0;
        if (options.includeDeleted) return table.size;
        let n = 0;
        for (const row of table.rows()) if (row.deletedAt === null) n += 1;
        return n;
      },
    };
  }

  private integrationStore(): IntegrationStore {
    return {
      create: async (integration, credentials, events) => {
        const [tool, rest] = integration.id.split(":");
        if (tool !== integration.tool || !rest) {
          throw inputInvalid("integration", [{ path: "id", message: `must be "${integration.tool}:<id>"` }]);
        }
        if (this.data.has(integration.id)) {
          throw inputInvalid("integration", [
            { path: "id", message: `integration ${integration.id} already exists` },
          ]);
        }
        const settings = parseIntegrationSettings(integration.settings);
        const ciphertext = this.cipher.encrypt(integration.id, credentials);
        const data = new IntegrationData({ ...structuredClone(integration), settings }, ciphertext);
        const appended = events?.(structuredClone(data.record)) ?? [];
        this.data.set(integration.id, data);
        this.webhooks.appendNow(appended);
      },
      get: async (id) => {
        const d = this.find(id);
        return d ? structuredClone(d.record) : null;
      },
      list: async () =>
        [...this.data.values()]
          .map((d) => structuredClone(d.record))
          .sort((a, b) => a.created_at.localeCompare(b.created_at)),
      update: async (id, patch: IntegrationPatch, at, events) => {
        const { settings, ...rest } = patch;
        const parsed = settings === undefined ? {} : parseIntegrationSettings(settings);
        const d = this.require(id);
        const record: IntegrationRecord = {
          ...d.record,
          ...structuredClone(rest),
          settings: { ...d.record.settings, ...parsed },
          updated_at: at,
        };
        const appended = events?.(structuredClone(record)) ?? [];
        d.record = record;
        this.webhooks.appendNow(appended);
        return structuredClone(d.record);
      },
      setCredentials: async (id, credentials, at) => {
        const d = this.require(id);
        d.credentials = this.cipher.encrypt(id, credentials);
        d.record = { ...d.record, updated_at: at };
      },
      getCredentials: async (id) => this.cipher.decrypt(id, this.require(id).credentials),
      delete: async (id, events) => {
        const d = this.data.get(id);
        if (!d) return false;
        const appended = events?.(structuredClone(d.record)) ?? [];
        this.data.delete(id);
        this.webhooks.forgetChanges(id);
        this.webhooks.appendNow(appended);
        return true;
      },
    };
  }

  private syncStateStore(): SyncStateStore {
    return {
      getCheckpoint: async (integrationId, stream) =>
        this.find(integrationId)?.checkpoints.get(stream) ?? null,
      setCheckpoint: async (integrationId, stream, value) => {
        setOrDelete(this.require(integrationId).checkpoints, stream, value);
      },
      listCheckpoints: async (integrationId, prefix = "") => {
        const out: Record<string, string> = {};
        for (const [k, v] of this.find(integrationId)?.checkpoints ?? [])
          if (k.startsWith(prefix)) out[k] = v;
        return out;
      },
      clearCheckpoints: async (integrationId, prefix) => {
        const cps = this.find(integrationId)?.checkpoints;
        for (const k of [...(cps?.keys() ?? [])]) if (k.startsWith(prefix)) cps?.delete(k);
      },
      createRun: async (run) => {
        const d = this.require(run.integration_id);
        if (d.runs.has(run.id))
          throw inputInvalid("sync run", [{ path: "id", message: `run ${run.id} exists` }]);
        d.runs.set(run.id, structuredClone(run));
      },
      updateRun: async (integrationId, runId, patch: SyncRunPatch, events) => {
        const d = this.require(integrationId);
        const run = d.runs.get(runId);
        if (!run) throw inputInvalid("sync run", [{ path: "id", message: `no run ${runId}` }]);
        const updated: SyncRun = { ...run, ...structuredClone(patch) };
        const appended = events?.(structuredClone(updated)) ?? [];
        Object.assign(run, updated);
        this.webhooks.appendNow(appended);
        return structuredClone(run);
      },
      getRun: async (integrationId, runId) => {
        const run = this.find(integrationId)?.runs.get(runId);
        return run ? structuredClone(run) : null;
      },
      listRuns: async (integrationId, options = {}) =>
        [...(this.find(integrationId)?.runs.values() ?? [])]
          .reverse()
          .filter(
            (r) =>
              (options.types?.includes(r.type) ?? true) && (options.statuses?.includes(r.status) ?? true),
          )
          .slice(0, options.limit ?? 50)
          .map((r) => structuredClone(r)),
      track: async (integrationId, entries) => {
        const d = this.require(integrationId);
        let added = 0;
        for (const e of entries) {
          assertModelKey(e.model);
          let byRemote = d.tracked.get(e.model);
          if (!byRemote) {
            byRemote = new Map();
            d.tracked.set(e.model, byRemote);
          }
          if (byRemote.has(e.remote_id)) continue;
          byRemote.set(e.remote_id, { ...e });
          added += 1;
        }
        return added;
      },
      listTracked: async (integrationId, model) => {
        assertModelKey(model);
        return [...(this.find(integrationId)?.tracked.get(model)?.values() ?? [])].map((e) => ({ ...e }));
      },
    };
  }

  private changeFeedPort(): ChangeFeed {
    return {
      changesSince: async (integrationId, cursor, limit = 1000) => {
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
          throw inputInvalid("change feed query", [
            { path: "limit", message: "must be an integer from 1 to 10000" },
          ]);
        }
        let from = 0;
        if (cursor !== null) {
          from = Number(cursor);
          if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(from)) {
            throw inputInvalid("change feed query", [
              { path: "cursor", message: "not a cursor of this feed" },
            ]);
          }
        }
        const entries = this.find(integrationId)?.feed.slice(from, from + limit) ?? [];
        return {
          entries,
          cursor: entries.length > 0 ? (entries[entries.length - 1] as ChangeEntry).cursor : cursor,
        };
      },
    };
  }

  private ledgerPort(): ActionLedger {
    return {
      reserve: async (integrationId, key, fingerprint): Promise<ReserveResult> => {
        const ledger = this.require(integrationId).ledger;
        const entry = ledger.get(key);
        if (!entry) {
          ledger.set(key, { fingerprint, outcome: null });
          return { state: "reserved" };
        }
        if (entry.fingerprint !== fingerprint) return { state: "mismatch" };
        return entry.outcome
          ? { state: "completed", outcome: structuredClone(entry.outcome) }
          : { state: "in_progress" };
      },
      complete: async (integrationId, key, outcome) => {
        const entry = this.require(integrationId).ledger.get(key);
        if (!entry)
          throw inputInvalid("idempotency key", [{ path: "key", message: `${key} is not reserved` }]);
        entry.outcome = structuredClone(outcome);
      },
      release: async (integrationId, key) => {
        this.find(integrationId)?.ledger.delete(key);
      },
    };
  }

  private apiKeyStore(): ApiKeyStore {
    const byHash = (hash: string) => [...this.keys.values()].find((k) => k.hash === hash);
    return {
      create: async (record, digest) => {
        const hash = this.cipher.apiKeyHash(digest);
        if (this.keys.has(record.id) || byHash(hash)) {
          throw inputInvalid("API key", [{ path: "id", message: "an API key with this id or key exists" }]);
        }
        this.keys.set(record.id, { record: { ...record }, hash });
      },
      findByDigest: async (digest) => {
        const found = byHash(this.cipher.apiKeyHash(digest));
        return found ? { ...found.record } : null;
      },
      list: async () => [...this.keys.values()].map((k) => ({ ...k.record })),
      revoke: async (id, at) => {
        const k = this.keys.get(id);
        if (!k) return false;
        k.record.revoked_at ??= at;
        return true;
      },
    };
  }
}

const FEED_KIND: Record<TreeChange, ChangeKind> = {
  inserted: "created",
  updated: "updated",
  deleted: "deleted",
};

/** A record this commit inserted, updated or marked deleted. */
interface Change {
  kind: TreeChange;
  /** The row as the commit left it. */
  row: Row;
  /** Its data before the commit (null for an inserted record). */
  before: EncodedRecord | null;
}

/** The data a row holds now (its strings are immutable, so this is the state before a change). */
function snapshot(row: Row): EncodedRecord {
  return { fields: row.fields, payload: row.payload, refs: row.refs };
}

/** `contentHash` of a record as its 32 bytes in a one-byte string (what a row keeps). */
function hashOf(record: RecordInput): string {
  return Buffer.from(contentHash(record), "hex").toString("latin1");
}

function maxIso(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}

function setOrDelete(map: Map<string, string>, key: string, value: string | null): void {
  if (value === null) map.delete(key);
  else map.set(key, value);
}

function cursorId(cursor: string): string {
  const { after } = decodeCursor(cursor);
  if (typeof after !== "string") {
    throw new AtsyncError(
      "PLATFORM.INPUT_INVALID",
      "Invalid cursor: pass back the `next` value of the previous page",
    );
  }
  return after;
}

/** A new in-memory storage (see `MemoryStorage`). */
export function createMemoryStorage(options: MemoryStorageOptions): MemoryStorage {
  return new MemoryStorage(options);
}
