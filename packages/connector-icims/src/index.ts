/**
 * @atsync/connector-icims — the iCIMS connector. The simulator lives under the
 * `@atsync/connector-icims/simulator` subpath export.
 */
export const CONNECTOR_ICIMS_STATUS = "planned" as const;
