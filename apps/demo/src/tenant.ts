import { icimsConnector } from "@atsync/connector-icims";
import type { ConnectorDefinition } from "@atsync/core";
import { createIcimsSimulator, DEMO_TENANT_OPTIONS, type IcimsSimulator } from "@atsync/icims-simulator";
import type { DemoConfig } from "./config.js";

/** Calls per day the simulated tenant allows: enough for many full syncs of the default sizes. */
const SIMULATOR_DAILY_QUOTA = 1_000_000;

/** The iCIMS account the demo integration connects to: the simulator or a real tenant. */
export interface DemoTenant {
  /** The connector of the demo integration. */
  connector: ConnectorDefinition<unknown>;
  /** Credentials of the demo integration (never logged). */
  credentials: Record<string, unknown>;
  /** The connector's settings of the demo integration (`settings.connector`). */
  settings: Record<string, unknown>;
  /** One line saying what the tenant is, without secrets. */
  label: string;
  /** The running simulator, or null for a real tenant. */
  simulator: IcimsSimulator | null;
  /** Stops the simulator (no-op for a real tenant). */
  close(): Promise<void>;
}

/**
 * Opens the tenant the config names: real iCIMS when `icimsCredentials` is set, otherwise a
 * freshly started, seeded simulator of the configured sizes.
 */
export async function openTenant(config: DemoConfig): Promise<DemoTenant> {
  const connector = icimsConnector as ConnectorDefinition<unknown>;
  if (config.icimsCredentials) {
    const { customerId, region } = config.icimsCredentials;
    return {
      connector,
      credentials: config.icimsCredentials,
      settings: config.icimsSettings,
      label: `iCIMS customer ${String(customerId)} (region ${String(region)})`,
      simulator: null,
      close: async () => {},
    };
  }
  const { seed, jobs, people, applications } = config.simulator;
  const simulator = await createIcimsSimulator({
    ...DEMO_TENANT_OPTIONS,
    seed,
    jobs,
    people,
    applications,
    dailyQuota: SIMULATOR_DAILY_QUOTA,
  });
  return {
    connector,
    credentials: simulator.connectorCredentials,
    settings: simulator.connectorSettings,
    label: `iCIMS simulator at ${simulator.baseUrl} (seed ${seed}: ${jobs} jobs, ${people} people, ${applications} applications)`,
    simulator,
    close: () => simulator.close(),
  };
}
