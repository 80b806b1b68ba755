import "reflect-metadata";

export { type Clock, systemClock } from "./clock.js";
export type { ActionResult, ConnectorActions } from "./connector/actions.js";
export { CallBudget, type QuotaBudget, type QuotaSnapshot } from "./connector/budget.js";
export { defineConnector, supportsAction } from "./connector/define.js";
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
  type HttpClient,
  type HttpClientOptions,
  parseRateLimitHeaders,
  retryAfterMs,
  toAtsyncError,
} from "./connector/http.js";
export { ConnectorRegistry } from "./connector/registry.js";
export type {
  ConnectorSession,
  PassthroughCall,
  PassthroughResult,
  ReadOptions,
  RecordPage,
  RemoteRecord,
} from "./connector/session.js";
export { type Atsync, type AtsyncOptions, createAtsync } from "./di/create-atsync.js";
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
} from "./errors.js";
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
export * from "./storage/index.js";
