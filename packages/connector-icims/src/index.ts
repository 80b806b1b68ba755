/**
 * @atsync/connector-icims — the iCIMS connector. The simulator lives under the
 * `@atsync/icims-simulator` subpath export.
 */
export { icimsConnector } from "./connector.js";
export { type IcimsCredentials, IcimsCredentialsSchema } from "./credentials.js";
