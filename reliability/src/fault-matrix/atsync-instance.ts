import { icimsConnector } from "@atsync/connector-icims";
import { type Atsync, type AtsyncStorage, type Clock, createAtsync } from "@atsync/core";
import type { IcimsSimulator } from "@atsync/icims-simulator";

/** Vendor HTTP settings of every atsync instance of the matrix: 3 retries, quick backoff. */
export const MATRIX_HTTP = { retryLimit: 3, backoffBaseMs: 2, timeoutMs: 1500 } as const;

/** Key credentials are encrypted with in the matrix's storages. */
export const MATRIX_ENCRYPTION_KEY = "7".repeat(64);

/** Connects the matrix's iCIMS integration through `atsync`. */
export async function connectIcims(atsync: Atsync, sim: IcimsSimulator): Promise<string> {
  const integration = await atsync.integrations.connect({
    tool: "icims",
    credentials: sim.connectorCredentials,
    settings: { createdApplicationsOnly: false, connector: sim.connectorSettings },
  });
  return integration.id;
}

/** Puts an integration back to ACTIVE (fresh credentials) when it is not; returns its status before. */
export async function reactivateIcims(
  atsync: Atsync,
  integrationId: string,
  sim: IcimsSimulator,
): Promise<string> {
  const { status } = await atsync.integrations.get(integrationId);
  if (status !== "ACTIVE")
    await atsync.integrations.updateCredentials(integrationId, sim.connectorCredentials);
  return status;
}

/** An atsync instance of the matrix on `storage`. */
export function matrixAtsync(storage: AtsyncStorage, clock: Clock): Atsync {
  return createAtsync({ storage, connectors: [icimsConnector], clock, http: MATRIX_HTTP });
}
