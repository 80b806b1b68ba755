/**
 * `@atsync/core` — what a host embedding atsync needs (docs/embedding.md): `createAtsync` and the
 * host API it returns, its options, errors, events and webhook signing, the unified model and the
 * read results. Connector authors import `@atsync/core/connector`, storage and queue backend
 * authors `@atsync/core/storage`; the HTTP surface is `@atsync/core/http`, test suites and
 * fixtures `@atsync/core/testing`.
 */
import "reflect-metadata";

export type { ActionCallOptions, ActionResponse } from "./actions/action-service.js";
export { MAX_ATTACHMENT_BYTES } from "./actions/attachment-files.js";
export { API_KEY_PREFIX, type ApiKeysApi } from "./api/api-keys.js";
export type { AtsApi, KomboPage, KomboResource, ResourceReader } from "./api/ats.js";
export type {
  CustomFieldDefinition,
  FieldsApi,
  KomboCustomField,
  KomboIntegrationField,
} from "./api/fields.js";
export type {
  ConnectIntegrationInput,
  IntegrationDetails,
  IntegrationsApi,
  ModelSyncStatus,
} from "./api/integrations.js";
export type { SyncApi, SyncStatus } from "./api/sync.js";
export { configuredEndpointId, type WebhookEndpointConfig, type WebhooksApi } from "./api/webhooks.js";
export { type Clock, systemClock } from "./clock.js";
export {
  type ConnectLinksOptions,
  DEFAULT_CONNECT_LINK_TTL_MS,
  type IssuedLink,
  type LinkProblem,
} from "./connect/connect-links.js";
export type { QuotaSnapshot } from "./connector/budget.js";
export type { ConnectorDefinition } from "./connector/definition.js";
export type { VendorHttpOptions } from "./connector/http.js";
export type { ConnectorRegistry } from "./connector/registry.js";
export {
  type Atsync,
  type AtsyncOptions,
  createAtsync,
  type WebhookDeliveryOptions,
} from "./di/create-atsync.js";
export {
  AtsyncError,
  type AtsyncErrorOptions,
  ERROR_CODES,
  type ErrorCode,
  type ErrorKind,
  isAtsyncError,
} from "./errors.js";
export {
  type AtsyncEventMap,
  type AtsyncEventName,
  AtsyncEvents,
  type ConnectionFlowFailedEvent,
  type DataChangedEvent,
  type IntegrationCreatedEvent,
  type IntegrationDeletedEvent,
  type IntegrationStateChangedEvent,
  SYNC_STATES,
  type SyncFinishedEvent,
  type SyncProgressEvent,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_MODEL_NAMES,
  type WebhookAttemptEvent,
  type WebhookPayload,
} from "./events/events.js";
export { toolOfIntegrationId, unifiedId } from "./ids.js";
export { createRootLogger, type Logger, type LoggingOptions } from "./logging.js";
export * from "./model/index.js";
export type { PassthroughResponse } from "./passthrough/passthrough-service.js";
export { DEFAULT_READ_PAGE_SIZE, MAX_READ_PAGE_SIZE } from "./read/params.js";
export {
  type ApplicationCandidate,
  type ApplicationResult,
  type ApplicationStageResult,
  type CandidateApplication,
  type CandidateResult,
  type HiringTeamMemberResult,
  type JobPostingResult,
  type JobResult,
  type JobScreeningQuestionResult,
  type JobSummary,
  READ_RESOURCES,
  type ReadQuery,
  type ReadQueryInput,
  type ReadResource,
  type ReadResult,
  type ReadResults,
  type StageSummary,
  type UserResult,
} from "./read/resources.js";
export { InProcessQueue } from "./scheduler/in-process-queue.js";
export type { JobQueue, SyncJob } from "./scheduler/job-queue.js";
export type { ScheduleDefaults } from "./scheduler/plan.js";
export type { ForceSyncResult, SchedulerOptions, SyncScheduler } from "./scheduler/scheduler.js";
export type { ChangeEntry, ChangeKind, ChangePage } from "./storage/change-feed.js";
export type {
  EndUser,
  IntegrationRecord,
  IntegrationSettings,
  IntegrationStatus,
  SetupStatus,
} from "./storage/integrations.js";
export type { RecordInput, StoredRecord } from "./storage/records.js";
export type { AtsyncStorage } from "./storage/storage.js";
export type {
  ModelProgress,
  SyncRun,
  SyncRunProgress,
  SyncRunStatus,
  SyncType,
} from "./storage/sync-state.js";
export type {
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEventType,
} from "./storage/webhooks.js";
export {
  InProcessWebhookRunner,
  SIGNATURE_HEADER,
  signWebhook,
  WEBHOOK_DELIVERY_DEFAULTS,
  type WebhookDeliveryRunner,
  type WebhookDeliveryTiming,
} from "./webhooks/delivery.js";
