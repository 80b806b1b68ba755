import "reflect-metadata";

export type { ActionCallOptions, ActionResponse } from "./actions/action-service.js";
export { MAX_ATTACHMENT_BYTES } from "./actions/attachment-files.js";
export { API_KEY_PREFIX, type ApiKeysApi } from "./api/api-keys.js";
export type { AtsApi, KomboPage, KomboReader, KomboResource, ResourceReader } from "./api/ats.js";
export type {
  CustomFieldDefinition,
  FieldsApi,
  KomboCustomField,
  KomboIntegrationField,
} from "./api/fields.js";
export type { ConnectIntegrationInput, IntegrationDetails, IntegrationsApi } from "./api/integrations.js";
export type { SyncApi, SyncStatus } from "./api/sync.js";
export { configuredEndpointId, type WebhookEndpointConfig, type WebhooksApi } from "./api/webhooks.js";
export { type Clock, systemClock } from "./clock.js";
export {
  ConnectLinksApi,
  type ConnectLinksOptions,
  DEFAULT_CONNECT_LINK_TTL_MS,
  type IssuedLink,
  type LinkProblem,
} from "./connect/connect-links.js";
export {
  ActionIncompleteError,
  type ActionProgress,
  type ActionResult,
  type AttachmentActionInput,
  type AttachmentFile,
  type ConnectorActions,
  type CreateActionInput,
  type CreatedRemote,
  isActionIncomplete,
} from "./connector/actions.js";
export { CallBudget, type QuotaBudget, type QuotaSnapshot } from "./connector/budget.js";
export { defineConnector } from "./connector/define.js";
export {
  ACTION_KEYS,
  type ActionCoverage,
  type ActionKey,
  type ConnectionGuideStep,
  type ConnectorCapabilities,
  type ConnectorContext,
  type ConnectorCoverage,
  type ConnectorDefinition,
  type ModelCoverage,
  type Prerequisite,
} from "./connector/definition.js";
export {
  createHttpClient,
  type HttpCallContext,
  type HttpClient,
  type HttpClientOptions,
  parseRateLimitHeaders,
  retryAfterMs,
  toAtsyncError,
  type VendorHttpOptions,
} from "./connector/http.js";
export * from "./connector/kit/index.js";
export { joinPassthroughPath } from "./connector/passthrough-path.js";
export { ConnectorRegistry } from "./connector/registry.js";
export { remoteRecordSchema, toRecordInput } from "./connector/remote-record.js";
export type {
  ConnectorSession,
  GoneRecord,
  PassthroughCall,
  PassthroughResult,
  ReadOptions,
  RecordPage,
  RemoteRecord,
} from "./connector/session.js";
export {
  type Atsync,
  type AtsyncOptions,
  createAtsync,
  type WebhookDeliveryOptions,
} from "./di/create-atsync.js";
export { IntegrationRuntime } from "./di/integration-runtime.js";
export { TOKENS } from "./di/tokens.js";
export {
  AtsyncError,
  type AtsyncErrorOptions,
  defaultKind,
  ERROR_CODES,
  type ErrorCode,
  type ErrorKind,
  inputInvalid,
  isAtsyncError,
  parseInput,
} from "./errors.js";
export {
  type AtsyncEventMap,
  type AtsyncEventName,
  AtsyncEvents,
  type AtsyncEventsOptions,
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
export { base58, ID_LENGTH, newIntegrationId, toolOfIntegrationId, unifiedId } from "./ids.js";
export { createRootLogger, type Logger, type LoggingOptions, REDACT_PATHS } from "./logging.js";
export * from "./model/index.js";
export {
  MODELS,
  type ModelDefinition,
  type ModelReference,
  TREE_RULES,
  type TreeChange,
  type TreeRule,
} from "./model/registry.js";
export {
  addressRefusal,
  type FetchedBody,
  GuardedFetcher,
  type GuardedFetcherOptions,
  type GuardedFetchRequest,
} from "./net/guarded-fetch.js";
export type { PassthroughResponse } from "./passthrough/passthrough-service.js";
export { DEFAULT_READ_PAGE_SIZE, MAX_READ_PAGE_SIZE } from "./read/params.js";
export { type ReadListOptions, ReadService } from "./read/read-service.js";
export {
  type ApplicationCandidate,
  type ApplicationResult,
  type ApplicationStageResult,
  type CandidateApplication,
  type CandidateResult,
  type HiringTeamMemberResult,
  isReadResource,
  type JobPostingResult,
  type JobResult,
  type JobScreeningQuestionResult,
  type JobSummary,
  parseReadQuery,
  READ_QUERY_SCHEMAS,
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
export type { JobQueue, SyncJob, SyncJobHandler } from "./scheduler/job-queue.js";
export type { ScheduleDefaults } from "./scheduler/plan.js";
export { type ForceSyncResult, type SchedulerOptions, SyncScheduler } from "./scheduler/scheduler.js";
export * from "./storage/index.js";
export {
  DEFAULT_DELETION_CONFIRM_BUDGET,
  DEFAULT_DELETION_MINIMUM_COUNT,
  DEFAULT_DELETION_THRESHOLD,
  DEFAULT_DELTA_OVERLAP_MS,
  SyncEngine,
  type SyncOutcome,
  TRACKED_MODELS,
} from "./sync/engine.js";
export {
  InProcessWebhookRunner,
  SIGNATURE_HEADER,
  signWebhook,
  WEBHOOK_DELIVERY_DEFAULTS,
  type WebhookDeliveryRunner,
  type WebhookDeliveryTiming,
  type WebhookDrain,
} from "./webhooks/delivery.js";
