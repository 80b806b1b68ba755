import { greenhouseConnector } from "@atsync/connector-greenhouse";
import { icimsConnector } from "@atsync/connector-icims";
import type { ConnectorDefinition } from "@atsync/core";
import { createGreenhouseSimulator, type GreenhouseSimulator } from "@atsync/greenhouse-simulator";
import { createIcimsSimulator, DEMO_TENANT_OPTIONS, type IcimsSimulator } from "@atsync/icims-simulator";
import type { DemoConfig } from "./config.js";

/** Every connector the demo offers (its connect page lets the user pick one). */
export const DEMO_CONNECTORS = [icimsConnector, greenhouseConnector] as ConnectorDefinition<unknown>[];

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

/** The demo's second tool: a Greenhouse Harvest v3 simulator tenant beside the iCIMS one. */
export interface GreenhouseTenant {
  /** The Greenhouse connector. */
  connector: ConnectorDefinition<unknown>;
  /** Credentials reaching the simulator (never logged). */
  credentials: Record<string, unknown>;
  /** One line saying what the tenant is, without secrets. */
  label: string;
  /** The running simulator. */
  simulator: GreenhouseSimulator;
  /** Stops the simulator. */
  close(): Promise<void>;
}

/**
 * Starts the Greenhouse simulator tenant shown beside the iCIMS one: a tenth of the configured
 * iCIMS sizes (at least 5 jobs, 50 candidates), same seed, a rate limit generous enough for the
 * demo's syncs.
 */
export async function openGreenhouseTenant(config: DemoConfig): Promise<GreenhouseTenant> {
  const { seed } = config.simulator;
  const jobs = Math.max(5, Math.ceil(config.simulator.jobs / 10));
  const candidates = Math.max(50, Math.ceil(config.simulator.people / 10));
  const applications = Math.min(
    candidates * jobs,
    Math.max(50, Math.ceil(config.simulator.applications / 10)),
  );
  const simulator = await createGreenhouseSimulator({
    seed,
    jobs,
    candidates,
    applications,
    rateLimit: { limit: 10_000, windowS: 30 },
  });
  return {
    connector: greenhouseConnector as ConnectorDefinition<unknown>,
    credentials: { ...simulator.credentials, apiUrl: simulator.baseUrl, tokenUrl: simulator.tokenUrl },
    label: `Greenhouse simulator at ${simulator.baseUrl} (seed ${seed}: ${jobs} jobs, ${candidates} candidates, ${applications} applications)`,
    simulator,
    close: () => simulator.close(),
  };
}
