/**
 * `@atsync/core/storage` — what a storage or queue backend author needs (docs/storage.md): the
 * storage ports and their record types, validation and encoding helpers every backend shares, the
 * model registry (schemas, references, tree rules), the queue and webhook-runner ports.
 */
import "reflect-metadata";

export { AtsyncError, inputInvalid, isAtsyncError } from "../errors.js";
export { newIntegrationId, unifiedId } from "../ids.js";
export type { Logger } from "../logging.js";
export { MODEL_KEYS, type ModelKey } from "../model/common.js";
export {
  MODELS,
  type ModelDefinition,
  type ModelReference,
  TREE_RULES,
  type TreeChange,
  type TreeRule,
} from "../model/registry.js";
export { type ReadListOptions, ReadService } from "../read/read-service.js";
export type { JobQueue, RefreshJobHandler, SyncJob, SyncJobHandler } from "../scheduler/job-queue.js";
export type { WebhookDeliveryRunner, WebhookDrain } from "../webhooks/delivery.js";
export type { ApiKeyRecord, ApiKeyStore } from "./api-keys.js";
export type { ChangeEntry, ChangeFeed, ChangeKind, ChangePage } from "./change-feed.js";
export type { ConnectLinkKind, ConnectLinkRecord, ConnectLinkStore } from "./connect-links.js";
export {
  type CredentialCipher,
  canonicalJson,
  contentHash,
  createCredentialCipher,
  decodeCursor,
  encodeCursor,
  type HashedJson,
  hashAndSerialize,
  hashApiKey,
} from "./encoding.js";
export type {
  CustomFieldMapping,
  DiscoveredField,
  FieldConfigStore,
  IntegrationFieldRecord,
} from "./field-config.js";
export {
  type EndUser,
  type IntegrationPatch,
  type IntegrationRecord,
  type IntegrationSettings,
  IntegrationSettingsSchema,
  type IntegrationStatus,
  type IntegrationStore,
  parseIntegrationSettings,
  type SetupStatus,
} from "./integrations.js";
export type { ActionLedger, ActionOutcome, ReserveResult } from "./ledger.js";
export {
  type ListPage,
  type ListQuery,
  MAX_COMMIT_SIZE,
  MAX_LIST_PAGE_SIZE,
  type RecordFilter,
  type RecordInput,
  type RecordStore,
  type StoredRecord,
  type StoredRecordWithTree,
  type WriteCounts,
} from "./records.js";
export type { AtsyncStorage, CommitResult, PageCommit } from "./storage.js";
export {
  EMPTY_PROGRESS,
  type ModelProgress,
  type SyncRun,
  type SyncRunPatch,
  type SyncRunProgress,
  type SyncRunStatus,
  type SyncStateStore,
  type SyncType,
  type TrackedEntry,
} from "./sync-state.js";
export { assertModelKey, recordInputSchema, validateListQuery, validatePageCommit } from "./validate.js";
export {
  type InboxEvent,
  MAX_EVENT_TARGETS,
  MAX_EVENT_TEXT,
  type PendingRefresh,
  type RefreshTarget,
  type VendorEventInbox,
  validateInboxEvent,
} from "./vendor-events.js";
export type {
  ClaimedDelivery,
  DeliveryOutcome,
  DeliveryPage,
  DeliveryQuery,
  OutboxEvent,
  OutboxEvents,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEventType,
  WebhookOutbox,
} from "./webhooks.js";
export { openWebhookSecret, sealWebhookSecret } from "./webhooks.js";
