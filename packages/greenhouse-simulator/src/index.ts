/**
 * @atsync/greenhouse-simulator — a local Greenhouse Harvest v3 server for tests, the demo and benchmarks.
 * See the package README for routes, options, stats keys and the decisions it follows.
 */
export type { GreenhouseCredentials } from "./auth.js";
export type { ErrorBurst, FaultCounts, FaultOptions, FaultTarget, RateLimitStorm } from "./faults.js";
export { NO_FAULTS } from "./faults.js";
export type { RateLimitOptions } from "./ratelimit.js";
export type {
  GreenhouseSimulator,
  GreenhouseSimulatorOptions,
  GreenhouseSimulatorState,
} from "./simulator.js";
export { createGreenhouseSimulator } from "./simulator.js";
export type { ResourceName, Row } from "./tenant.js";
export { RESOURCES } from "./tenant.js";
