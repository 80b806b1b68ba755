/**
 * @atsync/connector-greenhouse — the Greenhouse (Harvest API v3) connector. The simulator its
 * tests run against is a package of its own, `@atsync/greenhouse-simulator`.
 */
export { greenhouseConnector } from "./connector.js";
export { GREENHOUSE_COVERAGE, GREENHOUSE_FUTURE_ACTIONS } from "./coverage.js";
export {
  type GreenhouseCredentials,
  GreenhouseCredentialsSchema,
  type GreenhouseSettings,
  GreenhouseSettingsSchema,
} from "./credentials.js";
