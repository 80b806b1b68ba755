/**
 * @atsync/connector-icims — the iCIMS connector. The simulator its tests run against is a
 * package of its own, `@atsync/icims-simulator`.
 */
export { icimsConnector } from "./connector.js";
export {
  type IcimsCredentials,
  IcimsCredentialsSchema,
  type IcimsSettings,
  IcimsSettingsSchema,
} from "./credentials.js";
