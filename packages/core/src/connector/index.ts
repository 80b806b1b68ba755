/**
 * `@atsync/core/connector` — what a connector author needs (docs/writing-a-connector.md): the
 * definition and session contract, the HTTP client core hands a session and its error mapping,
 * the call budget, the unified model a connector maps onto, and the kit (reader helpers, paging,
 * dispatch, bearer tokens).
 */
import "reflect-metadata";

export { type Clock, systemClock } from "../clock.js";
export {
  AtsyncError,
  type AtsyncErrorOptions,
  ERROR_CODES,
  type ErrorCode,
  type ErrorKind,
  inputInvalid,
  isAtsyncError,
  parseInput,
} from "../errors.js";
export { createRootLogger, type Logger } from "../logging.js";
export * from "../model/index.js";
export type { DiscoveredField } from "../storage/field-config.js";
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
} from "./actions.js";
export { CallBudget, type QuotaBudget, type QuotaSnapshot } from "./budget.js";
export { defineConnector } from "./define.js";
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
} from "./definition.js";
export {
  createHttpClient,
  type HttpCallContext,
  type HttpClient,
  type HttpClientOptions,
  parseRateLimitHeaders,
  retryAfterMs,
  toAtsyncError,
  type VendorHttpOptions,
} from "./http.js";
export * from "./kit/index.js";
export { joinPassthroughPath } from "./passthrough-path.js";
export { remoteRecordSchema, toRecordInput } from "./remote-record.js";
export type {
  ConnectorSession,
  GoneRecord,
  PassthroughCall,
  PassthroughResult,
  ReadOptions,
  RecordPage,
  RemoteRecord,
} from "./session.js";
export type {
  SignedVendorRequest,
  VendorEvent,
  VendorEventAuth,
  VendorEventsDefinition,
} from "./vendor-events.js";
