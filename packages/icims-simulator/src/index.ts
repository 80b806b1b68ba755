/**
 * @atsync/icims-simulator — a local iCIMS REST server for tests, the demo and benchmarks.
 * See the package README for routes, options, stats keys and the design decisions it follows.
 */
export type { IcimsSimulatorCredentials, TokenRateLimit } from "./auth.js";
export type { ProfileType } from "./data/schema.js";
export type {
  EventAuthOptions,
  EventDeliveryStats,
  EventNotificationOptions,
  EventPayload,
} from "./events/notifier.js";
export { signHmac as signIcimsHmac } from "./events/notifier.js";
export type { ErrorBurst, FaultCounts, FaultOptions, FaultTarget, RateLimitStorm } from "./faults.js";
export { NO_FAULTS } from "./faults.js";
export {
  DEMO_TENANT_OPTIONS,
  type IcimsRegion,
  type IcimsSimulatorOptions,
  type SchemaApiStatus,
} from "./options.js";
export type { QuotaSnapshot } from "./quota.js";
export type { IcimsSimulator } from "./simulator.js";
export { createIcimsSimulator } from "./simulator.js";
export type { IcimsListNode, IcimsSimulatorState, SimMutation, SimRecord } from "./state.js";
export { candidateIds } from "./truth.js";
