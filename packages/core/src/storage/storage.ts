import type { ModelKey } from "../model/common.js";
import type { ApiKeyStore } from "./api-keys.js";
import type { ChangeEntry, ChangeFeed } from "./change-feed.js";
import type { ConnectLinkStore } from "./connect-links.js";
import type { FieldConfigStore } from "./field-config.js";
import type { IntegrationStore } from "./integrations.js";
import type { ActionLedger } from "./ledger.js";
import type { RecordInput, RecordStore, WriteCounts } from "./records.js";
import type { SyncStateStore } from "./sync-state.js";
import type { VendorEventInbox } from "./vendor-events.js";
import type { WebhookOutbox } from "./webhooks.js";

/** Everything one page of a sync writes, committed as one unit by `AtsyncStorage.commitPage`. */
export interface PageCommit {
  /** Integration written to; must exist. */
  integrationId: string;
  /** Model of every record and deletion in this commit. */
  model: ModelKey;
  /** Records to upsert (compared by content hash; unchanged ones keep `changed_at`). */
  records: readonly RecordInput[];
  /** Unified ids to mark `remote_deleted_at = at` (already-deleted and unknown ids are ignored). */
  deletions?: readonly string[];
  /** Checkpoint to store with the page, e.g. `{ stream: "delta:jobs", value: "2026-…" }`. */
  checkpoint?: { stream: string; value: string | null };
  /** Run whose per-model counts this commit adds to; the run must exist. */
  runId?: string;
  /** ISO timestamp of the commit: becomes `changed_at` of changed records and `at` of feed entries. */
  at: string;
}

/** What a commit did. */
export interface CommitResult extends WriteCounts {
  /** The change-feed entries written (inserted, updated and deleted records, in that order). */
  changes: ChangeEntry[];
}

/**
 * A storage backend: all ports plus the atomic page commit. Backends pass
 * `describeStorageConformance` from `@atsync/core/testing`.
 */
export interface AtsyncStorage {
  /** Record reads. */
  readonly records: RecordStore;
  /** Integrations and encrypted credentials. */
  readonly integrations: IntegrationStore;
  /** Checkpoints, runs, tracked set. */
  readonly syncState: SyncStateStore;
  /** Change feed reads. */
  readonly changeFeed: ChangeFeed;
  /** Idempotency ledger of write actions. */
  readonly actionLedger: ActionLedger;
  /** Hashed API keys. */
  readonly apiKeys: ApiKeyStore;
  /** Webhook endpoints, events and deliveries. */
  readonly webhooks: WebhookOutbox;
  /** Integration fields (discovered, passthrough flags) and custom-field mappings per integration. */
  readonly fields: FieldConfigStore;
  /** Links of the connect flow (token hashes only). */
  readonly connectLinks: ConnectLinkStore;
  /** Vendor event notifications seen (deduplication) and the records they ask to refresh. */
  readonly vendorEvents: VendorEventInbox;

  /**
   * Writes a page as one unit: upserts `records` with content-hash compare, marks `deletions`,
   * bumps `tree_changed_at` of records whose nested children changed (`TREE_RULES`), appends a
   * change-feed entry per inserted/updated/deleted record, records the model as a pending
   * `data-changed` input of the integration when any record changed (`WebhookOutbox.takeChanges`),
   * stores `checkpoint`, adds the counts to run `runId`. Either all of it is visible afterwards or none of it (also after a crash).
   * Validates first with `validatePageCommit`; throws `PLATFORM.INPUT_INVALID` (nothing written)
   * for an unknown model, too many entries, a record failing the model's schema, a record whose
   * id is not `unifiedId(integrationId, model, remote_id)`, duplicate ids in one page, and
   * `PLATFORM.INTEGRATION_NOT_FOUND` for an unknown integration. Strings containing U+0000 are
   * refused (SQL backends cannot store them).
   */
  commitPage(commit: PageCommit): Promise<CommitResult>;

  /** Releases connections/timers. The storage is unusable afterwards. */
  close(): Promise<void>;
}
